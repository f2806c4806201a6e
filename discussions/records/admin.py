"""The 议事记录 listing in the Wagtail admin: every record in one flat list with its follow-up."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from home.admin_ui import ChineseSearchMixin, LocalDateTimeColumn

from .models import MeetingRecordPage
from .selectors import with_progress


class ProgressColumn(Column):
    """Follow-up tasks done out of all, as residents see it (3/4)."""

    def get_value(self, instance):
        done, total, _overdue = instance.task_progress
        return f"{done}/{total}" if total else "—"


class MeetingRecordIndexView(ChineseSearchMixin, IndexView):
    """The flat record listing, with follow-up counts computed in the listing's own query."""

    def get_base_queryset(self):
        return with_progress(super().get_base_queryset())


class MeetingRecordListingViewSet(PageListingViewSet):
    index_view_class = MeetingRecordIndexView
    model = MeetingRecordPage
    icon = "group"
    menu_label = _("Meeting records")
    menu_order = 130
    add_to_admin_menu = True
    name = "meeting_records"
    url_prefix = "meeting-records"
    ordering = "-start"
    columns = [
        *(column for column in PageListingViewSet.columns if column.name != "parent"),
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        LocalDateTimeColumn("start", label=_("Date and time"), sort_key="start"),
        ProgressColumn("task_progress", label=_("Follow-up done")),
        Column("tasks_overdue", label=_("Overdue")),
    ]
