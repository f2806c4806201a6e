"""签到表: a printable A4 roster of an event's confirmed residents for the door, and the list of
today's rosters.

Staff at the door must recognise people, so the roster shows full names; numbers stay masked
(138****1234). It needs events.check_in_registration (可以签到); without the list of names
(events.view_registration), as for the door volunteers, only today's events' rosters open.
"""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from home.admin_ui import admin_breadcrumbs
from home.formatting import format_datetime, mask_phone

from ..models import EventPage, Registration
from ..selectors import staff_events
from .checkin import may_open_roster
from .common import (
    CHECKIN_INDEX_URL_NAME,
    CHECKIN_PERMISSION,
    ROSTERS_URL_NAMESPACE,
    RequiresPermission,
    checkin_url,
    clock_time,
    permission_menu_item,
    refused,
    roster_url,
)

ORDERS = {
    "name": ("name", "code"),
    "code": ("code",),
}


class RosterView(RequiresPermission, TemplateView):
    """One event's roster, a page of its own so that it prints cleanly on A4."""

    required_permission = CHECKIN_PERMISSION
    template_name = "events/admin/roster.html"

    @cached_property
    def event(self):
        return get_object_or_404(EventPage.objects.defer_streamfields(), pk=self.kwargs["event_id"])

    def get(self, request, *args, **kwargs):
        if not may_open_roster(request.user, self.event):
            return refused(
                request,
                CHECKIN_PERMISSION,
                _(
                    "You may open the rosters of today's events only. Rosters of other days "
                    "need the permission to view registrations."
                ),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        order = self.request.GET.get("order")
        order = order if order in ORDERS else "name"
        registrations = (
            Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
            .only("name", "phone", "code", "checked_in_at")
            .order_by(*ORDERS[order])
        )
        rows = [
            {
                "name": registration.name,
                "phone": mask_phone(registration.phone),
                "code": registration.code,
                "checked_in": clock_time(registration.checked_in_at),
            }
            for registration in registrations
        ]
        start = timezone.localtime(event.start)
        end = timezone.localtime(event.end)
        context.update(
            {
                "event": event,
                "when": f"{format_datetime(start)}–{end:%H:%M}"
                if start.date() == end.date()
                else f"{format_datetime(start)} – {format_datetime(end)}",
                "rows": rows,
                "attended": sum(1 for row in rows if row["checked_in"]),
                "order": order,
                "other_order": "code" if order == "name" else "name",
                "printed_at": format_datetime(timezone.now(), weekday=False),
                "checkin_url": checkin_url(event.pk),
                "self_url": roster_url(event.pk),
            }
        )
        return context


class TodayRostersView(RequiresPermission, WagtailAdminTemplateMixin, TemplateView):
    """今日签到表: today's events, each with its roster and check-in screen."""

    required_permission = CHECKIN_PERMISSION
    template_name = "events/admin/rosters_today.html"
    header_icon = "list-ol"
    page_title = gettext_lazy("Today's rosters")

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(
            (reverse(CHECKIN_INDEX_URL_NAME), _("Check-in")), ("", self.get_page_title())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = list(staff_events(timezone.localdate()))
        for event in events:
            event.start_display = format_datetime(event.start, weekday=False)
            event.roster_url = roster_url(event.pk)
            event.checkin_url = checkin_url(event.pk)
        context["events"] = events
        return context


class RosterViewSet(ViewSet):
    name = ROSTERS_URL_NAMESPACE
    url_prefix = "events/rosters"
    icon = "list-ol"
    menu_label = _("Today's rosters")

    def get_urlpatterns(self):
        return [
            path("", TodayRostersView.as_view(), name="index"),
            path("<int:event_id>/", RosterView.as_view(), name="event"),
        ]

    @cached_property
    def menu_item_class(self):
        return permission_menu_item(self, CHECKIN_PERMISSION)
