"""A real production server for concurrency tests: gunicorn with 4 workers, as `make serve` runs.

It serves this test run's own database: a SQLite file on the default run, PostgreSQL on the
postgres run. Test modules import the ``server`` fixture from here.
"""

import fcntl
import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, host = settings["USER"] or "postgres", settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


LOG_NOTIFIER = "home.notifications.LogNotifier"


@pytest.fixture
def codes(tmp_path):
    """The verification code the ``server`` fixture's worker last sent to a number."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from register_load import CodeLog

    return CodeLog(tmp_path / "sms.log")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


STATIC_KEPT = 24 * 60 * 60  # seconds


def collected_static():
    """The production collectstatic of today's static files, made once and kept in
    test-artifacts/ under a fingerprint of its sources: compressing them takes seconds of CPU,
    so a run collects only when a static file changed, and two runs side by side (the SQLite and
    PostgreSQL passes of `make test`) collect once, the second waiting on the first's lock."""
    from django.contrib.staticfiles.finders import get_finders

    sources = sorted(
        (path, storage.path(path))
        for finder in get_finders()
        for path, storage in finder.list(["CVS", ".*", "*~"])
    )
    digest = hashlib.sha256()
    for name, location in sources:
        stat = os.stat(location)
        digest.update(f"{name}\0{location}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    folder = ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    target = folder / f"static-{digest.hexdigest()[:16]}"
    done = target / ".collected"
    with (folder / "static.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(target, ignore_errors=True)
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                cwd=ROOT,
                env={
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "tests.server_settings",
                    "QINGFENG_TEST_STATIC_ROOT": str(target),
                    "SECRET_KEY": secrets.token_urlsafe(50),
                    "ALLOWED_HOSTS": "127.0.0.1",
                },
                check=True,
            )
            done.touch()
            # Collections of static files changed since, unused for a day, go.
            for old in folder.glob("static-*"):
                marker = old / ".collected"
                kept = marker.exists() and time.time() - marker.stat().st_mtime < STATIC_KEPT
                if old != target and not kept:
                    shutil.rmtree(old, ignore_errors=True)
        done.touch()  # in use today
    return target


def wait_until_serving(base, process, log, seconds=60):
    """Wait (``seconds`` at most) until the server at ``base`` answers, an error page included;
    when its ``process`` ends first, its ``log`` (an open file) is the error."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - loopback only
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read()[-5000:]) from None
            time.sleep(0.3)


def end_database_sessions():
    """The stopped servers' database sessions can outlive them by a moment; the test database
    is emptied or dropped next."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="session")
def production_env():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.server_settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "QINGFENG_PLAIN_HTTP": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    env.pop("REDIS_URL", None)
    env["QINGFENG_TEST_STATIC_ROOT"] = str(collected_static())
    return env


@pytest.fixture
def start_server(production_env, tmp_path):
    """Start the production server and its message worker; keyword arguments are extra
    environment (a DATABASE_URL or REDIS_URL through a test's own proxy, say). ``workers``
    is gunicorn's worker count: 4 as in production, 1 when a test must know which worker
    answers. Answers the server's base URL; everything started is stopped when the test ends."""
    started = []

    def start(workers=4, **environment):
        port = free_port()
        log = (tmp_path / "gunicorn.log").open("w+")
        # The servers of one test share their cache folder (pages, the content version); the
        # next test, on a flushed database, starts with an empty one.
        env = {
            **production_env,
            "DATABASE_URL": database_url(),
            "QINGFENG_CACHE_DIR": str(tmp_path / "cache"),
            **environment,
        }
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi:application",
                "--pythonpath",
                "site",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
                # No control socket: its one default path ($HOME/.gunicorn/gunicorn.ctl) would be
                # taken over by each server started at once (the two passes of `make test`).
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # The message worker beside the servers, as `make serve` runs it: each text message it
        # sends is one line in sms.log, where residents' verification codes are read.
        worker = subprocess.Popen(
            [
                sys.executable,
                *("manage.py", "db_worker", "--backend", "messages", "--interval", "0.1"),
            ],
            cwd=ROOT,
            env={**env, "QINGFENG_SMS_ECHO": "1", "QINGFENG_NOTIFIER": LOG_NOTIFIER},
            stdout=(tmp_path / "sms.log").open("w"),
            stderr=(tmp_path / "worker.log").open("w"),
        )
        started.append((process, worker, log))
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, process, log)
        return base

    yield start
    # Every process is told to stop first, then waited for: their graceful stops overlap.
    for process, worker, _log in started:
        process.terminate()
        worker.terminate()
    for process, worker, log in started:
        process.wait(timeout=30)
        worker.wait(timeout=30)
        log.seek(0)
        print(log.read()[-3000:])
    if started:
        end_database_sessions()


@pytest.fixture
def server(start_server):
    """The production server on this test run's database, with its message worker."""
    return start_server()
