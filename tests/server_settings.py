"""Settings of the production servers the tests start (tests/gunicorn.py): the production
settings unchanged but for STATIC_ROOT, the test run's own collected files, so that a run never
rewrites the staticfiles/ folder a `make serve` on this machine (or another run) serves from."""

import os

from config.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["QINGFENG_TEST_STATIC_ROOT"]
