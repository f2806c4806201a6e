"""报名记录: the registration listing with its search, export, row actions and bulk actions,
and a registration's details. Cancelling is in events.admin.cancel, the bulk actions in
events.admin.bulk.

Like the public views, these only translate between HTTP and events.services; none of them
writes a registration itself, and a RegistrationError becomes an admin message, never a 500.
"""

from django.contrib.admin.utils import quote
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from home.admin_ui import (
    LocalDateTimeColumn,
    PhoneColumn,
    ServiceOwnedViewSetMixin,
    StaffExportMixin,
    field_label,
    phone_for,
)
from home.formatting import format_datetime

from ..models import EventPage, Registration
from ..selectors import search_registrations
from .bulk import BULK_ACTIONS
from .cancel import CancelRegistrationView
from .checkin import may_open_roster
from .common import (
    CANCEL_PERMISSION,
    CHECKIN_PERMISSION,
    FULL_PHONE_PERMISSION,
    REGISTER_PERMISSION,
    REGISTER_URL_NAME,
    REGISTRATIONS_URL_NAMESPACE,
    UNDO_CHECKIN_URL_NAME,
    VIEW_PERMISSION,
    RequiresPermission,
    checkin_url,
    permission_menu_item,
    roster_url,
)
from .registration_filters import RegistrationFilterSet

# Columns left out on a phone, where the code, name, number and buttons matter most.
NARROW_HIDE = "qf-ev-narrow-hide"

# The listing's own parameters, not kept in the address a row action comes back to.
TRANSIENT_PARAMETERS = ("_w_filter_fragment", "export")


def title_id(registration):
    return f"registration_{registration.pk}_title"


class RowActionsColumn(Column):
    """签到 and 取消报名 as buttons in each row, for those who may use them."""

    cell_template_name = "events/admin/registration_actions_cell.html"

    def __init__(self, name, *, view, **kwargs):
        self.view = view
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return instance

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(self.view.row_actions(instance))
        # Cells are rendered without the request's context: the row's forms need the token.
        context["csrf_token"] = get_token(self.view.request)
        return context


