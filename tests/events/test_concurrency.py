"""Many residents registering at once against real gunicorn servers: no seat is sold twice.

The servers run the production settings (4 worker processes, as `make serve` does) against
this test run's own database: a SQLite file on the default run, PostgreSQL on the postgres run.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from events.models import Registration
from tests import factories

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from register_load import fire  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, host = settings["USER"] or "postgres", settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def production_env():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "QINGFENG_PLAIN_HTTP": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return env


@pytest.fixture
def server(production_env, tmp_path):
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w+")
    env = {**production_env, "DATABASE_URL": database_url()}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--pythonpath",
            "site",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - loopback only
            break
        except OSError:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read()) from None
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=30)
    if connection.vendor == "postgresql":
        # The workers' sessions can outlive them by a moment; the test database is dropped next.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
    log.seek(0)
    print(log.read()[-3000:])


def test_sixty_residents_for_twenty_seats(server):
    index = factories.event_index()
    event = factories.event(index, capacity=20, title="并发报名测试")

    run = fire(server, event.url, attempts=60, concurrency=30)

    assert run.errors() == [], run.outcomes()
    assert run.outcomes() == {"confirmed": 20, "waitlisted": 40}
    statuses = Registration.objects.filter(event=event).values_list("status", flat=True)
    assert sorted(statuses) == ["confirmed"] * 20 + ["waitlisted"] * 40
    # The waiting line is in the order the registrations were taken.
    line = list(Registration.objects.filter(event=event).waiting_line())
    assert [r.waiting_position() for r in line] == list(range(1, 41))


def test_the_same_phone_from_many_browsers_takes_one_seat(server):
    index = factories.event_index()
    event = factories.event(index, capacity=5)
    from concurrent.futures import ThreadPoolExecutor

    from register_load import attempt

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(lambda _: attempt(server, event.url, "13900009999"), range(12)))
    assert all(result.http_status == 200 for result in results), results
    assert Registration.objects.filter(event=event).count() == 1
