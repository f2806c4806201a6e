"""The report's periods: a quarter, a year or any dates, and the period of the same length just
before it.

A period is a pair of calendar dates, both included, read in the site's time zone
(Asia/Shanghai). A period of whole months (a quarter, a year, 7月1日–8月31日) is compared with
as many whole months before it, so that Q3 faces Q2 however many days each has; any other
period with as many days before it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from home.formatting import format_date

# Reports begin with the site's records; a date far outside is a slip, not a question.
EARLIEST = datetime.date(2000, 1, 1)
LONGEST_DAYS = 366 * 5

THIS_QUARTER, PREVIOUS_QUARTER, THIS_YEAR, DATES = "quarter", "previous_quarter", "year", "dates"
CHOICES = (THIS_QUARTER, PREVIOUS_QUARTER, THIS_YEAR, DATES)


class PeriodError(ValueError):
    """Dates the report cannot use; the message is for staff."""


def _month_start(year: int, month: int) -> datetime.date:
    """The first day of a month, ``month`` counted on past December or before January."""
    year += (month - 1) // 12
    return datetime.date(year, (month - 1) % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date  # included

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def whole_months(self) -> int | None:
        """How many whole months the period covers, or None when it is not whole months."""
        after = self.last + datetime.timedelta(days=1)
        if self.first.day != 1 or after.day != 1:
            return None
        return (after.year - self.first.year) * 12 + after.month - self.first.month

    def previous(self) -> Period:
        months = self.whole_months
        if months:
            first = _month_start(self.first.year, self.first.month - months)
            return Period(first, self.first - datetime.timedelta(days=1))
        last = self.first - datetime.timedelta(days=1)
        return Period(last - datetime.timedelta(days=self.days - 1), last)

    @property
    def start(self) -> datetime.datetime:
        """The period's first moment, local midnight, as an aware datetime."""
        return _midnight(self.first)

    @property
    def end(self) -> datetime.datetime:
        """The first moment after the period."""
        return _midnight(self.last + datetime.timedelta(days=1))

    def until(self, moment: datetime.datetime) -> datetime.datetime:
        """The period's end, or ``moment`` when that is sooner: what has happened by now."""
        return min(self.end, moment)

    @property
    def label(self) -> str:
        return _("%(first)s to %(last)s") % {
            "first": _date(self.first),
            "last": _date(self.last),
        }

    @property
    def short_label(self) -> str:
        quarter = self.quarter
        if quarter:
            return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": self.first.year}
        if self.whole_months == 12 and self.first.month == 1:
            return _("Year %(year)s") % {"year": self.first.year}
        return self.label

    @property
    def quarter(self) -> int | None:
        if self.whole_months == 3 and self.first.month % 3 == 1:
            return (self.first.month - 1) // 3 + 1
        return None


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _date(day: datetime.date) -> str:
    return format_date(day, weekday=False)


def quarter_of(day: datetime.date) -> Period:
    first = _month_start(day.year, (day.month - 1) // 3 * 3 + 1)
    after = _month_start(first.year, first.month + 3)
    return Period(first, after - datetime.timedelta(days=1))


def year_of(day: datetime.date) -> Period:
    return Period(datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))


def parse_date(value: str, message: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        raise PeriodError(message) from None
    if not EARLIEST <= day <= datetime.date(2100, 12, 31):
        raise PeriodError(_("Choose a date from the year 2000 on."))
    return day


def choose_period(kind: str, first: str = "", last: str = "", today=None) -> Period:
    """The period staff chose: this quarter (the default), the previous quarter, this year, or
    from ``first`` to ``last`` (ISO dates)."""
    today = today or timezone.localdate()
    if kind in ("", THIS_QUARTER):
        return quarter_of(today)
    if kind == PREVIOUS_QUARTER:
        return quarter_of(quarter_of(today).first - datetime.timedelta(days=1))
    if kind == THIS_YEAR:
        return year_of(today)
    if kind != DATES:
        raise PeriodError(_("Choose a period from the list."))
    start = parse_date(first, _("Write the start date as 2025-07-01."))
    end = parse_date(last, _("Write the end date as 2025-09-30."))
    if end < start:
        raise PeriodError(_("The end date comes before the start date."))
    period = Period(start, end)
    if period.days > LONGEST_DAYS:
        raise PeriodError(_("Choose a period of at most five years."))
    return period
