"""报名记录: the registration listing with its export, a registration's details, and cancelling
one on a resident's behalf.

Like the public views, these only translate between HTTP and events.services; none of them
writes a registration itself, and a RegistrationError becomes an admin message, never a 500.
"""

from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
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
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from home.admin_ui import (
    LocalDateTimeColumn,
    PhoneColumn,
    ServiceOwnedViewSetMixin,
    StaffExportMixin,
    admin_breadcrumbs,
    field_label,
    phone_for,
)
from home.formatting import format_datetime, mask_name

from .. import services
from ..models import EventPage, Registration
from .common import (
    CHECKIN_INDEX_URL_NAME,
    FULL_PHONE_PERMISSION,
    REGISTER_URL_NAME,
    REGISTRATIONS_URL_NAMESPACE,
    checkin_url,
)


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


class RegistrationViewSet(ServiceOwnedViewSetMixin, ModelViewSet):
    """Staff read and export registrations here; every write goes through events.services."""

    model = Registration
    name = REGISTRATIONS_URL_NAMESPACE
    url_prefix = "events/registrations"
    icon = "clipboard-list"
    menu_label = _("Registration records")
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Registrations are not content: keeping them out of the reference index spares every
    # booking an extra write, and keeps them off the events' "usage" pages.
    add_to_reference_index = False
    list_per_page = 50
    list_filter = ["event", "status", "source"]
    search_fields = ["code", "name"]
    list_export = [
        "event.title",
        "event.start",
        "code",
        "name",
        "phone",
        "get_status_display",
        "get_source_display",
        "created_at",
        "checked_in_at",
        "cancelled_at",
    ]
    export_headings = {
        "event.title": field_label(Registration, "event"),
        "event.start": field_label(EventPage, "start"),
        "get_status_display": field_label(Registration, "status"),
        "get_source_display": field_label(Registration, "source"),
    }
    export_filename = "registrations"
    inspect_view_fields = [
        "event",
        "code",
        "name",
        "phone",
        "status",
        "source",
        "created_at",
        "consent_at",
        "promoted_at",
        "cancelled_at",
        "checked_in_at",
        "reminder_sent_at",
    ]

    # Staff never edit a registration's fields; purge_personal_data blanks old ones.

    @property
    def cancel_view(self):
        return self.construct_view(
            CancelRegistrationView,
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("cancel/<int:pk>/", self.cancel_view, name="cancel")
        ]
