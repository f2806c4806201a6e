"""Settings for the `make backup` and `make restore` runs of tests/test_backup.py: development
settings (what the make targets use) with the test's own media folder, so that a restore never
writes into the repository's media/."""

import os

from config.settings.dev import *  # noqa: F403

MEDIA_ROOT = os.environ["QINGFENG_TEST_MEDIA_ROOT"]
