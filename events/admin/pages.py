"""全部活动: the flat listing of event pages with their seat counts and, in each row, the links
staff use to run the event (registrations, check-in, roster, online quiz), each shown only to
holders of its permission."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from home.admin_ui import (
    ChineseSearchMixin,
    LocalDateTimeColumn,
    PageEditorsMenuItem,
    PageEditorsOnlyMixin,
    field_label,
)

from ..models import EventKind, EventPage, Quiz
from ..selectors import with_all_counts
from .checkin import may_open_roster
from .common import (
    CHECKIN_PERMISSION,
    QUIZ_PERMISSION,
    QUIZ_RESULTS_URL_NAME,
    VIEW_PERMISSION,
    checkin_url,
    registrations_url,
    roster_url,
)


class EventActionsColumn(Column):
    """报名记录, 签到, 签到表 and 线上答题 as links in each row: everyday work, not behind "…"."""

    cell_template_name = "events/admin/event_actions_cell.html"

    def get_value(self, instance):
        return instance

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        user = parent_context["request"].user
        links = []
        if user.has_perm(VIEW_PERMISSION):
            url = registrations_url(instance.pk)
            links.append(("registrations", _("Registration records"), url))
        if user.has_perm(CHECKIN_PERMISSION):
            links.append(("checkin", _("Check-in"), checkin_url(instance.pk)))
            if may_open_roster(user, instance):
                links.append(("roster", _("Roster"), roster_url(instance.pk)))
        if instance.kind == EventKind.QUIZ and instance.quiz_pk and user.has_perm(QUIZ_PERMISSION):
            links.append(
                ("quiz", _("Online quiz"), reverse(QUIZ_RESULTS_URL_NAME, args=[instance.quiz_pk]))
            )
        context["links"] = links
        return context


class EventPageIndexView(PageEditorsOnlyMixin, ChineseSearchMixin, PageIndexView):
    """The flat event listing, with its seat counts computed in the listing's own query."""

    def get_base_queryset(self):
        quiz = Quiz.objects.filter(event=OuterRef("pk")).values("pk")[:1]
        return with_all_counts(super().get_base_queryset()).annotate(quiz_pk=Subquery(quiz))


class EventPageListingViewSet(PageListingViewSet):
    model = EventPage
    index_view_class = EventPageIndexView
    icon = "calendar"
    menu_label = gettext_lazy("All events")
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
        Column("confirmed_count", label=gettext_lazy("Confirmed")),
        Column("waitlisted_count", label=gettext_lazy("On the waiting list")),
        Column("attended_count", label=gettext_lazy("Attended")),
        EventActionsColumn("actions", label=gettext_lazy("Run the event")),
    ]
    menu_item_class = PageEditorsMenuItem
