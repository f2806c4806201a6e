"""The one row-locking helper: a request that cannot get the lock in time is told to try again,
and nothing is written; once the lock is free the same request goes through. A connection lost
while waiting for the lock is not "busy": it gets the site's 503 page, as any lost connection."""

import threading

import pytest
from django.db import connection
from django.test import Client

from events import services
from events.models import Registration
from home import locking
from tests import factories
from tests.factories import phone
from tests.pg import other_connection
from tests.test_faults import assert_busy_page

pytestmark = [
    pytest.mark.postgres,
    # Decided before the database is set up for the test, which SQLite would not need.
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks with a timeout are PostgreSQL's; SQLite queues whole writes",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_row_held_past_the_lock_timeout_gives_the_busy_error(monkeypatch):
    monkeypatch.setattr(locking, "LOCK_TIMEOUT_MS", 200)
    event = factories.event(factories.event_index(), capacity=5)
    with other_connection() as other, other.transaction():
        # Another request is deciding on this event's seats and has not finished.
        other.execute(
            "SELECT 1 FROM events_eventpage WHERE page_ptr_id = %s FOR UPDATE", [event.pk]
        )
        with pytest.raises(services.RegistrationError) as refused:
            services.register(event=event, name="王久余", phone=phone(1), consent=True)
        assert refused.value.reason == "busy"
        assert "请稍等片刻再试" in str(refused.value.message)
        assert not Registration.objects.exists()
    outcome = services.register(event=event, name="王久余", phone=phone(1), consent=True)
    assert outcome.created and outcome.registration.status == Registration.Status.CONFIRMED


def ask(client, event):
    """The first post, which sends the code; answers the fields with the code filled in."""
    data = {"name": "王久余", "phone": phone(1), "consent": "on"}
    return factories.with_code(client, event.url + "register/", data)


def test_the_resident_told_to_try_again_gets_a_503_that_says_when(client, monkeypatch):
    monkeypatch.setattr(locking, "LOCK_TIMEOUT_MS", 200)
    event = factories.event(factories.event_index(), capacity=5)
    data = ask(client, event)
    with other_connection() as other, other.transaction():
        other.execute(
            "SELECT 1 FROM events_eventpage WHERE page_ptr_id = %s FOR UPDATE", [event.pk]
        )
        response = client.post(event.url + "register/", data)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "请稍等片刻再试" in response.content.decode()
    assert not Registration.objects.exists()
    # The code was not used up: the same post goes through once the lock is free.
    assert client.post(event.url + "register/", data).status_code == 302
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


def test_a_connection_lost_while_waiting_for_the_lock_gets_the_busy_page():
    client = Client(raise_request_exception=False)
    event = factories.event(factories.event_index(), capacity=5)
    data = ask(client, event)
    ours = connection.connection.info.backend_pid
    with other_connection() as other, other.transaction():
        other.execute(
            "SELECT 1 FROM events_eventpage WHERE page_ptr_id = %s FOR UPDATE", [event.pk]
        )

        def end_ours():
            # The server ends the waiting request's connection, as a restart would.
            with other_connection() as third:
                third.execute("SELECT pg_terminate_backend(%s)", [ours])

        ending = threading.Timer(0.5, end_ours)
        ending.start()
        response = client.post(event.url + "register/", data)
        ending.join()
    assert_busy_page(response.status_code, response, response.content.decode())
    connection.close()
    assert not Registration.objects.exists()
