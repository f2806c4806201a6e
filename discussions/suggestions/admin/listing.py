"""The queue: filters, columns, search and the staff export."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.generic import IndexView
from wagtail.coreutils import multigetattr

from home.admin_ui import LocalDateTimeColumn, StaffExportMixin, field_label, phone_for
from home.codes import compact_code
from home.formatting import format_datetime, group_code

from ...admin_access import RefusedWith403Mixin
from ..models import Suggestion, SuggestionFormField, SuggestionFormPage
from ..workflow import SuggestionStatus as S
from .common import (
    ANSWER_PREFIX,
    CONTACT_PERMISSION,
    HANDLE,
    MENU_LABEL,
    PersonLabels,
    answer_text,
    due_date,
    person_name,
)


def search_suggestions(queryset, text):
    """Suggestions whose text or name holds ``text``, or whose tracking code it is, typed as it
    was read out (spaces, dashes, lower case). The database's icontains finds Chinese
    substrings as they are."""
    text = (text or "").strip()
    if not text:
        return queryset
    condition = Q(content__icontains=text) | Q(name__icontains=text)
    if code := compact_code(text):
        condition |= Q(tracking_code__contains=code)
    return queryset.filter(condition)


class PersonFilterField(PersonLabels, django_filters.fields.ModelChoiceField):
    pass


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonFilterField


class SuggestionFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=field_label(Suggestion, "status"),
        choices=S.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    category = django_filters.ChoiceFilter(
        label=field_label(Suggestion, "category"),
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    assignee = PersonFilter(
        label=field_label(Suggestion, "assignee"),
        queryset=get_user_model().objects.none(),
        empty_label=gettext_lazy("All"),
    )
    overdue = django_filters.ChoiceFilter(
        label=gettext_lazy("Overdue"),
        choices=[("yes", gettext_lazy("Overdue")), ("no", gettext_lazy("Not overdue"))],
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
        method="filter_overdue",
    )
    # ``form`` is the name SuggestionFormPage.serve_submissions_list_view links with.
    form = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Form"),
        field_name="page",
        queryset=SuggestionFormPage.objects.none(),
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = Suggestion
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices from what is on file, so a category since removed from a form still filters.
        categories = Suggestion.objects.order_by("category").values_list("category", flat=True)
        self.filters["category"].extra["choices"] = [(c, c) for c in categories.distinct()]
        self.filters["assignee"].queryset = get_user_model().objects.filter(
            pk__in=Suggestion.objects.filter(assignee__isnull=False).values("assignee_id")
        )
        self.filters["form"].queryset = SuggestionFormPage.objects.defer_streamfields().order_by(
            "title"
        )

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.overdue()
        if value == "no":
            return queryset.exclude(pk__in=Suggestion.objects.overdue().values("pk"))
        return queryset


# --- Columns -----------------------------------------------------------------------------


# Left out on a phone, where the code, what it is about, the status and the deadline must fit.
WIDE_ONLY = "qf-wide-only"


class CodeColumn(TitleColumn):
    """The tracking code in groups of four, as the resident reads it out on the phone, and the
    start of the suggestion: staff know a case by what it says."""

    cell_template_name = "discussions/suggestions/admin/code_cell.html"

    def get_value(self, instance):
        return group_code(instance.tracking_code)


class ContactColumn(Column):
    """Who sent it: the name and the phone, masked unless the user may see numbers."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        if instance.anonymous:
            context["value"] = _("Anonymous")
        else:
            phone = phone_for(request.user, instance.phone or "", CONTACT_PERMISSION)
            context["value"] = " ".join(part for part in (instance.name, phone) if part) or "—"
        return context


class StatusColumn(Column):
    cell_template_name = "discussions/suggestions/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["status"] = instance.status
        context["value"] = instance.get_status_display()
        return context


class DeadlineColumn(Column):
    """The deadline that runs now, with 逾期 when it has passed."""

    cell_template_name = "discussions/suggestions/admin/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = format_datetime(due_date(instance), weekday=False)
        context["overdue"] = instance.is_overdue()
        return context


class SelectColumn(BulkActionsCheckboxColumn):
    """The checkbox that picks a case for a bulk action. Its ``name`` and ``value`` let the
    listing's form send the choice without JavaScript, too."""

    cell_template_name = "discussions/suggestions/admin/select_cell.html"


# --- Listing and export --------------------------------------------------------------------------

EXPORT_FIELDS = [
    "tracking_code",
    "page.title",
    "category",
    "content",
    "get_status_display",
    "submit_time",
    "anonymous",
    "name",
    "phone",
    "assignee_name",
    "accept_due",
    "complete_due",
    "close_due",
    "is_overdue",
    "accepted_at",
    "replied_at",
    "closed_at",
    "reject_reason",
    "public_reply",
    "established",
    "solved",
    "measures",
    "publishable",
    "public_summary",
]


