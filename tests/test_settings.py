"""Production settings: refuse to start half-configured, pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[1]


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "ALLOWED_HOSTS", "QINGFENG_PLAIN_HTTP")
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "example.org"}
    del env[missing]
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"缺少环境变量 {missing}" in result.stderr
    assert "Traceback" not in result.stderr


def test_deploy_checks_pass_with_nothing_silenced():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="qingfeng.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 silenced" in result.stdout


def test_plain_http_switch_turns_off_only_redirect_and_secure_cookies():
    script = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    result = manage(
        "shell",
        "-c",
        script,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        QINGFENG_PLAIN_HTTP="1",
    )
    assert result.stdout.strip().splitlines()[-1] == "False False False True False"


def test_database_url_is_honoured():
    script = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['OPTIONS'].get('transaction_mode'))"
    )
    result = manage(
        "shell",
        "-c",
        script,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        DATABASE_URL="sqlite:////tmp/qingfeng-check.sqlite3",
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "django.db.backends.sqlite3 /tmp/qingfeng-check.sqlite3 IMMEDIATE"
    )


def test_redis_cache_when_redis_url_is_set():
    """With REDIS_URL the cache is the shared Redis server, as several app servers need."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    require_service("redis", url)
    key = f"qingfeng-test-{secrets.token_hex(4)}"
    script = (
        "from django.core.cache import cache;"
        f"cache.set('{key}', 'shared', 30);"
        "import redis, os;"
        "r = redis.Redis.from_url(os.environ['REDIS_URL']);"
        f"print(len(r.keys('*{key}')), cache.get('{key}'))"
    )
    result = manage(
        "shell",
        "-c",
        script,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        REDIS_URL=url,
    )
    assert result.stdout.strip().splitlines()[-1] == "1 shared", result.stderr
