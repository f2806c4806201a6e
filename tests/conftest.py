import os
import sys
from pathlib import Path

import pytest
from django.db import connection


def pytest_report_header(config):
    return f"database: {os.environ.get('DATABASE_URL') or 'SQLite (default)'}"


@pytest.fixture
def db_vendor(db):
    return connection.vendor


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def require_service(kind, url):
    """Skip with a printed reason when a local service is missing, but fail when CI is set."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from service_up import reachable

    if reachable(url, {"postgres": 5432, "redis": 6379}[kind]):
        return
    message = f"{kind} is not reachable at {url}"
    if os.environ.get("CI"):
        pytest.fail(message + " and CI is set")
    pytest.skip(message)
