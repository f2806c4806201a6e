"""Staff work on registrations in the Wagtail admin: the listing and its export, registering a
resident at the office, cancelling for them, and checking people in at the door.

Like the public views, these only translate between HTTP and events.services; none of them
writes a registration itself, and a RegistrationError becomes an admin message, never a 500.
"""

import datetime

from django import forms
from django.contrib.admin.utils import quote
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.widgets.button import Button

from home.admin_ui import (
    ChineseSearchMixin,
    LocalDateTimeColumn,
    PhoneColumn,
    StaffExportMixin,
    admin_breadcrumbs,
    field_label,
    phone_for,
)
from home.formatting import format_datetime, mask_name
from home.forms import PersonNameField, PhoneField

from . import services
from .models import EventPage, Registration
from .selectors import with_counts

FULL_PHONE_PERMISSION = "events.view_full_phone"
RECENT_CHECKINS = 5
UPCOMING_CHECKIN_EVENTS = 30

# Names of the admin URLs these views link to (registered in wagtail_hooks).
REGISTRATIONS_URL_NAMESPACE = "event_registrations"
REGISTER_URL_NAME = "events_register:index"
CHECKIN_INDEX_URL_NAME = "events_checkin_desk:index"
CHECKIN_URL_NAME = "events_checkin"


def clock_time(value):
    return f"{timezone.localtime(value):%H:%M}" if value else ""