class RegistrationIndexView(RequiresPermission, StaffExportMixin, IndexView):
    required_permission = VIEW_PERMISSION
    any_permission_required = ["view"]
    default_ordering = "-created_at"
    template_name = "events/admin/registrations_index.html"
    register_url_name = REGISTER_URL_NAME
    cancel_url_name = f"{REGISTRATIONS_URL_NAMESPACE}:cancel"

    export_permission = FULL_PHONE_PERMISSION
    export_refused_message = gettext_lazy(
        "Only staff allowed to see full phone numbers may export."
    )

    @cached_property
    def may(self):
        user = self.request.user
        return {
            "check_in": user.has_perm(CHECKIN_PERMISSION),
            "cancel": user.has_perm(CANCEL_PERMISSION),
            "register": user.has_perm(REGISTER_PERMISSION),
        }

    @cached_property
    def bulk_actions(self):
        """The bulk actions this user may take, as footer buttons."""
        return [
            ListingButton(
                action.display_name,
                reverse("wagtail_bulk_action", args=["events", "registration", action.action_type]),
                attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
                priority=action.action_priority,
                classname="bulk-action-btn",
            )
            for action in BULK_ACTIONS
            if self.request.user.has_perm(action.required_permission)
        ]

    @cached_property
    def columns(self):
        columns = [
            Column(
                "event",
                label=field_label(Registration, "event"),
                accessor="event.title",
                sort_key="event__title",
                width="16%",
                classname=NARROW_HIDE,
            ),
            self._get_title_column(
                "code", width="12%", get_title_id=title_id, classname="qf-ev-code"
            ),
            Column("name", label=field_label(Registration, "name"), width="8%"),
            PhoneColumn(
                "phone",
                permission=FULL_PHONE_PERMISSION,
                label=field_label(Registration, "phone"),
                width="10%",
            ),
            Column(
                "status",
                label=field_label(Registration, "status"),
                accessor="get_status_display",
                sort_key="status",
                width="7%",
            ),
            Column(
                "source",
                label=field_label(Registration, "source"),
                accessor="get_source_display",
                sort_key="source",
                width="8%",
                classname=NARROW_HIDE,
            ),
            LocalDateTimeColumn(
                "created_at",
                label=field_label(Registration, "created_at"),
                sort_key="created_at",
                width="12%",
                classname=NARROW_HIDE,
            ),
            LocalDateTimeColumn(
                "checked_in_at",
                label=field_label(Registration, "checked_in_at"),
                sort_key="checked_in_at",
                width="12%",
            ),
        ]
        if self.may["check_in"] or self.may["cancel"]:
            columns.append(RowActionsColumn("actions", view=self, label=_("Actions")))
        if self.bulk_actions:
            columns.insert(0, BulkActionsCheckboxColumn("bulk_actions", obj_type="registration"))
        return columns

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event")

    def order_queryset(self, queryset):
        # Registrations made in the same instant come in the order they were made, so a row
        # never shows on two pages; the default order, newest first, is then read straight
        # from the index on (created_at, id).
        queryset = super().order_queryset(queryset)
        if self.ordering:
            queryset = queryset.order_by(
                *queryset.query.order_by, "-pk" if self.ordering.startswith("-") else "pk"
            )
        return queryset

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_registrations(
            queryset,
            self.search_query,
            full_numbers=self.request.user.has_perm(FULL_PHONE_PERMISSION),
        )

    @cached_property
    def listing_url(self):
        """This listing as the user sees it (filters, search, page), for coming back to."""
        params = self.request.GET.copy()
        for name in TRANSIENT_PARAMETERS:
            params.pop(name, None)
        query = params.urlencode()
        return f"{self.index_url}?{query}" if query else self.index_url

    def row_actions(self, registration):
        confirmed = registration.status == Registration.Status.CONFIRMED
        return {
            "registration": registration,
            "checkin_action": checkin_url(registration.event_id)
            if self.may["check_in"] and confirmed and not registration.checked_in_at
            else "",
            "cancel_url": reverse(self.cancel_url_name, args=[quote(registration.pk)])
            + "?"
            + urlencode({"next": self.listing_url})
            if self.may["cancel"] and registration.is_active
            else "",
            "next_url": self.listing_url,
        }

    @cached_property
    def filtered_event(self):
        """The one event the listing is filtered to, if it is."""
        if not (self.filters and self.filters.is_valid()):
            return None
        value = self.filters.form.cleaned_data.get("event")
        return value if isinstance(value, EventPage) else None

    # The header's "add" button leads to registering on a resident's behalf.
    def get_add_url(self):
        if self.may["register"]:
            url = reverse(self.register_url_name)
            return f"{url}?event={self.filtered_event.pk}" if self.filtered_event else url

    @cached_property
    def add_item_label(self):
        return _("Register for a resident")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        event = self.filtered_event
        if event and self.may["check_in"]:
            buttons.append(
                HeaderButton(_("Check-in"), url=checkin_url(event.pk), icon_name="calendar-check")
            )
            if may_open_roster(self.request.user, event):
                buttons.append(
                    HeaderButton(_("Roster"), url=roster_url(event.pk), icon_name="list-ol")
                )
        if self.show_export_buttons:
            # Export is everyday work for those allowed it: in plain sight, not behind "…".
            buttons += [
                HeaderButton(
                    _("Export Excel"),
                    url=self.xlsx_export_url,
                    icon_name="download",
                    attrs={"data-export": "xlsx"},
                ),
                HeaderButton(
                    _("Export CSV"),
                    url=self.csv_export_url,
                    icon_name="download",
                    attrs={"data-export": "csv"},
                ),
            ]
        return buttons

    @cached_property
    def header_more_buttons(self):
        exports = {self.xlsx_export_url, self.csv_export_url}
        return [button for button in super().header_more_buttons if button.url not in exports]

    def get_list_more_buttons(self, instance):
        # The code links to the details; the work is in the row's own buttons, not behind "…".
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bulk_action_buttons"] = self.bulk_actions
        return context


class RegistrationInspectView(RequiresPermission, InspectView):
    required_permission = VIEW_PERMISSION
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
    def header_buttons(self):
        """签到, 撤销签到 and 取消报名 in plain sight, for those who may use them."""
        registration, user = self.object, self.request.user
        buttons = list(super().header_buttons)
        here = self.request.get_full_path()
        if registration.is_active and user.has_perm(CHECKIN_PERMISSION):
            if registration.checked_in_at:
                undo = reverse(UNDO_CHECKIN_URL_NAME, args=[registration.event_id])
                buttons.append(
                    HeaderButton(
                        _("Undo check-in"),
                        url=f"{undo}?{urlencode({'code': registration.code, 'next': here})}",
                        icon_name="rotate",
                        attrs={"data-undo-checkin": registration.code},
                    )
                )
            elif registration.status == Registration.Status.CONFIRMED:
                buttons.append(
                    HeaderButton(
                        _("Check in"),
                        url=checkin_url(registration.event_id, registration.code),
                        icon_name="calendar-check",
                    )
                )
        if registration.is_active and user.has_perm(CANCEL_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Cancel registration"),
                    url=reverse(self.cancel_url_name, args=[quote(registration.pk)]),
                    icon_name="circle-xmark",
                )
            )
        return buttons


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
    # By event, status and source; the events are listed without reading each page whole.
    filterset_class = RegistrationFilterSet
    # Searched by events.selectors.search_registrations: number, last four digits, name, code
    # and event title. Listed here so that the listing offers a search box.
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

    @cached_property
    def menu_item_class(self):
        return permission_menu_item(self, VIEW_PERMISSION)
