"""Working days in mainland China: statutory holidays and make-up working days (调休).

A day's answer comes from, in this order: what staff entered under 设置 → 节假日
(``HolidayDay``), then the ``chinesecalendar`` release installed, then Monday to Friday. The
release knows the years up to its publication; a case received in December already has
deadlines in the next year, so staff enter that year's days from the State Council's notice
as soon as it is out, and the admin warns until someone (staff or the release) knows a year.

Each call reads the staff entries at most once (one query), never once a day.
"""

from __future__ import annotations

import datetime

import chinese_calendar
from django.db import models
from django.utils.translation import gettext_lazy as _

from .holidays import DayKind, HolidayDay

# How far ahead the admin looks for a year nobody knows: the longest deadline, 30 working days,
# with the long holidays in it, stays well inside this.
LOOK_AHEAD = datetime.timedelta(days=90)


class DayCounting(models.TextChoices):
    WORKING = "working", _("working days")
    CALENDAR = "calendar", _("calendar days")


def library_knows(year: int) -> bool:
    """Whether the installed ``chinesecalendar`` has the State Council's days for ``year``."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkingCalendar:
    """Staff entries from ``start`` on, read in one query when first needed."""

    def __init__(self, start: datetime.date | None = None) -> None:
        self.start = start
        self._entries: dict[datetime.date, str] | None = None

    @property
    def entries(self) -> dict[datetime.date, str]:
        if self._entries is None:
            rows = HolidayDay.objects.all()
            if self.start is not None:
                rows = rows.filter(date__gte=self.start)
            self._entries = dict(rows.values_list("date", "kind"))
        return self._entries

    def is_working_day(self, day: datetime.date) -> bool:
        kind = self.entries.get(day)
        if kind is not None:
            return kind == DayKind.WORKING
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year the release does not know yet: Monday to Friday
            return day.weekday() < 5

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
        day = start
        for _count in range(days):
            day += datetime.timedelta(days=1)
            while not self.is_working_day(day):
                day += datetime.timedelta(days=1)
        return day

    def unknown_years(self, years) -> list[int]:
        """Those of ``years`` for which neither staff entries nor the release know the days."""
        entered = {day.year for day in self.entries}
        return sorted(y for y in set(years) if y not in entered and not library_knows(y))


def is_working_day(day: datetime.date) -> bool:
    return WorkingCalendar(day).is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    return WorkingCalendar(start).add_working_days(start, days)


def add_days(start: datetime.date, days: int, counting: str) -> datetime.date:
    if counting == DayCounting.CALENDAR:
        return start + datetime.timedelta(days=days)
    return add_working_days(start, days)


def years_without_calendar(today: datetime.date) -> list[int]:
    """This year and the one deadlines reach into soon, where nobody knows the holidays."""
    years = {today.year, (today + LOOK_AHEAD).year}
    return WorkingCalendar(datetime.date(today.year, 1, 1)).unknown_years(years)
