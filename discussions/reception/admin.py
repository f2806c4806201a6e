"""下访记录 in the admin: the home visits leaders made, and the cases each produced.

Open to staff who handle suggestions (``discussions.handle_suggestion``), whose work the cases
are; everyone else gets a 403. A visit with cases is never deleted: it is their origin."""

from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from home.formatting import format_date, format_datetime, group_code, person_name

from ..admin_access import RefusedWith403Mixin
from ..suggestions.admin.intake import intake_url
from .visits import Visit

HANDLE_PERMISSION = "discussions.handle_suggestion"
REFUSED = gettext_lazy("Only staff who handle suggestions may open the home visits.")


class HandlersPolicy(ModelPermissionPolicy):
    """Whoever handles suggestions records visits; nobody deletes one (cases come from it)."""

    def user_has_permission(self, user, action):
        return action != "delete" and user.is_active and user.has_perm(HANDLE_PERMISSION)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class VisitDateColumn(TitleColumn):
    """The visit's date as staff write it, linking to the visit and its cases."""

    def get_value(self, instance):
        return format_date(instance.date, weekday=False)


class VisitIndexView(RefusedWith403Mixin, IndexView):
    refused_message = REFUSED

    def get_base_queryset(self):
        # The number of cases in the listing's own query, however many visits it shows.
        return super().get_base_queryset().annotate(case_count=Count("cases"))


class VisitCreateView(RefusedWith403Mixin, CreateView):
    refused_message = REFUSED

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class VisitEditView(RefusedWith403Mixin, EditView):
    refused_message = REFUSED


class VisitInspectView(RefusedWith403Mixin, InspectView):
    """The visit and the cases it produced, with a link to log another from it."""

    refused_message = REFUSED
    template_name = "discussions/reception/admin/visit.html"

    def get_page_subtitle(self):
        return f"{format_date(self.object.date, weekday=False)} {self.object.place}"

    def get_fields_context(self):
        return []  # the template lays the visit out itself

    @cached_property
    def cases(self):
        return [
            {
                "code": group_code(case.tracking_code),
                "category": case.category,
                "received": format_datetime(case.submit_time, weekday=False),
                "status": case.get_status_display(),
                "url": reverse("suggestions:inspect", args=[case.pk]),
            }
            for case in self.object.cases.only(
                "pk", "tracking_code", "category", "submit_time", "status", "visit"
            ).order_by("submit_time", "pk")
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.object
        context.update(
            {
                "visit": visit,
                "date": format_date(visit.date),
                "recorded_by": person_name(visit.created_by),
                "cases": self.cases,
                "log_url": intake_url(channel="visit", visit=visit.pk),
                "edit_url": reverse("visits:edit", args=[visit.pk]),
            }
        )
        return context


class VisitViewSet(ModelViewSet):
    model = Visit
    name = "visits"
    url_prefix = "visits"
    icon = "site"
    menu_label = gettext_lazy("Home visits")
    index_view_class = VisitIndexView
    add_view_class = VisitCreateView
    edit_view_class = VisitEditView
    inspect_view_class = VisitInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_per_page = 50
    ordering = "-date"
    form_fields = ["date", "leaders", "place", "residents_met", "summary"]
    search_fields = None

    @cached_property
    def list_display(self):
        return [
            VisitDateColumn("date", label=_("Date"), sort_key="date", url_name="visits:inspect"),
            Column("leaders", label=Visit._meta.get_field("leaders").verbose_name),
            Column("place", label=Visit._meta.get_field("place").verbose_name),
            Column("case_count", label=gettext_lazy("Cases"), sort_key="case_count"),
        ]

    def get_permissions_to_register(self):
        # Handling suggestions is the permission these screens check; none of Visit's own.
        return super().get_permissions_to_register().none()
