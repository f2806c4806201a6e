"""The three deadlines of a case from the site's settings (设置 → 意见建议办理时限): when each
falls for a clock started now, and how the form states them to residents."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import SuggestionSettings
from .workdays import DayCounting, add_days
from .workflow import SuggestionStatus as S

if TYPE_CHECKING:
    from wagtail.models import Site

    from .models import Suggestion


@dataclass(frozen=True)
class Limit:
    days: int
    counting: str

    def due(self, start: datetime.datetime) -> datetime.datetime:
        """The same time of day on the last day of the limit, counted from ``start``'s date."""
        local = timezone.localtime(start)
        day = add_days(local.date(), self.days, self.counting)
        return timezone.make_aware(datetime.datetime.combine(day, local.time()))

    def __str__(self) -> str:
        if self.counting == DayCounting.CALENDAR:
            return ngettext("%(count)s day", "%(count)s days", self.days) % {"count": self.days}
        return ngettext("%(count)s working day", "%(count)s working days", self.days) % {
            "count": self.days
        }


@dataclass(frozen=True)
class Deadlines:
    accept: Limit
    reply: Limit
    close: Limit

    @classmethod
    def for_site(cls, site: Site | None) -> Deadlines:
        config = SuggestionSettings() if site is None else SuggestionSettings.for_site(site)
        return cls(
            Limit(config.accept_days, config.accept_counting),
            Limit(config.complete_days, config.complete_counting),
            Limit(config.close_days, config.close_counting),
        )

    @property
    def promise(self) -> str:
        """What the form promises a resident, e.g. 我们将在3个工作日内受理……"""
        return _(
            "We accept it within %(accept)s, reply within %(reply)s of accepting and close it "
            "within %(close)s of accepting."
        ) % {"accept": self.accept, "reply": self.reply, "close": self.close}


def _month_day(value: datetime.datetime) -> str:
    """12月3日, with the year when it is not this year's."""
    local = timezone.localtime(value)
    if local.year == timezone.localdate().year:
        return _("%(month)s/%(day)s") % {"month": local.month, "day": local.day}
    return _("%(month)s/%(day)s/%(year)s") % {
        "month": local.month,
        "day": local.day,
        "year": local.year,
    }


def expected_by(suggestion: Suggestion) -> str:
    """What the status page tells a resident of the deadline that runs now (预计12月3日前受理),
    from the deadline stored on the case."""
    due = suggestion.current_deadline
    if due is None:
        return ""
    if suggestion.status == S.SUBMITTED:
        text = _("Expected to be accepted by %(date)s")
    elif suggestion.current_deadline_field == "complete_due":
        text = _("Expected to be replied to by %(date)s")
    else:
        text = _("Expected to be closed by %(date)s")
    return text % {"date": _month_day(due)}
