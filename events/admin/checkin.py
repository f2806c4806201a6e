"""签到 at the door: the desk listing today's and upcoming events, and each event's screen where
staff type or scan a code, see whose it is and confirm."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet

from home.admin_ui import admin_breadcrumbs
from home.formatting import format_datetime, mask_name

from .. import services
from ..models import EventPage, Registration
from ..selectors import event_counts, with_all_counts
from .common import (
    CHECKIN_INDEX_URL_NAME,
    CHECKIN_URL_NAME,
    REGISTRATIONS_URL_NAMESPACE,
    checkin_url,
    clock_time,
    permission_menu_item,
)

RECENT_CHECKINS = 5
UPCOMING_CHECKIN_EVENTS = 30


class CheckinPermissionMixin(PermissionCheckedMixin):
    model = Registration
    permission_required = "change"


class CheckinIndexView(CheckinPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Today's events (even those already over) and upcoming ones, each with its check-in link."""

    template_name = "events/admin/checkin_index.html"
    header_icon = "calendar-check"
    page_title = gettext_lazy("Check-in")

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(("", self.get_page_title()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
        events = list(
            with_all_counts(EventPage.objects.live().defer_streamfields())
            .filter(end__gte=start_of_today)
            .order_by("start", "pk")[:UPCOMING_CHECKIN_EVENTS]
        )
        for event in events:
            event.start_display = format_datetime(event.start, weekday=False)
            event.checkin_url = checkin_url(event.pk)
        context.update(
            {
                "today_events": [e for e in events if timezone.localtime(e.start).date() <= today],
                "upcoming_events": [
                    e for e in events if timezone.localtime(e.start).date() > today
                ],
                "registrations_url": reverse(f"{REGISTRATIONS_URL_NAMESPACE}:index")
                if self.user_has_permission("view")
                else None,
            }
        )
        return context


class CheckinView(CheckinPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """签到: type or scan a code, see whose it is, confirm. Checking in twice is harmless."""

    template_name = "events/admin/checkin.html"
    header_icon = "calendar-check"
    page_title = gettext_lazy("Check-in")
    http_method_names = ["get", "post"]

    @cached_property
    def event(self):
        return get_object_or_404(EventPage.objects.defer_streamfields(), pk=self.kwargs["event_id"])

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(
            (reverse(CHECKIN_INDEX_URL_NAME), _("Check-in")), ("", self.event.title)
        )

    def get(self, request, *args, **kwargs):
        code = _clean_code(request.GET.get("code"))
        if not code:
            return self._render()
        registration = Registration.objects.filter(event=self.event, code=code).first()
        if registration is None:
            return self._render(
                code=code,
                result="error",
                message=_("No registration for this event has that code."),
            )
        return self._render(code=code, registration=registration, result="found")

    def post(self, request, *args, **kwargs):
        code = _clean_code(request.POST.get("code"))
        if not code:
            return self._render(result="error", message=_("Enter the registration code."))
        try:
            registration, already = services.check_in(event=self.event, code=code)
        except services.RegistrationError as refusal:
            return self._render(code=code, result="error", message=refusal.message)
        name = mask_name(registration.name)
        if already:
            message = _("%(name)s was already checked in at %(time)s.") % {
                "name": name,
                "time": clock_time(registration.checked_in_at),
            }
        else:
            message = _("%(name)s is checked in.") % {"name": name}
        # The code box is left empty for the next person in the queue.
        return self._render(
            registration=registration,
            result="already" if already else "checked_in",
            message=message,
        )

    def _render(self, code="", registration=None, result="", message=""):
        attended, confirmed = event_counts(self.event)
        recent = list(
            Registration.objects.filter(event=self.event, checked_in_at__isnull=False)
            .order_by("-checked_in_at", "-pk")
            .only("name", "code", "checked_in_at")[:RECENT_CHECKINS]
        )
        context = self.get_context_data(
            event=self.event,
            event_start=format_datetime(self.event.start),
            code=code if result in ("found", "error") else "",
            registration=registration,
            position=registration.waiting_position() if registration else None,
            masked_name=mask_name(registration.name) if registration else "",
            checked_in_time=clock_time(registration.checked_in_at) if registration else "",
            result=result,
            message=message,
            attended=attended,
            confirmed=confirmed,
            capacity=self.event.capacity,
            recent=[
                {"name": mask_name(r.name), "code": r.code, "time": clock_time(r.checked_in_at)}
                for r in recent
            ],
            action_url=reverse(CHECKIN_URL_NAME, args=[self.event.pk]),
        )
        return self.render_to_response(context)


def _clean_code(value):
    return "".join((value or "").split()).upper()[:12]


class CheckinDeskViewSet(ViewSet):
    """The list of today's and upcoming events; each event's own screen is ``events_checkin``."""

    name = "events_checkin_desk"
    url_prefix = "events/checkin"
    icon = "calendar-check"
    menu_label = _("Check-in")

    def get_urlpatterns(self):
        return [path("", CheckinIndexView.as_view(), name="index")]

    @cached_property
    def menu_item_class(self):
        return permission_menu_item(self, "events.change_registration")


def checkin_urls():
    """Each event's check-in screen. Not inside a viewset: events.selectors.checkin_qr_svg
    reverses this exact, un-namespaced name."""
    return [path("events/checkin/<int:event_id>/", CheckinView.as_view(), name=CHECKIN_URL_NAME)]
