"""The 议事记录 listing in the Wagtail admin: every record in one flat list with its follow-up.

Records are pages, written in the page editor; the listing and its menu item are for staff who
may edit pages (``wagtailcore.change_page``), and refuse everyone else with a 403.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.choose_parent import ChooseParentView
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from home.admin_ui import ChineseSearchMixin, LocalDateTimeColumn, forbidden

from ..admin_access import EDIT_PAGES, RefusedWith403Mixin, can_edit_pages
from .models import MeetingRecordPage
from .selectors import with_progress


class ProgressColumn(Column):
    """Follow-up tasks done out of all, as residents see it (3/4)."""

    def get_value(self, instance):
        done, total, _overdue = instance.task_progress
        return f"{done}/{total}" if total else "—"


class MeetingRecordIndexView(RefusedWith403Mixin, ChineseSearchMixin, IndexView):
    """The flat record listing, with follow-up counts computed in the listing's own query."""

    any_permission_required = [EDIT_PAGES]
    refused_message = _("Only staff who edit pages may open the meeting records.")

    def get_base_queryset(self):
        return with_progress(super().get_base_queryset())


class MeetingRecordChooseParentView(ChooseParentView):
    """Where a new record goes: Wagtail checks nothing here, so the listing's rule applies."""

    def dispatch(self, request, *args, **kwargs):
        if not can_edit_pages(request.user):
            return forbidden(request, str(MeetingRecordIndexView.refused_message))
        return super().dispatch(request, *args, **kwargs)


class MeetingRecordMenuItem(MenuItem):
    def is_shown(self, request):
        return can_edit_pages(request.user)


class MeetingRecordListingViewSet(PageListingViewSet):
    index_view_class = MeetingRecordIndexView
    choose_parent_view_class = MeetingRecordChooseParentView
    model = MeetingRecordPage
    icon = "group"
    menu_label = _("Meeting records")
    menu_order = 130
    add_to_admin_menu = True
    menu_item_class = MeetingRecordMenuItem
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
