"""The 活动报名 menu in the Wagtail admin: events, registrations, registering on a resident's
behalf and the check-in desk; and the upcoming-events section of the home page."""

from django.template.loader import render_to_string
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from home.admin_ui import ServiceOwnedViewSetMixin
from home.demo import DEMO_HOOK
from home.hooks import HOME_SECTIONS_HOOK, PURGE_HOOK

from . import admin_views, selectors
from .models import EventPage, Registration
from .question_bank.admin import QuestionViewSet
from .quiz_admin import QuizViewSet

_label = admin_views.field_label


def _permission_menu_item(viewset, permission):
    """A menu item shown only to users holding ``permission``."""

    def is_shown(_self, request):
        return request.user.has_perm(permission)

    return type(f"{viewset.__class__.__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})


class EventPageListingViewSet(PageListingViewSet):
    model = EventPage
    index_view_class = admin_views.EventPageIndexView
    icon = "calendar"
    menu_label = _("All events")
    name = "event_pages"
    url_prefix = "events"
    ordering = "-start"
    columns = [
        # Every event sits under the one event index: its "parent" column would say nothing.
        *(column for column in PageListingViewSet.columns if column.name != "parent"),
        Column(
            "kind", label=_label(EventPage, "kind"), accessor="get_kind_display", sort_key="kind"
        ),
        admin_views.LocalDateTimeColumn(
            "start", label=_label(EventPage, "start"), sort_key="start"
        ),
        Column("capacity", label=_label(EventPage, "capacity"), sort_key="capacity"),
        Column("confirmed_count", label=_("Confirmed")),
        Column("waitlisted_count", label=_("On the waiting list")),
        Column("attended_count", label=_("Attended")),
    ]

    @cached_property
    def menu_item_class(self):
        def is_shown(_self, request):
            return user_has_any_page_permission(request.user)

        return type("EventPageListingMenuItem", (MenuItem,), {"is_shown": is_shown})


class RegistrationViewSet(ServiceOwnedViewSetMixin, ModelViewSet):
    """Staff read and export registrations here; every write goes through events.services."""

    model = Registration
    name = admin_views.REGISTRATIONS_URL_NAMESPACE
    url_prefix = "events/registrations"
    icon = "clipboard-list"
    menu_label = _("Registration records")
    index_view_class = admin_views.RegistrationIndexView
    inspect_view_class = admin_views.RegistrationInspectView
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
        "event.title": _label(Registration, "event"),
        "event.start": _label(EventPage, "start"),
        "get_status_display": _label(Registration, "status"),
        "get_source_display": _label(Registration, "source"),
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
            admin_views.CancelRegistrationView,
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("cancel/<int:pk>/", self.cancel_view, name="cancel")
        ]


class RegisterOnBehalfViewSet(ViewSet):
    name = "events_register"
    url_prefix = "events/register"
    icon = "circle-plus"
    menu_label = _("Register for a resident")

    def get_urlpatterns(self):
        return [path("", admin_views.RegisterOnBehalfView.as_view(), name="index")]

    @cached_property
    def menu_item_class(self):
        return _permission_menu_item(self, "events.add_registration")


class CheckinDeskViewSet(ViewSet):
    """The list of today's and upcoming events; each event's own screen is ``events_checkin``."""

    name = "events_checkin_desk"
    url_prefix = "events/checkin"
    icon = "calendar-check"
    menu_label = _("Check-in")

    def get_urlpatterns(self):
        return [path("", admin_views.CheckinIndexView.as_view(), name="index")]

    @cached_property
    def menu_item_class(self):
        return _permission_menu_item(self, "events.change_registration")


class EventsGroup(ViewSetGroup):
    menu_label = _("Events")
    menu_icon = "calendar-alt"
    menu_order = 120
    items = (
        EventPageListingViewSet,
        RegistrationViewSet,
        RegisterOnBehalfViewSet,
        CheckinDeskViewSet,
        QuizViewSet,
        QuestionViewSet,
    )


@hooks.register("register_admin_viewset")
def register_events_group():
    return EventsGroup()


@hooks.register("register_admin_urls")
def register_checkin_urls():
    # Not inside a viewset: selectors.checkin_qr_svg reverses this exact, un-namespaced name.
    return [
        path(
            "events/checkin/<int:event_id>/",
            admin_views.CheckinView.as_view(),
            name=admin_views.CHECKIN_URL_NAME,
        )
    ]


@hooks.register(HOME_SECTIONS_HOOK)
def upcoming_events_section(request, page):
    return render_to_string(
        "events/includes/home_upcoming.html",
        {"events": selectors.next_events(), "request": request},
    )


# Demo content for `manage.py load_demo`.
@hooks.register(DEMO_HOOK)
def load_events_demo(home, images, today):
    from . import demo, demo_quiz

    counts = demo.load(home=home, images=images, today=today)
    counts.update(demo_quiz.load(home=home, today=today))
    return counts


@hooks.register(PURGE_HOOK)
def purge_registrations(before):
    from .services import purge_personal_data

    return {"活动报名记录": purge_personal_data(before=before)}
