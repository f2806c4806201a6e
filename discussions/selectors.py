"""Reads the public pages share: records and suggestions, a fixed number of queries each."""

import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.http import urlencode

from home.pagination import paginate
from home.selectors import live_public

from .models import (
    Attendee,
    FollowUpTask,
    MeetingKind,
    MeetingRecordPage,
    ReceptionSchedulePage,
    Suggestion,
    SuggestionEvent,
    SuggestionFormPage,
    SuggestionStatus,
)
from .models.suggestions import ANSWERED_STATUSES

PAGE_SIZE = 10


def _count(model, condition=None):
    rows = model.objects.filter(page=OuterRef("pk"))
    if condition is not None:
        rows = rows.filter(condition)
    counts = rows.values("page").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def with_progress(queryset, today=None):
    """Attendance and follow-up counts as subqueries inside the listing's own query."""
    today = today or timezone.localdate()
    return queryset.annotate(
        listed_present=_count(Attendee, Q(present=True)),
        listed_total=_count(Attendee),
        tasks_done=_count(FollowUpTask, Q(done=True)),
        tasks_total=_count(FollowUpTask),
        tasks_overdue=_count(FollowUpTask, Q(done=False, due_date__lt=today)),
    )


def _records(index):
    return live_public(MeetingRecordPage.objects.descendant_of(index))


def year_bounds(year):
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def record_years(index):
    """Years (newest first) in which a live record under the index took place, local time."""
    moments = _records(index).datetimes("start", "year", order="DESC")
    return [moment.year for moment in moments]


def record_listing(index, kind="", year=None):
    records = with_progress(_records(index).defer_streamfields())
    if kind:
        records = records.filter(kind=kind)
    if year:
        start, end = year_bounds(year)
        records = records.filter(start__gte=start, start__lt=end)
    return records.order_by("-start", "-pk")


def parse_kind(value):
    return value if value in MeetingKind.values else ""


def parse_year(value, years):
    """A year from the query string, only when records exist for it; otherwise None (all)."""
    try:
        year = int((value or "").strip())
    except ValueError:
        return None
    return year if year in years else None


def filter_query(**params):
    """The query string for a listing's filters, leaving out the empty ones."""
    return urlencode({name: value for name, value in params.items() if value})


def index_context(request, index):
    """What the index template shows: one page of records, the filters and the years."""
    years = record_years(index)
    kind = parse_kind(request.GET.get("kind", ""))
    year = parse_year(request.GET.get("year", ""), years)
    records = paginate(request, record_listing(index, kind=kind, year=year), per_page=PAGE_SIZE)
    return {
        "records": records,
        "kind": kind,
        "kinds": MeetingKind.choices,
        "year": year,
        "years": years,
        "kind_query": filter_query(kind=kind),
        "year_query": filter_query(year=year),
        "extra_query": filter_query(kind=kind, year=year),
    }


# --- Suggestions --------------------------------------------------------------------------

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
    "accepted_at",
    "replied_at",
    "closed_at",
    "reject_reason",
    "public_reply",
    "public_summary",
)


def _suggestions_under(index):
    return Suggestion.objects.filter(page__path__startswith=index.path)


def status_path(index, code, full=False):
    base = index.full_url if full else index.url
    return base + index.reverse_subpage("status", args=[code])


def suggestion_index_context(index):
    """The forms to choose from and this year's figures, for the /suggestions/ page."""
    forms = live_public(SuggestionFormPage.objects.child_of(index)).defer_streamfields()
    year_start, _year_end = year_bounds(timezone.localdate().year)
    figures = _suggestions_under(index).aggregate(
        received=Count("pk", filter=Q(submit_time__gte=year_start)),
        answered=Count("pk", filter=Q(submit_time__gte=year_start, status__in=ANSWERED_STATUSES)),
        closed=Count("pk", filter=Q(submit_time__gte=year_start, status=SuggestionStatus.CLOSED)),
    )
    reception = live_public(ReceptionSchedulePage.objects.all()).defer_streamfields().first()
    return {"forms": list(forms), "figures": figures, "reception": reception}


def public_suggestion(index, code):
    return _suggestions_under(index).filter(tracking_code=code).only(*PUBLIC_FIELDS).first()


def public_timeline(suggestion):
    """Each change of status with its date: no names, no internal notes."""
    from .services import PUBLIC_STEPS

    steps = (
        SuggestionEvent.objects.filter(suggestion=suggestion)
        .exclude(from_status=F("to_status"))
        .values_list("to_status", "at")
    )
    return [{"status": status, "label": PUBLIC_STEPS[status], "at": at} for status, at in steps]


def parse_query(value):
    return " ".join(str(value or "").split())[:QUERY_MAX]


def replies_board(index, query="", category=""):
    """Answered suggestions staff chose to show, newest reply first; every word must match."""
    board = _suggestions_under(index).publishable().only(*PUBLIC_FIELDS)
    if category:
        board = board.filter(category=category)
    for word in query.split():
        board = board.filter(Q(public_summary__icontains=word) | Q(public_reply__icontains=word))
    return board.order_by("-replied_at", "-pk")


def board_categories(index):
    rows = _suggestions_under(index).publishable().values_list("category", flat=True)
    return sorted(set(rows))
