"""签到 at the door: the desk listing today's and upcoming events, and each event's screen where
staff type or scan a code, see whose it is and confirm, check in someone from the list of
those not yet arrived, or take back a check-in made by mistake.

Every screen here needs one permission, events.check_in_registration (可以签到), which the
door volunteers hold alone. Check-in itself and its undo go through events.services.
"""

from django.db.models.functions import Right
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from home.admin_ui import admin_breadcrumbs
from home.formatting import format_datetime, mask_name

from .. import services
from ..models import EventPage, Registration
from ..selectors import day_bounds, event_counts, runs_on, with_all_counts
from .common import (
    CHECKIN_INDEX_URL_NAME,
    CHECKIN_PERMISSION,
    CHECKIN_URL_NAME,
    UNDO_CHECKIN_URL_NAME,
    VIEW_PERMISSION,
    RequiresPermission,
    checkin_url,
    clock_time,
    permission_menu_item,
    registrations_url,
    roster_url,
)

RECENT_CHECKINS = 5
UPCOMING_CHECKIN_EVENTS = 30


def may_open_roster(user, event, today=None):
    """Everyone who may check in opens today's rosters; other days' need the list of names."""
    if not user.has_perm(CHECKIN_PERMISSION):
        return False
    return user.has_perm(VIEW_PERMISSION) or runs_on(event, today or timezone.localdate())


