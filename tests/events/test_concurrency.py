"""Many residents registering at once against real gunicorn servers: no seat is sold twice.

The servers run the production settings (4 worker processes, as `make serve` does) against
this test run's own database: a SQLite file on the default run, PostgreSQL on the postgres run.
"""

import sys
from pathlib import Path

import pytest

from events.models import Registration
from tests import factories

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from register_load import fire  # noqa: E402

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sixty_residents_for_twenty_seats(server, codes):
    index = factories.event_index()
    event = factories.event(index, capacity=20, title="并发报名测试")

    # Each verifies the number with the code the worker sent it, then takes a seat.
    run = fire(server, event.url, attempts=60, concurrency=30, codes=codes)

    assert run.errors() == [], run.outcomes()
    assert run.outcomes() == {"confirmed": 20, "waitlisted": 40}
    statuses = Registration.objects.filter(event=event).values_list("status", flat=True)
    assert sorted(statuses) == ["confirmed"] * 20 + ["waitlisted"] * 40
    # The waiting line is in the order the registrations were taken.
    line = list(Registration.objects.filter(event=event).waiting_line())
    assert [r.waiting_position() for r in line] == list(range(1, 41))


def test_the_same_phone_from_many_browsers_takes_one_seat(server, codes):
    index = factories.event_index()
    event = factories.event(index, capacity=5)
    from concurrent.futures import ThreadPoolExecutor

    from register_load import attempt

    # Eight browsers post twice each (asking for the code, then typing it): 16 tries against the
    # number's 10 in 10 minutes, so some are refused, but never all of those that bring the code.
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(lambda _: attempt(server, event.url, "13900009999", codes), range(8))
        )
    # Every browser is answered (the code form, then the result or "ask for a new code", or
    # the per-number limit once one number floods in), none with a server error, and the number
    # holds one seat.
    assert all(result.http_status in (200, 400, 429) for result in results), results
    assert any(result.registration_status == "confirmed" for result in results), results
    assert Registration.objects.filter(event=event).count() == 1
