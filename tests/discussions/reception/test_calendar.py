"""The reception schedule's calendar feed: weekly series, called-off dates and one-off days."""

import datetime

import pytest
from dateutil.rrule import rrulestr
from django.utils import timezone
from icalendar import Calendar

from discussions.reception.schedule import last_day, occurrences, read_children
from tests.discussions.reception.helpers import (
    MONDAY,
    SHANGHAI,
    at,
    rule,
    sample_schedule,
    schedule,
)

pytestmark = pytest.mark.django_db


def events_by_uid(response):
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_feed_has_weekly_rules_with_exdates_and_one_off_sessions(client):
    page, dates = sample_schedule()
    monday_rule, thursday_rule = page.rules.order_by("weekday")
    saturday = page.days.get(cancels_regular=False)
    response = client.get("/calendar/reception.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, events = events_by_uid(response)
    assert set(events) == {
        f"reception-rule-{monday_rule.pk}@testserver",
        f"reception-rule-{thursday_rule.pk}@testserver",
        f"reception-day-{saturday.pk}@testserver",
    }
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]

    monday = events[f"reception-rule-{monday_rule.pk}@testserver"]
    assert monday["rrule"]["FREQ"] == ["WEEKLY"] and monday["rrule"]["BYDAY"] == ["MO"]
    start = monday.decoded("dtstart")
    assert start.tzinfo.key == "Asia/Shanghai" and (start.hour, start.minute) == (9, 0)
    assert start.weekday() == MONDAY
    assert monday.decoded("dtend").hour == 12
    assert "社区党群服务中心一楼接待室" in str(monday["location"])
    assert "赵文刚" in str(monday["summary"])
    excluded = [value.dt for value in monday["exdate"].dts]
    assert excluded == [datetime.datetime.combine(dates["holiday"], at(9), tzinfo=SHANGHAI)]
    # The Thursday rule has no Thursday holiday to skip.
    thursday = events[f"reception-rule-{thursday_rule.pk}@testserver"]
    assert "exdate" not in thursday
    assert (thursday.decoded("dtstart").hour, thursday.decoded("dtstart").minute) == (14, 30)

    extra = events[f"reception-day-{saturday.pk}@testserver"]
    assert extra.decoded("dtstart") == datetime.datetime.combine(
        dates["saturday"], at(9), tzinfo=SHANGHAI
    )
    assert extra.decoded("dtend") == datetime.datetime.combine(
        dates["saturday"], at(11, 30), tzinfo=SHANGHAI
    )
    assert "rrule" not in extra
    assert "周末加开一场" in str(extra["description"])


def test_feed_and_page_agree_on_the_dates(client):
    """Expanding the feed's RRULE less its EXDATEs gives the page's regular sessions."""
    page, dates = sample_schedule()
    _calendar, events = events_by_uid(client.get("/calendar/reception.ics"))
    first, last = dates["today"], last_day(dates["today"], page.weeks_ahead)
    expanded = set()
    for event in events.values():
        if "rrule" not in event:
            continue
        series = rrulestr(event["rrule"].to_ical().decode(), dtstart=event.decoded("dtstart"))
        skipped = {value.dt for value in event["exdate"].dts} if "exdate" in event else set()
        window = series.between(
            datetime.datetime.combine(first, at(0), tzinfo=SHANGHAI),
            datetime.datetime.combine(last, at(23, 59), tzinfo=SHANGHAI),
            inc=True,
        )
        expanded |= {moment for moment in window if moment not in skipped}
    rules, days = read_children(page)
    held = {s.start for s in occurrences(rules, days, first, last) if s.kind == "regular"}
    assert expanded == held


def test_feed_until_and_stable_uids(client):
    until = timezone.localdate() + datetime.timedelta(days=60)
    schedule(rules=[rule(valid_from=datetime.date(2026, 1, 5), valid_until=until)])
    _calendar, events = events_by_uid(client.get("/calendar/reception.ics"))
    (event,) = events.values()
    assert event.decoded("dtstart").date() == datetime.date(2026, 1, 5)
    (limit,) = event["rrule"]["UNTIL"]
    assert limit.utcoffset() == datetime.timedelta(0)  # RFC 5545: UTC with a zoned DTSTART
    assert limit == datetime.datetime.combine(until, at(9), tzinfo=SHANGHAI)
    _again, events_again = events_by_uid(client.get("/calendar/reception.ics"))
    assert set(events_again) == set(events)
    assert events_again[next(iter(events))].decoded("dtstart") == event.decoded("dtstart")


def test_feed_without_a_live_schedule_is_404(client):
    assert client.get("/calendar/reception.ics").status_code == 404
    page = schedule(rules=[rule()])
    assert client.get("/calendar/reception.ics").status_code == 200
    page.unpublish()
    assert client.get("/calendar/reception.ics").status_code == 404
