"""全部活动: the flat listing of event pages with their seat counts."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from home.admin_ui import ChineseSearchMixin, LocalDateTimeColumn, field_label

from ..models import EventPage
from ..selectors import with_all_counts


class EventPageIndexView(ChineseSearchMixin, PageIndexView):
    """The flat event listing, with its seat counts computed in the listing's own query."""

    def get_base_queryset(self):
        return with_all_counts(super().get_base_queryset())


class EventPageListingViewSet(PageListingViewSet):
    model = EventPage
    index_view_class = EventPageIndexView
    icon = "calendar"
    menu_label = _("All events")
    name = "event_pages"
    url_prefix = "events"
    ordering = "-start"
    columns = [
        # Every event sits under the one event index: its "parent" column would say nothing.
        *(column for column in PageListingViewSet.columns if column.name != "parent"),
        Column(
            "kind",
            label=field_label(EventPage, "kind"),
            accessor="get_kind_display",
            sort_key="kind",
        ),
        LocalDateTimeColumn("start", label=field_label(EventPage, "start"), sort_key="start"),
        Column("capacity", label=field_label(EventPage, "capacity"), sort_key="capacity"),
        Column("confirmed_count", label=_("Confirmed")),
        Column("waitlisted_count", label=_("On the waiting list")),
        Column("attended_count", label=_("Attended")),
    ]

    @cached_property
    def menu_item_class(self):
        def is_shown(_self, request):
            return user_has_any_page_permission(request.user)

        return type("EventPageListingMenuItem", (MenuItem,), {"is_shown": is_shown})
