"""When residents are received: the sessions of a schedule page from its weekly rules and
one-off days.

Sessions are computed in plain Python from the page's weekly rules and one-off days, each read
once per request, so a schedule costs the same queries however many sessions it lists. The
children are read through the page (``page.rules.all()``), so a preview shows the draft's rows.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language

from home.formatting import local_datetime

if TYPE_CHECKING:
    from .models import ReceptionDay, ReceptionRule, ReceptionSchedulePage, ReceptionSession

REGULAR, ONE_OFF, CANCELLED = "regular", "one_off", "cancelled"
# Sessions of the same time: a called-off regular session after the one held instead.
_KIND_ORDER = {ONE_OFF: 0, REGULAR: 1, CANCELLED: 2}


@dataclasses.dataclass(frozen=True)
class Occurrence:
    """One session on one date: held (regular or one-off) or called off."""

    kind: str
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    leader_name: str = ""
    leader_title: str = ""
    place: str = ""
    topics: str = ""
    note: str = ""
    # "ended" or "now" for today's sessions, set by with_status.
    status: str = ""

    @property
    def is_cancelled(self) -> bool:
        return self.kind == CANCELLED

    @property
    def short_date(self) -> str:
        """11月30日: the print table gives the year once, above it."""
        if (get_language() or "zh-hans").startswith("zh"):
            return f"{self.date.month}月{self.date.day}日"
        return formats.date_format(self.date, "MONTH_DAY_FORMAT")

    @property
    def start(self) -> datetime.datetime:
        return local_datetime(self.date, self.start_time)

    @property
    def end(self) -> datetime.datetime:
        return local_datetime(self.date, self.end_time)


def _has_times(row: ReceptionSession) -> bool:
    return bool(row.start_time and row.end_time and row.end_time > row.start_time)


def usable_rule(rule: ReceptionRule) -> bool:
    """Rules the admin form would refuse (no times, a bad weekday) are skipped, not a 500."""
    return _has_times(rule) and rule.weekday in range(7)


def is_session(day: ReceptionDay) -> bool:
    return _has_times(day)


def _session_fields(row: ReceptionSession) -> dict[str, Any]:
    return {
        "start_time": row.start_time,
        "end_time": row.end_time,
        "leader_name": row.leader_name,
        "leader_title": row.leader_title,
        "place": row.place,
        "topics": row.topics,
    }


def weekly_dates(
    rule: ReceptionRule, first: datetime.date, last: datetime.date
) -> Iterator[datetime.date]:
    """The dates from ``first`` to ``last`` (inclusive) on which ``rule`` is in force."""
    if rule.valid_from and rule.valid_from > first:
        first = rule.valid_from
    if rule.valid_until and rule.valid_until < last:
        last = rule.valid_until
    day = first + datetime.timedelta(days=(rule.weekday - first.weekday()) % 7)
    while day <= last:
        yield day
        day += datetime.timedelta(weeks=1)


def cancellation_notes(days: Iterable[ReceptionDay]) -> dict[datetime.date, str]:
    """{date: note} for every date whose regular sessions are called off."""
    notes = {}
    for day in days:
        if day.cancels_regular:
            # Two rows for one date (a holiday and a note on it) read as one notice.
            parts = [notes.get(day.date, ""), day.note.strip()]
            notes[day.date] = "；".join(part for part in parts if part)
    return notes


def _order(occurrence: Occurrence) -> tuple:
    return (
        occurrence.date,
        occurrence.start_time,
        _KIND_ORDER[occurrence.kind],
        occurrence.leader_name,
    )


def occurrences(
    rules: Iterable[ReceptionRule],
    days: Iterable[ReceptionDay],
    first: datetime.date,
    last: datetime.date,
) -> list[Occurrence]:
    """Every session from ``first`` to ``last`` (inclusive), by date and time.

    A regular session on a date that a one-off day calls off stays in the list as called off,
    with the day's note, so that a resident who expects it learns why it is not held.
    """
    days = [day for day in days if first <= day.date <= last]
    cancelled = cancellation_notes(days)
    found = []
    for rule in filter(usable_rule, rules):
        for date in weekly_dates(rule, first, last):
            if date in cancelled:
                found.append(
                    Occurrence(CANCELLED, date, note=cancelled[date], **_session_fields(rule))
                )
            else:
                found.append(Occurrence(REGULAR, date, **_session_fields(rule)))
    for day in filter(is_session, days):
        found.append(Occurrence(ONE_OFF, day.date, note=day.note, **_session_fields(day)))
    return sorted(found, key=_order)


def with_status(sessions: Iterable[Occurrence], now: datetime.datetime) -> list[Occurrence]:
    """Mark today's sessions that are under way or over; later ones are left as they are."""
    marked = []
    for session in sessions:
        status = ""
        if not session.is_cancelled and session.date == now.date():
            if session.end <= now:
                status = "ended"
            elif session.start <= now:
                status = "now"
        marked.append(dataclasses.replace(session, status=status))
    return marked


RECENT_SESSIONS = 8
# How far back the recent sessions are looked for: weekly sessions fill it many times over.
RECENT_WEEKS = 26


def recent_dates(
    rules: Iterable[ReceptionRule],
    days: Iterable[ReceptionDay],
    now: datetime.datetime,
    count: int = RECENT_SESSIONS,
) -> list[datetime.date]:
    """The dates of the last ``count`` sessions that took place (held and over), newest first."""
    today = now.date()
    first = today - datetime.timedelta(weeks=RECENT_WEEKS)
    held = {
        session.date
        for session in occurrences(rules, days, first, today)
        if not session.is_cancelled and session.end <= now
    }
    return sorted(held, reverse=True)[:count]


def group_by_date(sessions: Iterable[Occurrence]) -> list[dict[str, Any]]:
    groups = []
    for session in sessions:
        if not groups or groups[-1]["date"] != session.date:
            groups.append({"date": session.date, "sessions": []})
        groups[-1]["sessions"].append(session)
    return groups


def regular_sessions(rules: Iterable[ReceptionRule], today: datetime.date) -> list[ReceptionRule]:
    """The weekly rules still in force today or later, Monday first."""
    current = [
        rule
        for rule in rules
        if usable_rule(rule) and (rule.valid_until is None or rule.valid_until >= today)
    ]
    return sorted(current, key=lambda rule: (rule.weekday, rule.start_time, rule.leader_name))


def clamp_weeks(value: object, default: int, most: int) -> int:
    try:
        weeks = int(value)
    except (TypeError, ValueError):
        weeks = default
    return max(1, min(weeks, most))


def last_day(today: datetime.date, weeks: int) -> datetime.date:
    return today + datetime.timedelta(weeks=weeks, days=-1)


def read_children(
    page: ReceptionSchedulePage,
) -> tuple[list[ReceptionRule], list[ReceptionDay]]:
    """The page's rules and days, one query each, whatever their number."""
    return list(page.rules.all()), list(page.days.all())


def schedule_context(
    page: ReceptionSchedulePage,
    today: datetime.date,
    weeks: int,
    children: tuple[list[ReceptionRule], list[ReceptionDay]] | None = None,
) -> dict[str, Any]:
    rules, days = children or read_children(page)
    last = last_day(today, weeks)
    return {
        "sessions": occurrences(rules, days, today, last),
        "regular": regular_sessions(rules, today),
        "today": today,
        "last_day": last,
        "weeks": weeks,
        "ics_url": reverse("reception_ics"),
    }
