"""代报名: staff register a resident who came to the office or phoned, with the resident's
consent given in person. Seats and the waiting list apply as online."""

from django import forms
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from home.admin_ui import admin_breadcrumbs
from home.formatting import format_datetime
from home.forms import PersonNameField, PhoneField

from .. import services
from ..models import EventPage, Registration
from .common import (
    CHECKIN_PERMISSION,
    REGISTER_PERMISSION,
    REGISTRATIONS_URL_NAMESPACE,
    VIEW_PERMISSION,
    RequiresPermission,
    checkin_url,
    permission_menu_item,
)


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


class RegisterOnBehalfView(RequiresPermission, WagtailAdminTemplateMixin, TemplateView):
    required_permission = REGISTER_PERMISSION
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
            if self.request.user.has_perm(CHECKIN_PERMISSION)
            else None,
        )
        return self.render_to_response(context)

    def _registration_url(self, registration):
        if self.request.user.has_perm(VIEW_PERMISSION):
            return reverse(f"{REGISTRATIONS_URL_NAMESPACE}:inspect", args=[registration.pk])
        return None


class RegisterOnBehalfViewSet(ViewSet):
    name = "events_register"
    url_prefix = "events/register"
    icon = "circle-plus"
    menu_label = _("Register for a resident")

    def get_urlpatterns(self):
        return [path("", RegisterOnBehalfView.as_view(), name="index")]

    @cached_property
    def menu_item_class(self):
        return permission_menu_item(self, REGISTER_PERMISSION)
