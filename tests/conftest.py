import os
import sys
from pathlib import Path

import pytest
from django.db import connection

# The gunicorn ``server`` fixture for the concurrency tests of every app.
pytest_plugins = ["tests.gunicorn"]


def pytest_sessionstart(session):
    """Remove SQLite test files left by runs that were stopped: a new test database beside an
    old -wal or -shm file fails with "disk I/O error" in other processes."""
    folder = Path(__file__).resolve().parents[1] / "test-artifacts"
    for path in folder.glob("test-*.sqlite3*"):
        pid = path.name.split("-")[1].split(".")[0]
        if not pid.isdigit() or not Path(f"/proc/{pid}").exists() or int(pid) == os.getpid():
            path.unlink(missing_ok=True)


def pytest_report_header(config):
    header = f"database: {os.environ.get('DATABASE_URL') or 'SQLite (default)'}"
    if os.environ.get("QINGFENG_TEST_NOW"):
        header += f"; the clock starts at {os.environ['QINGFENG_TEST_NOW']}"
    return header


def pytest_configure(config):
    """QINGFENG_TEST_NOW=2026-11-30T00:30+08:00 starts the whole run's clock at that moment
    (it then runs on), to find tests that pass or fail with the day they run on. Tests that
    freeze time themselves still do; servers started in other processes keep the real clock."""
    moment = os.environ.get("QINGFENG_TEST_NOW")
    if moment:
        import datetime

        import time_machine

        config._qingfeng_clock = time_machine.travel(
            datetime.datetime.fromisoformat(moment), tick=True
        )
        config._qingfeng_clock.start()


def pytest_unconfigure(config):
    clock = getattr(config, "_qingfeng_clock", None)
    if clock is not None:
        clock.stop()


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


CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture
def browser():
    """Headless Debian Chromium through Playwright; never downloads a browser of its own."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM} and CI is set")
        pytest.skip(f"Chromium is missing at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, which Django would otherwise refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield instance
        instance.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cached site chrome must not leak from one test to the next (rate-limit counters are
    rows in the database, rolled back with each test)."""
    from django.core.cache import caches

    for alias in ("default", "renditions"):
        caches[alias].clear()
    yield
