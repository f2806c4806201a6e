"""The one row-locking helper: a request that cannot get the lock in time is told to try again,
and nothing is written; once the lock is free the same request goes through."""

import pytest
from django.db import connection

from events import services
from events.models import Registration
from home import locking
from tests import factories
from tests.factories import phone
from tests.pg import other_connection

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