def safe_next_url(request):
    """A ``next`` address in this site, or None."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


class CheckinIndexView(RequiresPermission, WagtailAdminTemplateMixin, TemplateView):
    """Today's events (even those already over) and upcoming ones, each with its check-in link."""

    required_permission = CHECKIN_PERMISSION
    template_name = "events/admin/checkin_index.html"
    header_icon = "calendar-check"
    page_title = gettext_lazy("Check-in")

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(("", self.get_page_title()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        start_of_today = day_bounds(today)[0]
        events = list(
            with_all_counts(EventPage.objects.live().defer_streamfields())
            .filter(end__gte=start_of_today)
            .order_by("start", "pk")[:UPCOMING_CHECKIN_EVENTS]
        )
        user = self.request.user
        may_view = user.has_perm(VIEW_PERMISSION)
        for event in events:
            event.start_display = format_datetime(event.start, weekday=False)
            event.checkin_url = checkin_url(event.pk)
            event.roster_url = roster_url(event.pk) if may_open_roster(user, event, today) else ""
            event.registrations_url = registrations_url(event.pk) if may_view else ""
        context.update(
            {
                "today_events": [e for e in events if timezone.localtime(e.start).date() <= today],
                "upcoming_events": [
                    e for e in events if timezone.localtime(e.start).date() > today
                ],
            }
        )
        return context


class EventScreenMixin(RequiresPermission):
    required_permission = CHECKIN_PERMISSION

    @cached_property
    def event(self):
        # Looked up after the permission check, so a refused user learns nothing from a 404.
        return get_object_or_404(EventPage.objects.defer_streamfields(), pk=self.kwargs["event_id"])

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(
            (reverse(CHECKIN_INDEX_URL_NAME), _("Check-in")), ("", self.event.title)
        )


class CheckinView(EventScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    """签到: type or scan a code, see whose it is, confirm. Checking in twice is harmless.

    A POST may carry ``confirm`` (check in outside the event's day, after the warning) and
    ``next`` (where to go back to, e.g. the registration listing, once it is done).
    """

    template_name = "events/admin/checkin.html"
    header_icon = "calendar-check"
    page_title = gettext_lazy("Check-in")
    http_method_names = ["get", "post"]

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
        next_url = safe_next_url(request)
        if not code:
            return self._render(result="error", message=_("Enter the registration code."))
        try:
            registration, already = services.check_in(
                event=self.event,
                code=code,
                outside_window=request.POST.get("confirm") == "1",
                user=request.user,
            )
        except services.RegistrationError as refusal:
            if refusal.reason in services.OUTSIDE_CHECKIN_WINDOW:
                # A second click, with the event's time in plain sight, checks in all the same.
                return self._render(
                    code=code, result="outside_window", message=refusal.message, next_url=next_url
                )
            if next_url:
                messages.error(request, f"{code}：{refusal.message}")
                return redirect(next_url)
            return self._render(code=code, result="error", message=refusal.message)
        name = mask_name(registration.name)
        if already:
            message = _("%(name)s was already checked in at %(time)s.") % {
                "name": name,
                "time": clock_time(registration.checked_in_at),
            }
        else:
            message = _("%(name)s is checked in.") % {"name": name}
        if next_url:
            messages.success(request, f"{registration.code}：{message}")
            return redirect(next_url)
        # The code box is left empty for the next person in the queue.
        return self._render(
            registration=registration,
            result="already" if already else "checked_in",
            message=message,
        )

    def _render(self, code="", registration=None, result="", message="", next_url=None):
        event = self.event
        attended, confirmed = event_counts(event)
        recent = list(
            Registration.objects.filter(event=event, checked_in_at__isnull=False)
            .order_by("-checked_in_at", "-pk")
            .only("name", "code", "checked_in_at")[:RECENT_CHECKINS]
        )
        not_arrived = list(
            Registration.objects.filter(
                event=event, status=Registration.Status.CONFIRMED, checked_in_at__isnull=True
            )
            .annotate(last_digits=Right("phone", 4))
            .order_by("last_digits", "code")
            .only("name", "code")
        )
        opens, closes = services.check_in_window(event)
        here = reverse(CHECKIN_URL_NAME, args=[event.pk])
        context = self.get_context_data(
            event=event,
            event_start=format_datetime(event.start),
            checkin_opens=format_datetime(opens),
            window_open=opens <= timezone.now() < closes,
            code=code if result in ("found", "error", "outside_window") else "",
            registration=registration,
            position=registration.waiting_position() if registration else None,
            masked_name=mask_name(registration.name) if registration else "",
            checked_in_time=clock_time(registration.checked_in_at) if registration else "",
            result=result,
            message=message,
            next_url=next_url or "",
            attended=attended,
            confirmed=confirmed,
            capacity=event.capacity,
            recent=[
                {"name": mask_name(r.name), "code": r.code, "time": clock_time(r.checked_in_at)}
                for r in recent
            ],
            not_arrived=[
                {"name": mask_name(r.name), "code": r.code, "last_digits": r.last_digits or "—"}
                for r in not_arrived
            ],
            action_url=here,
            undo_url=reverse(UNDO_CHECKIN_URL_NAME, args=[event.pk]),
            here=here,
            roster_url=roster_url(event.pk) if may_open_roster(self.request.user, event) else "",
        )
        return self.render_to_response(context)


class UndoCheckinView(EventScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    """撤销签到: GET asks (from a registration's details), POST takes the check-in back."""

    template_name = "events/admin/undo_checkin.html"
    header_icon = "rotate"
    page_title = gettext_lazy("Undo check-in")
    http_method_names = ["get", "post"]

    def registration(self, code):
        return (
            Registration.objects.filter(event=self.event, code=_clean_code(code)).first()
            if code
            else None
        )

    def done_url(self):
        return safe_next_url(self.request) or reverse(CHECKIN_URL_NAME, args=[self.event.pk])

    def get(self, request, *args, **kwargs):
        registration = self.registration(request.GET.get("code"))
        if registration is None or registration.checked_in_at is None:
            messages.warning(request, _("This registration is not checked in."))
            return redirect(self.done_url())
        context = self.get_context_data(
            registration=registration,
            masked_name=mask_name(registration.name),
            checked_in_at=format_datetime(registration.checked_in_at),
            event_start=format_datetime(self.event.start),
            action_url=reverse(UNDO_CHECKIN_URL_NAME, args=[self.event.pk]),
            next_url=safe_next_url(request) or "",
            done_url=self.done_url(),
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        registration = self.registration(request.POST.get("code"))
        if registration is None:
            messages.error(request, _("No registration for this event has that code."))
            return redirect(self.done_url())
        registration, undone = services.undo_check_in(registration=registration, user=request.user)
        name = mask_name(registration.name)
        if undone:
            messages.success(
                request,
                _("The check-in of %(name)s (%(code)s) has been undone.")
                % {"name": name, "code": registration.code},
            )
        else:
            messages.warning(request, _("This registration is not checked in."))
        return redirect(self.done_url())


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
        return permission_menu_item(self, CHECKIN_PERMISSION)


def checkin_urls():
    """Each event's check-in screen and its undo. Not inside a viewset:
    events.selectors.checkin_qr_svg reverses this exact, un-namespaced name."""
    return [
        path("events/checkin/<int:event_id>/", CheckinView.as_view(), name=CHECKIN_URL_NAME),
        path(
            "events/checkin/<int:event_id>/undo/",
            UndoCheckinView.as_view(),
            name=UNDO_CHECKIN_URL_NAME,
        ),
    ]
