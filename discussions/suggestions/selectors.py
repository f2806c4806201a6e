"""Reads the public suggestion pages share: a fixed number of queries each, and never a name,
a phone or an internal record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q
from django.utils import timezone

from home.selectors import live_public
from home.validation import clean_text

from ..listing import year_bounds
from ..reception.models import ReceptionSchedulePage
from .models import Suggestion, SuggestionEvent, SuggestionFormPage
from .workflow import ANSWERED_STATUSES, FINISHED_STATUSES, PUBLIC_STEPS
from .workflow import SuggestionStatus as S

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .models import SuggestionIndexPage

QUERY_MAX = 50
# What a public page may read of a suggestion: never the name, phone or internal records.
PUBLIC_FIELDS = (
    "tracking_code",
    "category",
    "content",
    "anonymous",
    "status",
    "submit_time",
    "accept_due",
    "complete_due",
    "close_due",
    "accepted_at",
    "replied_at",
    "closed_at",
    "reject_reason",
    "public_reply",
    "public_summary",
    # Whether the resident has rated the handling, so the status page asks only once.
    "satisfaction",
)


def _suggestions_under(index: SuggestionIndexPage) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(page__path__startswith=index.path)


def status_path(index: SuggestionIndexPage, code: str, full: bool = False) -> str:
    base = index.full_url if full else index.url
    return base + index.reverse_subpage("status", args=[code])


def suggestion_index_context(index: SuggestionIndexPage) -> dict[str, Any]:
    """The forms to choose from and this year's figures, for the /suggestions/ page."""
    forms = live_public(SuggestionFormPage.objects.child_of(index)).defer_streamfields()
    year_start, _year_end = year_bounds(timezone.localdate().year)
    figures = _suggestions_under(index).aggregate(
        received=Count("pk", filter=Q(submit_time__gte=year_start)),
        answered=Count("pk", filter=Q(submit_time__gte=year_start, status__in=ANSWERED_STATUSES)),
        closed=Count("pk", filter=Q(submit_time__gte=year_start, status=S.CLOSED)),
    )
    reception = live_public(ReceptionSchedulePage.objects.all()).defer_streamfields().first()
    return {"forms": list(forms), "figures": figures, "reception": reception}


def public_suggestion(index: SuggestionIndexPage, code: str) -> Suggestion | None:
    return _suggestions_under(index).filter(tracking_code=code).only(*PUBLIC_FIELDS).first()


def public_timeline(suggestion: Suggestion) -> list[dict[str, Any]]:
    """Each change of status with its date: no names, no internal notes."""
    steps = (
        SuggestionEvent.objects.filter(suggestion=suggestion)
        .exclude(from_status=F("to_status"))
        .values_list("to_status", "at")
    )
    return [{"status": status, "label": PUBLIC_STEPS[status], "at": at} for status, at in steps]


def parse_query(value: object) -> str:
    return clean_text(value, QUERY_MAX)


def replies_board(
    index: SuggestionIndexPage, query: str = "", category: str = ""
) -> QuerySet[Suggestion]:
    """Answered suggestions staff chose to show, newest reply first; every word must match."""
    board = _suggestions_under(index).publishable().only(*PUBLIC_FIELDS)
    if category:
        board = board.filter(category=category)
    for word in query.split():
        board = board.filter(Q(public_summary__icontains=word) | Q(public_reply__icontains=word))
    return board.order_by("-replied_at", "-pk")


def board_categories(index: SuggestionIndexPage) -> list[str]:
    rows = _suggestions_under(index).publishable().values_list("category", flat=True)
    return sorted(set(rows))


def open_cases_of(phone: str) -> QuerySet[Suggestion]:
    """A number's cases still open (neither closed nor refused), oldest first: what a new case
    from the same resident may repeat."""
    return (
        Suggestion.objects.filter(phone=phone)
        .exclude(status__in=FINISHED_STATUSES)
        .only("pk", "tracking_code", "submit_time", "status", "category", "phone")
        .order_by("submit_time", "pk")
    )
