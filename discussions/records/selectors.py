"""Reads of the record pages: the listing with its filters, a fixed number of queries each.

The callers pass the records to read (the index page its own,
``MeetingRecordPage.objects.descendant_of(self)``) and the kinds of meeting, so this module
imports none of the models and the models can import it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from home.pagination import paginate
from home.selectors import live_public

from ..listing import filter_query, year_bounds

if TYPE_CHECKING:
    from django.db.models import TextChoices
    from django.http import HttpRequest
    from wagtail.query import PageQuerySet

PAGE_SIZE = 10


def _count(records: PageQuerySet, relation: str, condition: Q | None = None) -> Coalesce:
    """The number of a record's rows in one part of the minutes (``attendees``, ``tasks``)."""
    part = records.model._meta.get_field(relation).related_model
    rows = part.objects.filter(page=OuterRef("pk"))
    if condition is not None:
        rows = rows.filter(condition)
    counts = rows.values("page").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def with_progress(queryset: PageQuerySet, today: datetime.date | None = None) -> PageQuerySet:
    """Attendance and follow-up counts as subqueries inside the listing's own query."""
    today = today or timezone.localdate()
    return queryset.annotate(
        listed_present=_count(queryset, "attendees", Q(present=True)),
        listed_total=_count(queryset, "attendees"),
        tasks_done=_count(queryset, "tasks", Q(done=True)),
        tasks_total=_count(queryset, "tasks"),
        tasks_overdue=_count(queryset, "tasks", Q(done=False, due_date__lt=today)),
    )


def record_years(records: PageQuerySet) -> list[int]:
    """Years (newest first) in which a live record took place, local time."""
    moments = live_public(records).datetimes("start", "year", order="DESC")
    return [moment.year for moment in moments]


def record_listing(records: PageQuerySet, kind: str = "", year: int | None = None) -> PageQuerySet:
    records = with_progress(live_public(records).defer_streamfields())
    if kind:
        records = records.filter(kind=kind)
    if year:
        start, end = year_bounds(year)
        records = records.filter(start__gte=start, start__lt=end)
    return records.order_by("-start", "-pk")


def parse_kind(value: str, kinds: type[TextChoices]) -> str:
    return value if value in kinds.values else ""


def parse_year(value: str | None, years: list[int]) -> int | None:
    """A year from the query string, only when records exist for it; otherwise None (all)."""
    try:
        year = int((value or "").strip())
    except ValueError:
        return None
    return year if year in years else None


def index_context(
    request: HttpRequest, records: PageQuerySet, kinds: type[TextChoices]
) -> dict[str, Any]:
    """What the index template shows: one page of records, the filters and the years."""
    years = record_years(records)
    kind = parse_kind(request.GET.get("kind", ""), kinds)
    year = parse_year(request.GET.get("year", ""), years)
    listing = record_listing(records, kind=kind, year=year)
    return {
        "records": paginate(request, listing, per_page=PAGE_SIZE),
        "kind": kind,
        "kinds": kinds.choices,
        "year": year,
        "years": years,
        "kind_query": filter_query(kind=kind),
        "year_query": filter_query(year=year),
        "extra_query": filter_query(kind=kind, year=year),
    }


# The six parts of the minutes, in the order of MeetingRecordPage.CHILD_RELATIONS, and the
# cached list each fills on the page.
MINUTES_LISTS = (
    ("attendees", "attendee_list"),
    ("agenda_items", "agenda_list"),
    ("speeches", "speech_list"),
    ("raised_suggestions", "suggestion_list"),
    ("resolutions", "resolution_list"),
    ("tasks", "task_list"),
)


def _as_python(field, text):
    if text is None:
        return None
    if isinstance(field, BooleanField):
        # Text of a boolean: '1' / '0' on SQLite, 'true' / 'false' on PostgreSQL.
        return text in ("1", "t", "true", "True")
    return field.to_python(text)


def read_minutes(page) -> None:
    """Every part of a record's minutes in one query rather than one each.

    A UNION ALL of the six tables, each row's own fields as text in the same columns, sorted
    by part and by the editor's order; the rows are built back into their models and left on
    the page's cached lists (``attendee_list``…), which the template and properties read.
    """
    parts = []
    for relation, _attribute in MINUTES_LISTS:
        model = page._meta.get_field(relation).related_model
        fields = [
            field
            for field in model._meta.concrete_fields
            if field.name not in ("id", "page", "sort_order")
        ]
        parts.append((model, fields))
    width = max(len(fields) for _model, fields in parts)
    queries = []
    for number, (model, fields) in enumerate(parts):
        columns = {f"c{i}": Cast(field.attname, TextField()) for i, field in enumerate(fields)}
        columns |= {f"c{i}": Value(None, TextField()) for i in range(len(fields), width)}
        queries.append(
            model.objects.filter(page=page)
            .annotate(part=Value(number, IntegerField()), **columns)
            .values_list("part", "id", "sort_order", *columns)
            .order_by()
        )
    rows = queries[0].union(*queries[1:], all=True).order_by("part", "sort_order", "id")
    lists = [[] for _ in parts]
    for part, pk, sort_order, *values in rows:
        model, fields = parts[part]
        item = model(
            id=pk,
            page_id=page.pk,
            sort_order=sort_order,
            **{f.attname: _as_python(f, v) for f, v in zip(fields, values, strict=False)},
        )
        item._state.adding = False
        lists[part].append(item)
    for (_relation, attribute), items in zip(MINUTES_LISTS, lists, strict=True):
        page.__dict__[attribute] = items
