"""Reads for the record listing; a fixed number of queries whatever its length."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.http import urlencode

from home.pagination import paginate
from home.selectors import live_public

from .models import Attendee, FollowUpTask, MeetingKind, MeetingRecordPage

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


def filter_query(kind="", year=None):
    params = {}
    if kind:
        params["kind"] = kind
    if year:
        params["year"] = year
    return urlencode(params)


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
