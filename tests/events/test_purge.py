"""Personal data is deleted after the retention period, the record of the event stays."""

import datetime

import pytest
from django.core.management import call_command

from events import services
from events.models import Registration
from tests import factories
from tests.factories import phone

pytestmark = pytest.mark.django_db


def test_purge_blanks_names_and_numbers_of_long_finished_events(capsys):
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

    call_command("purge_personal_data")

    assert "活动报名记录 2 条" in capsys.readouterr().out
    purged = Registration.objects.filter(event=old)
    assert list(purged.values_list("name", "phone")) == [("", None), ("", None)]
    assert purged.filter(status="confirmed").count() == 2  # the record of attendance stays
    assert purged.exclude(checked_in_at=None).count() == 1
    assert Registration.objects.filter(event=recent, phone__isnull=False).count() == 2
    assert Registration.objects.get(event=upcoming).phone == phone(5)

    call_command("purge_personal_data")  # nothing left to do the second time
    assert "活动报名记录 0 条" in capsys.readouterr().out
