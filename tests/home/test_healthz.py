"""/healthz tells a load balancer or monitor whether the database and the cache answer: 200
when both do, 503 naming the one that does not. It holds nothing personal, writes no session
and is never cached."""

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# Nothing listens on port 1, so every cache call fails at once.
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_both_services_answering_is_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


def test_the_check_can_be_repeated_without_limit(client):
    for _attempt in range(150):
        assert client.get("/healthz").status_code == 200
    assert not Session.objects.exists()


def test_a_cache_that_does_not_answer_is_503_naming_the_cache(client, settings):
    settings.CACHES = DEAD_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


def test_a_database_that_does_not_answer_is_503_naming_the_database(client, monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refused)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}


def test_only_reading_is_allowed(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
