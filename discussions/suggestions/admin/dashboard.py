"""The dashboard panel: what waits to be accepted, what is in hand, what is overdue."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from ..models import Suggestion
from ..workflow import SuggestionStatus as S
from .common import OPEN_STATUSES, queue_url


def queue_counts(now: datetime.datetime | None = None) -> dict[str, int]:
    """Waiting to be accepted, accepted and not closed, and overdue, in one query."""
    overdue = Suggestion.objects.overdue(now).values("pk")
    return Suggestion.objects.aggregate(
        waiting=Count("pk", filter=Q(status=S.SUBMITTED)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(pk__in=overdue)),
    )


class SuggestionQueuePanel(Component):
    name = "suggestion_queue"
    template_name = "discussions/suggestions/admin/dashboard_panel.html"
    order = 90  # before Wagtail's own panels: this is the day's work

    def get_context_data(self, parent_context):
        counts = queue_counts()
        return {
            "queue_url": queue_url(),
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
