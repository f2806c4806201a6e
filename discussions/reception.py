"""Reception-day schedule: upcoming sessions, the printable schedule and the calendar feed.

Sessions are computed in plain Python from the page's weekly rules and one-off days, each read
once per request, so a schedule costs the same queries however many sessions it lists. The
children are read through the page (``page.rules.all()``), so a preview shows the draft's rows.
"""

import dataclasses
import datetime

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from wagtail.models import Site

from home.formatting import local_datetime
from home.qr import qr_svg
from home.selectors import live_public

from .models import ReceptionSchedulePage

REGULAR, ONE_OFF, CANCELLED = "regular", "one_off", "cancelled"
# Sessions of the same time: a called-off regular session after the one held instead.
_KIND_ORDER = {ONE_OFF: 0, REGULAR: 1, CANCELLED: 2}
ICAL_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# An editor's typo (weeks ahead = 500) must not make every request walk ten years of weeks.
MAX_WEEKS = 26
# What fits one A4 sheet in large type with the visiting notes underneath.
PRINT_WEEKS = 3
PRINT_MAX_WEEKS = 8
# Offered to staff when the usual three weeks do not fit (or leave room) on the sheet.
PRINT_WEEK_CHOICES = (2, 3, 4)
PRINT_ROWS = 12
# One-off sessions older than this are history no calendar needs again.
FEED_HISTORY = datetime.timedelta(days=365)
PRODID = "-//Qingfeng//Reception days//ZH"


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
    def is_cancelled(self):
        return self.kind == CANCELLED

    @property
    def short_date(self):
        """11月30日: the print table gives the year once, above it."""
        if (get_language() or "zh-hans").startswith("zh"):
            return f"{self.date.month}月{self.date.day}日"
        return formats.date_format(self.date, "MONTH_DAY_FORMAT")

    @property
    def start(self):
        return local_datetime(self.date, self.start_time)

    @property
    def end(self):
        return local_datetime(self.date, self.end_time)


def _has_times(row):
    return bool(row.start_time and row.end_time and row.end_time > row.start_time)


def usable_rule(rule):
    """Rules the admin form would refuse (no times, a bad weekday) are skipped, not a 500."""
    return _has_times(rule) and rule.weekday in range(7)


def is_session(day):
    return _has_times(day)


def _session_fields(row):
    return {
        "start_time": row.start_time,
        "end_time": row.end_time,
        "leader_name": row.leader_name,
        "leader_title": row.leader_title,
        "place": row.place,
        "topics": row.topics,
    }


def weekly_dates(rule, first, last):
    """The dates from ``first`` to ``last`` (inclusive) on which ``rule`` is in force."""
    if rule.valid_from and rule.valid_from > first:
        first = rule.valid_from
    if rule.valid_until and rule.valid_until < last:
        last = rule.valid_until
    day = first + datetime.timedelta(days=(rule.weekday - first.weekday()) % 7)
    while day <= last:
        yield day
        day += datetime.timedelta(weeks=1)


def cancellation_notes(days):
    """{date: note} for every date whose regular sessions are called off."""
    notes = {}
    for day in days:
        if day.cancels_regular:
            # Two rows for one date (a holiday and a note on it) read as one notice.
            parts = [notes.get(day.date, ""), day.note.strip()]
            notes[day.date] = "；".join(part for part in parts if part)
    return notes


def _order(occurrence):
    return (
        occurrence.date,
        occurrence.start_time,
        _KIND_ORDER[occurrence.kind],
        occurrence.leader_name,
    )


def occurrences(rules, days, first, last):
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


def with_status(sessions, now):
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


def group_by_date(sessions):
    groups = []
    for session in sessions:
        if not groups or groups[-1]["date"] != session.date:
            groups.append({"date": session.date, "sessions": []})
        groups[-1]["sessions"].append(session)
    return groups


def regular_sessions(rules, today):
    """The weekly rules still in force today or later, Monday first."""
    current = [
        rule
        for rule in rules
        if usable_rule(rule) and (rule.valid_until is None or rule.valid_until >= today)
    ]
    return sorted(current, key=lambda rule: (rule.weekday, rule.start_time, rule.leader_name))


