"""Reads shared by event listings, pages and the admin; a fixed number of queries each."""

import calendar
import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from wagtail.models import Page

from home import codes
from home.qr import qr_svg
from home.selectors import live_public
from home.validation import parse_year_month

from .models import EventPage, Registration

UPCOMING_LIMIT = 50


def _count(status):
    counts = (
        Registration.objects.filter(event=OuterRef("pk"), status=status)
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def with_counts(queryset: QuerySet[EventPage]) -> QuerySet[EventPage]:
    """Confirmed and waitlisted counts as two subqueries in the listing's own query."""
    return queryset.annotate(
        confirmed_count=_count(Registration.Status.CONFIRMED),
        waitlisted_count=_count(Registration.Status.WAITLISTED),
    )


def _events(index, kind="", month=None):
    """Live events under the index with counts and cover image; renditions come separately
    (home.selectors.attach_card_renditions), once for every list on the page."""
    events = live_public(EventPage.objects.descendant_of(index)).defer_streamfields()
    if kind:
        events = events.filter(kind=kind)
    if month:
        start, end = month_bounds(month)
        events = events.filter(start__gte=start, start__lt=end)
    return with_counts(events).select_related("image")


def upcoming_and_calendar(
    index: Page, kind: str = "", month: datetime.date | None = None, limit: int = UPCOMING_LIMIT
) -> tuple[list[EventPage], dict]:
    """Events not yet ended (soonest first) and the month calendar, from one query.

    The calendar shows ``month``, or this month; its events come from the same rows.
    """
    now = timezone.now()
    calendar_month = month or timezone.localdate().replace(day=1)
    start, end = month_bounds(calendar_month)
    rows = list(
        _events(index, kind, month)
        .filter(Q(end__gt=now) | Q(start__gte=start, start__lt=end))
        .order_by("start", "pk")
    )
    upcoming = [event for event in rows if event.end > now][:limit]
    in_month = [event for event in rows if start <= event.start < end]
    return upcoming, month_calendar(calendar_month, in_month)


def upcoming_events(
    index: Page, kind: str = "", month: datetime.date | None = None, limit: int = UPCOMING_LIMIT
) -> list[EventPage]:
    """Events that have not ended, soonest first."""
    return upcoming_and_calendar(index, kind, month, limit)[0]


def past_events(
    index: Page, kind: str = "", month: datetime.date | None = None
) -> QuerySet[EventPage]:
    return _events(index, kind, month).filter(end__lte=timezone.now()).order_by("-start", "-pk")


def next_events(limit: int = 3) -> list[EventPage]:
    """For the home page and the calendar feed: the next events anywhere on the site, cover
    image joined (the home page reads the renditions with its other lists)."""
    events = live_public(EventPage.objects.all()).defer_streamfields()
    upcoming = with_counts(events).select_related("image")
    return list(upcoming.filter(end__gt=timezone.now()).order_by("start")[:limit])


def browser_registration(event: EventPage, codes: list[str]) -> Registration | None:
    """The browser's active registration for the event, from the codes its session remembers
    (views.SESSION_KEY): one query, none when it remembers no code."""
    if not codes:
        return None
    return (
        Registration.objects.active()
        .filter(event=event, code__in=codes[-20:])
        .order_by("-created_at", "-pk")
        .first()
    )


def parse_month(value: str | None) -> datetime.date | None:
    """'2026-11' -> date(2026, 11, 1); anything else, or a year outside 1900–2100, -> None
    (all months, with this month's calendar)."""
    return parse_year_month(value)


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    end = datetime.datetime(following.year, following.month, 1, tzinfo=tz)
    return start, end


def month_calendar(month: datetime.date, events: Iterable[EventPage]) -> dict:
    """Weeks of the month (Monday first), each day with the events starting on it."""
    by_day = {}
    for event in events:
        by_day.setdefault(timezone.localtime(event.start).date(), []).append(event)
    weeks = [
        [
            {"date": day, "in_month": day.month == month.month, "events": by_day.get(day, [])}
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return {
        "month": month,
        "weeks": weeks,
        "previous": previous.strftime("%Y-%m"),
        "next": following.strftime("%Y-%m"),
        "today": timezone.localdate(),
    }


def filter_query(kind: str = "", month: datetime.date | None = None) -> str:
    params = {}
    if kind:
        params["kind"] = kind
    if month:
        params["month"] = month.strftime("%Y-%m")
    return urlencode(params)


def retention_days() -> int:
    return settings.PERSONAL_DATA_RETENTION_DAYS


def checkin_qr_svg(request: HttpRequest, registration: Registration) -> SafeString:
    """What staff scan at the door: the admin check-in screen with the code filled in."""
    url = reverse("events_checkin", args=[registration.event_id])
    return qr_svg(request.build_absolute_uri(f"{url}?{urlencode({'code': registration.code})}"))


def _attended():
    counts = (
        Registration.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def with_all_counts(queryset: QuerySet[EventPage]) -> QuerySet[EventPage]:
    """Confirmed, waitlisted and attended counts as subqueries of the listing's own query."""
    return with_counts(queryset).annotate(attended_count=_attended())


def event_counts(event: EventPage) -> tuple[int, int]:
    """(attended, confirmed) for one event, in one query."""
    counts = Registration.objects.filter(event=event).aggregate(
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
    )
    return counts["attended"], counts["confirmed"]


# --- Staff: the day's and the week's events ----------------------------------------------------


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Midnight at the start of ``day`` and of the next day, in the site's time zone."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()), tz)
    following = day + datetime.timedelta(days=1)
    return start, timezone.make_aware(datetime.datetime.combine(following, datetime.time()), tz)


def runs_on(event: EventPage, day: datetime.date) -> bool:
    """Whether the event takes place (starts, goes on or ends) on ``day``."""
    start, end = day_bounds(day)
    return event.start < end and event.end >= start


def staff_events(first_day: datetime.date, days: int = 1) -> QuerySet[EventPage]:
    """Live events taking place on the ``days`` days from ``first_day``, soonest first, with
    confirmed, waitlisted and attended counts: one query."""
    start = day_bounds(first_day)[0]
    end = day_bounds(first_day + datetime.timedelta(days=days - 1))[1]
    return (
        with_all_counts(EventPage.objects.live().defer_streamfields())
        .filter(start__lt=end, end__gte=start)
        .order_by("start", "pk")
    )


# --- Staff: finding a registration --------------------------------------------------------------


def search_registrations(
    queryset: QuerySet[Registration], text: str, *, full_numbers: bool
) -> QuerySet[Registration]:
    """What staff type into 报名记录's search box, as a filter of the listing's own query.

    A whole mobile number (what residents give at the office) finds that number, but only for
    staff who may see full numbers: for others it finds nothing, so the box cannot confirm
    whose number is registered. Four digits find numbers ending in them (everyone sees those
    four on the masked number). Anything else is matched, word by word, against the name, the
    registration code and the event's title.
    """
    text = (text or "").strip()
    digits = re.sub(r"[\s-]", "", text)
    if digits.isdigit():
        if len(digits) == 11:
            return queryset.filter(phone=digits) if full_numbers else queryset.none()
        if len(digits) == 4:
            return queryset.filter(Q(phone__endswith=digits) | _code_contains(digits))
        return queryset.filter(_code_contains(digits))
    for word in text.split():
        queryset = queryset.filter(
            _contains("name", word)
            | _code_contains(word)
            | Q(event__in=EventPage.objects.filter(_contains("title", word)).values("pk"))
        )
    return queryset


# At 100,000 registrations a search reads every row, so each test on a row should cost little:
# - codes hold only capitals and digits without 0, 1, I and O: a word with anything else is not
#   sought among them at all, and the upper-cased word is sought as it is, sparing PostgreSQL
#   an UPPER() of every code;
# - a word without capitals or small letters (a Chinese name) is sought as it is too;
# - the events whose title holds the word are picked from the thousand events first, so the
#   registrations are not joined to their pages to be tested (nor to be counted).


def _contains(field: str, word: str) -> Q:
    if word.upper() == word.lower():
        return Q(**{f"{field}__contains": word})
    return Q(**{f"{field}__icontains": word})


def _code_contains(word: str) -> Q:
    word = word.upper()
    if any(char not in codes.ALPHABET for char in word):
        return Q(pk__in=[])
    return Q(code__contains=word)
