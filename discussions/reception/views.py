"""The reception schedule's pages and its calendar feed: each reads the page's rows once and
leaves the sessions to ``schedule`` and the feed to ``calendar``."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Site

from home.qr import qr_svg
from home.selectors import live_public

from ..suggestions.channels import Channel
from ..suggestions.models import Suggestion
from .calendar import reception_calendar
from .models import ReceptionSchedulePage
from .schedule import (
    clamp_weeks,
    group_by_date,
    read_children,
    recent_dates,
    schedule_context,
    with_status,
)

# An editor's typo (weeks ahead = 500) must not make every request walk ten years of weeks.
MAX_WEEKS = 26
# What fits one A4 sheet in large type with the visiting notes underneath.
PRINT_WEEKS = 3
PRINT_MAX_WEEKS = 8
# Offered to staff when the usual three weeks do not fit (or leave room) on the sheet.
PRINT_WEEK_CHOICES = (2, 3, 4)
PRINT_ROWS = 12


def schedule_view(request, page):
    now = timezone.localtime()
    weeks = clamp_weeks(page.weeks_ahead, 1, MAX_WEEKS)
    context = page.get_context(request)
    children = read_children(page)
    context.update(schedule_context(page, now.date(), weeks, children))
    context["dates"] = group_by_date(with_status(context["sessions"], now))
    context["recent"] = recent_sessions(children, now)
    return TemplateResponse(request, page.template, context)


def recent_sessions(children, now):
    """近期接访: the last sessions held and how many cases each took in, a count and nothing
    else about them, all counted in one query."""
    dates = recent_dates(*children, now)
    if not dates:
        return []
    counts = dict(
        Suggestion.objects.filter(channel=Channel.RECEPTION, reception_date__in=dates)
        .values("reception_date")
        .annotate(cases=Count("pk"))
        .values_list("reception_date", "cases")
    )
    return [{"date": day, "cases": counts.get(day, 0)} for day in dates]


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
    return TemplateResponse(request, "discussions/reception/reception_print.html", context)


def feed_page(request: HttpRequest) -> ReceptionSchedulePage | None:
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