def clamp_weeks(value, default, most):
    try:
        weeks = int(value)
    except (TypeError, ValueError):
        weeks = default
    return max(1, min(weeks, most))


def last_day(today, weeks):
    return today + datetime.timedelta(weeks=weeks, days=-1)


def read_children(page):
    """The page's rules and days, one query each, whatever their number."""
    return list(page.rules.all()), list(page.days.all())


def schedule_context(page, today, weeks):
    rules, days = read_children(page)
    last = last_day(today, weeks)
    return {
        "sessions": occurrences(rules, days, today, last),
        "regular": regular_sessions(rules, today),
        "today": today,
        "last_day": last,
        "weeks": weeks,
        "ics_url": reverse("reception_ics"),
    }


# --- Views ------------------------------------------------------------------------------------


def schedule_view(request, page):
    now = timezone.localtime()
    weeks = clamp_weeks(page.weeks_ahead, 1, MAX_WEEKS)
    context = page.get_context(request)
    context.update(schedule_context(page, now.date(), weeks))
    context["dates"] = group_by_date(with_status(context["sessions"], now))
    return TemplateResponse(request, "discussions/reception_schedule_page.html", context)


def print_view(request, page):
    """One A4 sheet for the bulletin board: the next few weeks as a table, then the notes."""
    default = min(PRINT_WEEKS, clamp_weeks(page.weeks_ahead, 1, MAX_WEEKS))
    weeks = clamp_weeks(request.GET.get("weeks"), default, PRINT_MAX_WEEKS)
    context = page.get_context(request)
    context.update(schedule_context(page, timezone.localdate(), weeks))
    sessions = context["sessions"]
    # Rows past what fits are left off rather than pushed onto a second sheet; the sheet says
    # so and where to read the rest.
    context["rows"] = sessions[:PRINT_ROWS]
    context["left_off"] = len(sessions) - len(context["rows"])
    context["week_choices"] = PRINT_WEEK_CHOICES
    # The schedule's address as a QR code: residents scan the sheet on the board for the latest
    # sessions, and no address in Latin letters needs printing.
    context["page_qr"] = qr_svg(
        request.build_absolute_uri(page.url or "/"), scale=2.5, border=1, dark="#000000"
    )
    return TemplateResponse(request, "discussions/reception_print.html", context)


def feed_page(request):
    """The live, public reception schedule of the site asked for, if there is one."""
    pages = live_public(ReceptionSchedulePage.objects.all())
    site = Site.find_for_request(request)
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages.order_by("path").first()


def ics_feed(request):
    page = feed_page(request)
    if page is None:
        raise Http404
    rules, days = read_children(page)
    body = reception_calendar(
        page,
        rules,
        days,
        host=request.get_host().split(":")[0],
        page_link=request.build_absolute_uri(page.url or "/"),
        today=timezone.localdate(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reception.ics"'
    return response


# --- iCalendar --------------------------------------------------------------------------------


def leader_label(row):
    """王建国（社区党支部书记）, as the meeting records name people."""
    if row.leader_name and row.leader_title:
        return f"{row.leader_name}（{row.leader_title}）"
    return row.leader_name or row.leader_title


def _describe(event, row, page, page_link, note=""):
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


def series_start(rule, anchor):
    """The first date of a rule's series: a fixed date, so calendars see the same event on
    every refresh instead of a series that starts anew each day."""
    first = rule.valid_from or anchor
    return first + datetime.timedelta(days=(rule.weekday - first.weekday()) % 7)


def rule_event(rule, page, *, host, page_link, anchor, cancelled, stamp):
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


def day_event(day, page, *, host, page_link, stamp):
    event = Event()
    event.add("uid", f"reception-day-{day.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", local_datetime(day.date, day.start_time))
    event.add("dtend", local_datetime(day.date, day.end_time))
    _describe(event, day, page, page_link, note=day.note)
    return event


def reception_calendar(page, rules, days, *, host, page_link, today):
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
