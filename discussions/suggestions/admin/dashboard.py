"""The dashboard's suggestion panel (工作台): the cases that wait, in the order they are due.

The panel reads two queries however many cases there are: the three counts in one aggregate,
and the first rows of the queue's own deadline order (overdue first) with their responsible
person joined in.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from home.formatting import format_datetime, group_code

from ..models import Suggestion
from ..querysets import overdue_condition
from ..workflow import SuggestionStatus as S
from .common import OPEN_STATUSES, person_name, queue_url

PANEL_ROWS = 8
# Waiting to be accepted or in handling: what the panel lists.
WAITING_OR_OPEN = (S.SUBMITTED, *OPEN_STATUSES)


def queue_counts(now: datetime.datetime | None = None) -> dict[str, int]:
    """Waiting to be accepted, accepted and not closed, and overdue, in one query."""
    now = now or timezone.now()
    return Suggestion.objects.aggregate(
        waiting=Count("pk", filter=Q(status=S.SUBMITTED)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=overdue_condition(now)),
    )


def queue_rows(limit: int = PANEL_ROWS) -> list[Suggestion]:
    """The first cases waiting or in handling, by the deadline that applies, overdue first."""
    cases = Suggestion.objects.filter(status__in=WAITING_OR_OPEN).select_related("assignee")
    return list(cases.defer("form_data").by_deadline()[:limit])


class SuggestionQueuePanel(Component):
    name = "suggestion_queue"
    template_name = "discussions/suggestions/admin/dashboard_panel.html"
    order = 90  # before Wagtail's own panels: this is the day's work

    def get_context_data(self, parent_context):
        now = timezone.now()
        counts = queue_counts(now)
        rows = [
            {
                "code": group_code(case.tracking_code),
                "tracking_code": case.tracking_code,
                "url": reverse("suggestions:inspect", args=[case.pk]),
                "content": case.content,
                "status": case.status,
                "status_label": case.get_status_display(),
                "deadline": format_datetime(case.deadline, weekday=False),
                "overdue": case.is_overdue(now),
                "assignee": person_name(case.assignee),
            }
            for case in queue_rows()
        ]
        return {
            "queue_url": queue_url(),
            "rows": rows,
            "more": counts["waiting"] + counts["open"] - len(rows),
            "items": [
                {
                    "key": "waiting",
                    "label": _("Waiting to be accepted"),
                    "count": counts["waiting"],
                    "url": queue_url(status=S.SUBMITTED),
                },
                {
                    "key": "open",
                    "label": _("In handling"),
                    "count": counts["open"],
                    "url": queue_url(status=list(OPEN_STATUSES)),
                },
                {
                    "key": "overdue",
                    "label": _("Overdue"),
                    "count": counts["overdue"],
                    "url": queue_url(overdue="yes"),
                },
            ],
        }
