"""Personal data is deleted after the retention period, the record of the event stays."""

import datetime

import pytest
import time_machine

from events import services
from events.models import Registration
from tests import factories
from tests.factories import phone
from tests.purging import purge

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_purge_blanks_names_and_numbers_of_long_finished_events():
    index = factories.event_index()
    old = factories.event(index, title="早已结束", starts_in=datetime.timedelta(days=-200))
    recent = factories.event(index, title="刚结束", starts_in=datetime.timedelta(days=-10))
    upcoming = factories.event(index, title="将要举行")
    for event in (old, recent):
        for number in range(2):
            services.register(
                event=event,
                name="赵文刚",
                phone=phone(number),
                consent=True,
                now=event.start - datetime.timedelta(days=3),
            )
    services.register(event=upcoming, name="邵琳", phone=phone(5), consent=True)
    checked_in = Registration.objects.filter(event=old).first()
    services.check_in(event=old, code=checked_in.code, now=old.start)
    # Registered by staff with a name only: the name goes too.
    Registration.objects.create(
        event=old, code="NAMEONLY01", name="钱某", phone=None, status="cancelled"
    )

    assert purge()["registrations"] == 3

    purged = Registration.objects.filter(event=old)
    assert set(purged.values_list("name", "phone")) == {("", None)}
    assert purged.filter(status="confirmed").count() == 2  # the record of attendance stays
    assert purged.exclude(checked_in_at=None).count() == 1
    assert Registration.objects.filter(event=recent, phone__isnull=False).count() == 2
    assert Registration.objects.get(event=upcoming).phone == phone(5)

    assert purge()["registrations"] == 0  # nothing left to do the second time


def test_the_waiting_list_and_cancellations_keep_their_times():
    held = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)
    with time_machine.travel(held - datetime.timedelta(days=3), tick=False):
        event = factories.event(
            factories.event_index(), start=held, capacity=1, waitlist_enabled=True
        )
        first = services.register(event=event, name="甲", phone=phone(1), consent=True)
        second = services.register(event=event, name="乙", phone=phone(2), consent=True)
        services.cancel_registration(registration=first.registration)

    with time_machine.travel(held + datetime.timedelta(days=181), tick=False):
        assert purge()["registrations"] == 2

    rows = {row.pk: row for row in Registration.objects.all()}
    cancelled, promoted = rows[first.registration.pk], rows[second.registration.pk]
    assert cancelled.status == "cancelled" and cancelled.cancelled_at
    assert promoted.status == "confirmed" and promoted.promoted_at
    assert {(row.name, row.phone) for row in rows.values()} == {("", None)}