def _attended():
    counts = (
        Registration.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def with_all_counts(queryset):
    """Confirmed, waitlisted and attended counts as subqueries of the listing's own query."""
    return with_counts(queryset).annotate(attended_count=_attended())


def event_counts(event):
    """(attended, confirmed) for one event, in one query."""
    counts = Registration.objects.filter(event=event).aggregate(
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
    )
    return counts["attended"], counts["confirmed"]


def checkin_url(event_id, code=None):
    url = reverse(CHECKIN_URL_NAME, args=[event_id])
    return f"{url}?code={code}" if code else url


# --- Registration listing, export and inspect ------------------------------------------------


class RegistrationIndexView(StaffExportMixin, IndexView):
    # Holding add or change alone (office or door staff) does not open the list of names.
    any_permission_required = ["view"]
    default_ordering = "-created_at"
    register_url_name = REGISTER_URL_NAME
    cancel_url_name = f"{REGISTRATIONS_URL_NAMESPACE}:cancel"

    export_permission = FULL_PHONE_PERMISSION
    export_refused_message = gettext_lazy(
        "Only staff allowed to see full phone numbers may export."
    )

    @cached_property
    def columns(self):
        return [
            Column(
                "event",
                label=field_label(Registration, "event"),
                accessor="event.title",
                sort_key="event__title",
                width="20%",
            ),
            self._get_title_column("code", width="13%"),
            Column("name", label=field_label(Registration, "name"), width="9%"),
            PhoneColumn(
                "phone",
                permission=FULL_PHONE_PERMISSION,
                label=field_label(Registration, "phone"),
                width="11%",
            ),
            Column(
                "status",
                label=field_label(Registration, "status"),
                accessor="get_status_display",
                sort_key="status",
                width="8%",
            ),
            Column(
                "source",
                label=field_label(Registration, "source"),
                accessor="get_source_display",
                sort_key="source",
                width="11%",
            ),
            LocalDateTimeColumn(
                "created_at",
                label=field_label(Registration, "created_at"),
                sort_key="created_at",
                width="14%",
            ),
            LocalDateTimeColumn(
                "checked_in_at",
                label=field_label(Registration, "checked_in_at"),
                sort_key="checked_in_at",
                width="14%",
            ),
        ]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event")

    # The header's "add" button leads to registering on a resident's behalf.
    def get_add_url(self):
        if self.user_has_permission("add"):
            return reverse(self.register_url_name)

    @cached_property
    def add_item_label(self):
        return _("Register for a resident")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        inspect_url = self.get_inspect_url(instance)
        for button in buttons:
            if button.url == inspect_url:
                button.label = _("Details")
        if instance.is_active and self.user_has_permission("change"):
            if instance.status == Registration.Status.CONFIRMED and not instance.checked_in_at:
                buttons.append(
                    MenuItem(
                        _("Check in"),
                        url=checkin_url(instance.event_id, instance.code),
                        icon_name="calendar-check",
                        priority=5,
                    )
                )
            buttons.append(
                MenuItem(
                    _("Cancel registration"),
                    url=reverse(self.cancel_url_name, args=[quote(instance.pk)]),
                    icon_name="circle-xmark",
                    priority=40,
                )
            )
        return buttons


class RegistrationInspectView(InspectView):
    any_permission_required = ["view"]
    page_title = gettext_lazy("Details")
    cancel_url_name = f"{REGISTRATIONS_URL_NAMESPACE}:cancel"

    def get_object(self, queryset=None):
        return get_object_or_404(Registration.objects.select_related("event"), pk=self.pk)

    def get_page_subtitle(self):
        return self.object.code

    def get_event_display_value(self):
        return f"{self.object.event.title}（{format_datetime(self.object.event.start)}）"

    def get_phone_display_value(self):
        phone = self.object.phone
        return phone_for(self.request.user, phone, FULL_PHONE_PERMISSION)

    def get_status_display_value(self):
        position = self.object.waiting_position()
        status = self.object.get_status_display()
        if position:
            return status + _(" (number %(position)s in line)") % {"position": position}
        return status

    def get_created_at_display_value(self):
        return format_datetime(self.object.created_at)

    def get_consent_at_display_value(self):
        return format_datetime(self.object.consent_at) or "—"

    def get_promoted_at_display_value(self):
        return format_datetime(self.object.promoted_at) or "—"

    def get_cancelled_at_display_value(self):
        return format_datetime(self.object.cancelled_at) or "—"

    def get_checked_in_at_display_value(self):
        return format_datetime(self.object.checked_in_at) or "—"

    def get_reminder_sent_at_display_value(self):
        return format_datetime(self.object.reminder_sent_at) or "—"

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.is_active and self.user_has_permission("change"):
            if (
                self.object.status == Registration.Status.CONFIRMED
                and not self.object.checked_in_at
            ):
                buttons.append(
                    Button(
                        _("Check in"),
                        url=checkin_url(self.object.event_id, self.object.code),
                        icon_name="calendar-check",
                        priority=5,
                    )
                )
            buttons.append(
                Button(
                    _("Cancel registration"),
                    url=reverse(self.cancel_url_name, args=[quote(self.object.pk)]),
                    icon_name="circle-xmark",
                    priority=40,
                )
            )
        return buttons


# --- Cancel on a resident's behalf -----------------------------------------------------------


class CancelRegistrationView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET asks for confirmation; only POST cancels."""

    model = Registration
    permission_required = "change"
    http_method_names = ["get", "post"]
    template_name = "events/admin/cancel_confirm.html"
    index_url_name = None
    inspect_url_name = None
    header_icon = "circle-xmark"
    page_title = gettext_lazy("Cancel registration")

    @cached_property
    def object(self):
        # Looked up after the permission check, so a refused user learns nothing from a 404.
        return get_object_or_404(Registration.objects.select_related("event"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.object.code

    def get_breadcrumbs_items(self):
        items = []
        if self.index_url_name and self.user_has_permission("view"):
            items.append((reverse(self.index_url_name), _("Registration records")))
        items.append(("", self.get_page_title()))
        return admin_breadcrumbs(*items)

    def get_done_url(self):
        if next_url := get_valid_next_url_from_request(self.request):
            return next_url
        if self.user_has_permission("view"):
            if self.inspect_url_name:
                return reverse(self.inspect_url_name, args=[quote(self.object.pk)])
            return reverse(self.index_url_name)
        return reverse(CHECKIN_INDEX_URL_NAME)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.object
        may_view = self.user_has_permission("view")
        context.update(
            {
                "registration": registration,
                "name": registration.name if may_view else mask_name(registration.name),
                "event_start": format_datetime(registration.event.start),
                "phone": phone_for(self.request.user, registration.phone, FULL_PHONE_PERMISSION),
                "position": registration.waiting_position(),
                "done_url": self.get_done_url(),
                "next_url": get_valid_next_url_from_request(self.request),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            registration, promoted = services.cancel_registration(registration=self.object)
        except services.RegistrationError as refusal:
            messages.error(request, refusal.message)
            return redirect(self.get_done_url())
        messages.success(
            request,
            _("Registration %(code)s for %(event)s has been cancelled.")
            % {"code": registration.code, "event": self.object.event.title},
        )
        if promoted:
            messages.success(
                request,
                _(
                    "%(name)s (code %(code)s) moved up from the waiting list "
                    "and is now confirmed; we have told them by text message."
                )
                % {
                    "name": promoted.name
                    if self.user_has_permission("view")
                    else mask_name(promoted.name),
                    "code": promoted.code,
                },
            )
        return redirect(self.get_done_url())


# --- Register on a resident's behalf ---------------------------------------------------------


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}（{format_datetime(obj.start, weekday=False)}）"


def open_events():
    """Published events that have not ended, soonest first: what staff may register for."""
    return (
        EventPage.objects.live()
        .filter(end__gt=timezone.now())
        .defer_streamfields()
        .order_by("start", "pk")
    )


class StaffRegistrationForm(forms.Form):
    event = EventChoiceField(
        label=gettext_lazy("Event"),
        queryset=EventPage.objects.none(),
        empty_label=gettext_lazy("Choose an event"),
    )
    name = PersonNameField()
    phone = PhoneField()
    consent = forms.BooleanField(
        label=gettext_lazy(
            "The resident has been told who collects their name and number, why and for how "
            "long, and agrees."
        ),
        error_messages={
            "required": gettext_lazy("Confirm that the resident agreed before registering them.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = open_events()


class RegisterOnBehalfView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = Registration
    permission_required = "add"
    http_method_names = ["get", "post"]
    template_name = "events/admin/register.html"
    header_icon = "circle-plus"
    page_title = gettext_lazy("Register for a resident")

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(("", self.get_page_title()))

    def get(self, request, *args, **kwargs):
        initial = {}
        if event_id := request.GET.get("event", "").strip():
            if event_id.isdigit():
                initial["event"] = int(event_id)
        return self.render_to_response(
            self.get_context_data(form=StaffRegistrationForm(initial=initial))
        )

    def post(self, request, *args, **kwargs):
        form = StaffRegistrationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please correct the items marked below."))
            return self.render_to_response(self.get_context_data(form=form))
        try:
            outcome = services.register(
                event=form.cleaned_data["event"],
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                consent=True,
                source=Registration.Source.STAFF,
            )
        except services.RegistrationError as refusal:
            messages.error(request, refusal.message)
            return self.render_to_response(self.get_context_data(form=form))
        registration = outcome.registration
        if not outcome.created:
            messages.warning(
                request,
                _(
                    "This number was already registered for this event; "
                    "here is the existing registration."
                ),
            )
        context = self.get_context_data(
            form=StaffRegistrationForm(initial={"event": registration.event_id}),
            registration=registration,
            created=outcome.created,
            position=registration.waiting_position(),
            event_start=format_datetime(registration.event.start),
            registration_url=self._registration_url(registration),
            checkin_url=checkin_url(registration.event_id, registration.code)
            if self.request.user.has_perm("events.change_registration")
            else None,
        )
        return self.render_to_response(context)

    def _registration_url(self, registration):
        if self.user_has_permission("view"):
            return reverse(f"{REGISTRATIONS_URL_NAMESPACE}:inspect", args=[registration.pk])
        return None


# --- Check-in at the door ---------------------------------------------------------------------


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


# --- Event page listing ------------------------------------------------------------------------


class EventPageIndexView(ChineseSearchMixin, PageIndexView):
    """The flat event listing, with its seat counts computed in the listing's own query."""

    def get_base_queryset(self):
        return with_all_counts(super().get_base_queryset())
