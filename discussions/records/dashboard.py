"""The dashboard's follow-up panel (工作台): tasks from every meeting record past their due date.

Two queries however many records and tasks there are: the count, and the first rows with their
record's title joined in. Each row opens the record in the page editor, where the task is
marked done.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component

from home.admin_ui import field_label
from home.formatting import format_date

from .models import FollowUpTask

PANEL_ROWS = 8


def overdue_tasks(today: datetime.date | None = None):
    """Open follow-up tasks of any record whose due date has passed (Asia/Shanghai calendar)."""
    today = today or timezone.localdate()
    return FollowUpTask.objects.filter(done=False, due_date__lt=today)


def overdue_rows(today: datetime.date, limit: int = PANEL_ROWS) -> list[dict]:
    """The longest overdue first, each with its record's id and title."""
    rows = overdue_tasks(today).order_by("due_date", "page__start", "pk")[:limit]
    return list(rows.values("pk", "task", "owner", "due_date", "page_id", "page__title"))


class OverdueTasksPanel(Component):
    name = "overdue_follow_up_tasks"
    template_name = "discussions/records/admin/overdue_tasks_panel.html"
    order = 95  # after the suggestions, before Wagtail's own panels

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        count = overdue_tasks(today).count()
        rows = [
            {
                "task": row["task"],
                "owner": row["owner"],
                "due": format_date(row["due_date"], weekday=False),
                "late": ngettext(
                    "%(days)s day overdue", "%(days)s days overdue", (today - row["due_date"]).days
                )
                % {"days": (today - row["due_date"]).days},
                "record": row["page__title"],
                "url": reverse("wagtailadmin_pages:edit", args=[row["page_id"]]),
            }
            for row in (overdue_rows(today) if count else [])
        ]
        return {
            "count": count,
            "rows": rows,
            "more": count - len(rows),
            "records_url": reverse("meeting_records:index"),
            "heading": _("Overdue follow-up tasks"),
            "due_label": field_label(FollowUpTask, "due_date"),
        }
