"""The reception schedule as an iCalendar file: a weekly series for each rule, with the
called-off dates left out, and an event for each one-off session."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from home.formatting import local_datetime

from .schedule import cancellation_notes, is_session, usable_rule

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import ReceptionDay, ReceptionRule, ReceptionSchedulePage, ReceptionSession

ICAL_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# One-off sessions older than this are history no calendar needs again.
FEED_HISTORY = datetime.timedelta(days=365)
PRODID = "-//Qingfeng//Reception days//ZH"


def leader_label(row: ReceptionSession) -> str:
    """王建国（社区党支部书记）, as the meeting records name people."""
    if row.leader_name and row.leader_title:
        return f"{row.leader_name}（{row.leader_title}）"
    return row.leader_name or row.leader_title


def _describe(
    event: Event,
    row: ReceptionSession,
    page: ReceptionSchedulePage,
    page_link: str,
    note: str = "",
) -> None:
    leader = leader_label(row)
    if leader:
        summary = _("Reception day: %(leader)s") % {"leader": leader}
    else:
        summary = page.title
    event.add("summary", summary)
    if row.place:
        event.add("location", row.place)
    lines = []
    if row.topics:
        lines.append(_("Topics: %(topics)s") % {"topics": row.topics})
    if note:
        lines.append(note)
    lines.append(page_link)
    event.add("description", "\n".join(lines))
    event.add("url", page_link)


def series_start(rule: ReceptionRule, anchor: datetime.date) -> datetime.date:
    """The first date of a rule's series: a fixed date, so calendars see the same event on
    every refresh instead of a series that starts anew each day."""
    first = rule.valid_from or anchor
    return first + datetime.timedelta(days=(rule.weekday - first.weekday()) % 7)


def rule_event(
    rule: ReceptionRule,
    page: ReceptionSchedulePage,
    *,
    host: str,
    page_link: str,
    anchor: datetime.date,
    cancelled: set[datetime.date],
    stamp: datetime.datetime,
) -> Event | None:
    first = series_start(rule, anchor)
    if rule.valid_until and rule.valid_until < first:
        return None
    event = Event()
    event.add("uid", f"reception-rule-{rule.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", local_datetime(first, rule.start_time))
    event.add("dtend", local_datetime(first, rule.end_time))
    recurrence = {"freq": "weekly", "byday": ICAL_WEEKDAYS[rule.weekday]}
    if rule.valid_until:
        # RFC 5545: with a zoned DTSTART, UNTIL is given in UTC.
        until = local_datetime(rule.valid_until, rule.start_time).astimezone(datetime.UTC)
        recurrence["until"] = until
    event.add("rrule", recurrence)
    skipped = [
        local_datetime(date, rule.start_time)
        for date in sorted(cancelled)
        if date >= first
        and date.weekday() == rule.weekday
        and (rule.valid_until is None or date <= rule.valid_until)
    ]
    if skipped:
        event.add("exdate", skipped)
    _describe(event, rule, page, page_link)
    return event


def day_event(
    day: ReceptionDay,
    page: ReceptionSchedulePage,
    *,
    host: str,
    page_link: str,
    stamp: datetime.datetime,
) -> Event:
    event = Event()
    event.add("uid", f"reception-day-{day.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", local_datetime(day.date, day.start_time))
    event.add("dtend", local_datetime(day.date, day.end_time))
    _describe(event, day, page, page_link, note=day.note)
    return event


def reception_calendar(
    page: ReceptionSchedulePage,
    rules: Iterable[ReceptionRule],
    days: Iterable[ReceptionDay],
    *,
    host: str,
    page_link: str,
    today: datetime.date,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", page.title)
    calendar.add("x-wr-timezone", timezone.get_default_timezone_name())
    stamp = timezone.now()
    published = page.first_published_at
    anchor = timezone.localdate(published) if published else today
    cancelled = set(cancellation_notes(days))
    for rule in filter(usable_rule, rules):
        event = rule_event(
            rule,
            page,
            host=host,
            page_link=page_link,
            anchor=anchor,
            cancelled=cancelled,
            stamp=stamp,
        )
        if event is not None:
            calendar.add_component(event)
    for day in filter(is_session, days):
        if day.date >= today - FEED_HISTORY:
            calendar.add_component(
                day_event(day, page, host=host, page_link=page_link, stamp=stamp)
            )
    # A VTIMEZONE for Asia/Shanghai, so clients that do not know the zone id still get it right.
    calendar.add_missing_timezones()
    return calendar.to_ical()