class SuggestionIndexView(RefusedWith403Mixin, StaffExportMixin, IndexView):
    any_permission_required = ["view"]
    refused_message = gettext_lazy("Only staff who handle suggestions may open the queue.")
    page_title = MENU_LABEL
    template_name = "discussions/suggestions/admin/index.html"
    results_template_name = "discussions/suggestions/admin/index_results.html"
    filterset_class = SuggestionFilterSet
    # Searched with the database's icontains, which finds Chinese substrings as they are.
    search_fields = ["tracking_code", "content", "name"]
    search_backend_name = None
    export_permission = CONTACT_PERMISSION
    export_refused_message = gettext_lazy(
        "Only staff allowed to see residents' phone numbers may export suggestions."
    )

    @cached_property
    def can_handle(self):
        return self.user_has_permission(HANDLE)

    @cached_property
    def bulk_actions(self):
        """(label, url) of each bulk action, for those who may change cases."""
        if not self.can_handle:
            return []
        opts = Suggestion._meta
        actions = bulk_action_registry.get_bulk_actions_for_model(opts.app_label, opts.model_name)
        return [
            {
                "label": action.display_name,
                "url": reverse(
                    "wagtail_bulk_action",
                    args=[opts.app_label, opts.model_name, action.action_type],
                ),
            }
            for action in sorted(actions, key=lambda action: action.action_priority)
        ]

    @cached_property
    def columns(self):
        select = [SelectColumn("select", obj_type="suggestion")] if self.bulk_actions else []
        return [
            *select,
            self._get_title_column(
                "tracking_code",
                column_class=CodeColumn,
                width="28%",
                get_title_id=lambda instance: f"suggestion_{instance.pk}_title",
            ),
            Column(
                "category",
                label=field_label(Suggestion, "category"),
                classname=WIDE_ONLY,
                width="9%",
            ),
            ContactColumn("contact", label=_("Submitted by"), classname=WIDE_ONLY, width="13%"),
            LocalDateTimeColumn(
                "submit_time",
                label=field_label(Suggestion, "submit_time"),
                sort_key="submit_time",
                classname=f"{WIDE_ONLY} qf-keep",
                width="12%",
            ),
            StatusColumn(
                "status", label=field_label(Suggestion, "status"), sort_key="status", width="10%"
            ),
            Column(
                "assignee",
                label=field_label(Suggestion, "assignee"),
                accessor=lambda suggestion: person_name(suggestion.assignee),
                classname=f"{WIDE_ONLY} qf-nowrap",
                width="10%",
            ),
            DeadlineColumn("deadline", label=_("Deadline"), sort_key="deadline", width="18%"),
        ]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("assignee", "page").with_deadline()

    def order_queryset(self, queryset):
        # By default the work in the order it is due (overdue first, finished cases last); in
        # the query, so that every page of the listing follows the same order.
        if self.ordering in ("deadline", "-deadline"):
            return queryset.by_deadline(descending=self.ordering == "-deadline")
        # Other columns: a stable order for pagination on equal values.
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-pk")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_suggestions(queryset, self.search_query)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["bulk_actions"] = self.bulk_actions
        # Where a bulk action leads back to: this listing, as filtered.
        query = self.request.GET.urlencode()
        context["bulk_next"] = self.index_url + (f"?{query}" if query else "")
        return context

    def get_list_more_buttons(self, instance):
        return []  # the tracking code opens the case; there is nothing else to do from here

    # --- export ---

    @cached_property
    def answer_fields(self):
        """{key: label} of the builder questions of the forms the listed suggestions came from."""
        rows = (
            SuggestionFormField.objects.filter(page_id__in=self.get_queryset().values("page_id"))
            .order_by("page_id", "sort_order", "pk")
            .values_list("clean_name", "label")
        )
        labels = {}
        for key, label in rows:
            labels.setdefault(key, label)
        return labels

    @cached_property
    def list_export(self):
        if not self.is_export:
            return EXPORT_FIELDS
        return EXPORT_FIELDS + [ANSWER_PREFIX + key for key in self.answer_fields]

    export_headings = {
        "page.title": gettext_lazy("Form"),
        "get_status_display": field_label(Suggestion, "status"),
        "assignee_name": field_label(Suggestion, "assignee"),
        "is_overdue": gettext_lazy("Overdue"),
    }

    def get_heading(self, queryset, field):
        if field.startswith(ANSWER_PREFIX):
            return self.answer_fields[field.removeprefix(ANSWER_PREFIX)]
        return super().get_heading(queryset, field)

    def to_row_dict(self, item):
        return {field: self.export_value(item, field) for field in self.list_export}

    def export_value(self, item, field):
        if field.startswith(ANSWER_PREFIX):
            return answer_text(item.form_data.get(field.removeprefix(ANSWER_PREFIX)))
        if field == "assignee_name":
            return person_name(item.assignee)
        return multigetattr(item, field)
