"""The report's figures of suggestions and cases, aggregated in the database.

Each rate counts the cases whose clock ran out, or whose outcome became known, within the
period (up to now in a running period), so that a case belongs to the period of its deadline,
not to the one it arrived in:

- 及时受理率: accepted or refused by the acceptance deadline ÷ cases whose acceptance deadline
  fell in the period;
- 按期办结率: closed by the closing deadline (办结时限) ÷ cases whose closing deadline fell in it;
- 群众满意率: 满意 + 基本满意 ÷ verdicts given in the period;
- 参评率: closed cases with a verdict ÷ cases closed in the period;
- 息诉息访率: settled ÷ cases whose 90 days after closing ended in the period (closed at least 90
  days before its end), anonymous ones left out; a case is settled when its verdict is 满意 or
  基本满意 and the same number brought no new case within those 90 days (after the purge has
  blanked the numbers, the case's ``came_back`` says whether it did).
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from discussions.models import (
    Channel,
    Satisfaction,
    Suggestion,
    SuggestionEvent,
    SuggestionStatus,
    Visit,
)
from discussions.suggestions.channels import SETTLING_DAYS

from .periods import Period

SETTLING = datetime.timedelta(days=SETTLING_DAYS)
CONTENT = (Satisfaction.SATISFIED, Satisfaction.BASIC)


def _within(field: str, start: datetime.datetime, end: datetime.datetime) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def case_figures(period: Period, now: datetime.datetime) -> dict:
    """Every count of the cases section in two queries, and the channels and categories in a
    third."""
    start, until = period.start, period.until(now)
    received = _within("submit_time", start, period.end)
    accept_due = _within("accept_due", start, until)
    close_due = _within("close_due", start, until)
    closed = Q(status=SuggestionStatus.CLOSED) & _within("closed_at", start, period.end)
    evaluated = _within("evaluated_at", start, period.end) & ~Q(satisfaction="")
    # Closed at least 90 days before the period's end (and before now).
    settling = Q(status=SuggestionStatus.CLOSED, anonymous=False) & _within(
        "closed_at", start - SETTLING, until - SETTLING
    )
    refused_at = SuggestionEvent.objects.filter(
        suggestion=OuterRef("pk"), to_status=SuggestionStatus.REJECTED
    ).values("at")[:1]
    came_back = Suggestion.objects.filter(
        phone=OuterRef("phone"),
        submit_time__gt=OuterRef("closed_at"),
        submit_time__lte=ExpressionWrapper(
            OuterRef("closed_at") + SETTLING, output_field=DateTimeField()
        ),
    )
    totals = (
        Suggestion.objects.filter(received | accept_due | close_due | closed | evaluated | settling)
        .annotate(
            decided_at=Coalesce("accepted_at", Subquery(refused_at)),
        )
        .aggregate(
            received_count=Count("pk", filter=received),
            repeat_count=Count("pk", filter=received & Q(repeat_of__isnull=False)),
            accept_due_count=Count("pk", filter=accept_due),
            accepted_in_time=Count("pk", filter=accept_due & Q(decided_at__lte=F("accept_due"))),
            close_due_count=Count("pk", filter=close_due),
            closed_in_time=Count(
                "pk",
                filter=close_due & Q(status=SuggestionStatus.CLOSED, closed_at__lte=F("close_due")),
            ),
            evaluated_count=Count("pk", filter=evaluated),
            content=Count("pk", filter=evaluated & Q(satisfaction__in=CONTENT)),
            closed_count=Count("pk", filter=closed),
            closed_evaluated=Count("pk", filter=closed & ~Q(satisfaction="")),
            settling_count=Count("pk", filter=settling),
        )
    )
    # Apart, with the test in WHERE: the database then joins the cases by number once (an
    # anti-join) instead of looking for a later case once a row. Once the numbers are purged,
    # ``came_back`` keeps the answer.
    totals["settled"] = (
        Suggestion.objects.filter(settling, satisfaction__in=CONTENT, came_back=False)
        .exclude(Exists(came_back))
        .count()
    )
    rows = (
        Suggestion.objects.filter(received)
        .order_by()
        .values("channel", "category")
        .annotate(count=Count("pk"))
    )
    channels = {choice.value: 0 for choice in Channel}
    categories = {}
    for row in rows:
        channels[row["channel"]] = channels.get(row["channel"], 0) + row["count"]
        categories[row["category"]] = categories.get(row["category"], 0) + row["count"]
    # The choice's own label "Online" reads 网上报名 in Chinese, shared with registrations.
    labels = {**dict(Channel.choices), Channel.WEB: _("Website")}
    totals["channels"] = [
        {"key": key, "label": labels.get(key, key), "count": count}
        for key, count in channels.items()
    ]
    totals["categories"] = [
        {"key": key, "label": key, "count": count}
        for key, count in sorted(categories.items(), key=lambda item: (-item[1], item[0]))
    ]
    return totals


def visit_count(period: Period, today: datetime.date) -> int:
    return Visit.objects.filter(date__gte=period.first, date__lte=min(period.last, today)).count()
