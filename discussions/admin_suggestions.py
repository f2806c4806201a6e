"""The suggestion queue in the Wagtail admin (意见建议办理).

Staff find cases in the listing (filters, search, and an export for those allowed to see phone
numbers), work each one on its case screen, and see on the dashboard what waits for them.
Like the public views, these only translate: every change is a call into discussions.services,
and a SuggestionError becomes a message on the page (status 400), never a 500.
"""

import re

import django_filters
from django import forms
from django.contrib.auth import get_permission_codename, get_user_model
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy

from home.admin_ui import (
    LocalDateTimeColumn,
    StaffExportMixin,
    field_label,
    forbidden,
    phone_for,
)
from home.formatting import format_datetime, group_code

from . import services
from .models import Suggestion, SuggestionFormField, SuggestionFormPage
from .models import SuggestionStatus as S
from .models.suggestions import ANSWERED_STATUSES, AWAITING_REPLY

CONTACT_PERMISSION = "discussions.view_contact"
HANDLE = "handle"  # the permission policy's action for discussions.handle_suggestion
MENU_LABEL = pgettext_lazy("admin menu", "Suggestions")
# Accepted and not yet closed: the cases someone is working on.
OPEN_STATUSES = (S.ACCEPTED, S.IN_PROGRESS, S.REPLIED, S.FOLLOWED_UP)
ANSWER_PREFIX = "answer:"
_CODE_SEPARATORS = re.compile(r"[\s\-－—_]")
_CJK = re.compile(r"[\u3400-\u9fff]")

policy = ModelPermissionPolicy(Suggestion)


# --- Small helpers -----------------------------------------------------------------------------


def person_name(user):
    """赵文刚 rather than Django's "文刚 赵": a Chinese name puts the family name first."""
    if user is None:
        return ""
    first, last = user.first_name.strip(), user.last_name.strip()
    if first and last and _CJK.search(first + last):
        return last + first
    return get_user_display_name(user)


def handlers():
    """Active users who may handle suggestions, superusers included: whom a case can go to."""
    return policy.users_with_permission(HANDLE).order_by("last_name", "first_name", "username")


def due_date(suggestion):
    """The deadline that runs now: to accept while submitted, to complete until replied."""
    if suggestion.status == S.SUBMITTED:
        return suggestion.accept_due
    if suggestion.status in AWAITING_REPLY:
        return suggestion.complete_due
    return None


def due_label(suggestion):
    if suggestion.status == S.SUBMITTED:
        return _("Accept by")
    return _("Complete by")


def status_label(value):
    return S(value).label if value in S.values else ""


def answer_text(value):
    if isinstance(value, (list, tuple)):
        return "、".join(str(item) for item in value)
    return "" if value is None else value


def queue_url(**filters):
    query = urlencode(filters, doseq=True)
    return reverse("suggestions:index") + (f"?{query}" if query else "")


# --- Listing filters -----------------------------------------------------------------------------


class PersonLabels:
    def label_from_instance(self, obj):
        return person_name(obj)


class PersonFilterField(PersonLabels, django_filters.fields.ModelChoiceField):
    pass


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonFilterField


class PersonChoiceField(PersonLabels, forms.ModelChoiceField):
    pass


class SuggestionFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Status"),
        choices=S.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    category = django_filters.ChoiceFilter(
        label=gettext_lazy("Category"),
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    assignee = PersonFilter(
        label=gettext_lazy("Responsible person"),
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


# --- Listing columns -----------------------------------------------------------------------------


# Left out on a phone, where the code, what it is about, the status and the deadline must fit.
WIDE_ONLY = "qf-wide-only"


class CodeColumn(TitleColumn):
    """The tracking code in groups of four, as the resident reads it out on the phone, and the
    start of the suggestion: staff know a case by what it says."""

    cell_template_name = "discussions/admin/code_cell.html"

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
    cell_template_name = "discussions/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["status"] = instance.status
        context["value"] = instance.get_status_display()
        return context


class DeadlineColumn(Column):
    """The deadline that runs now, with 逾期 when it has passed."""

    cell_template_name = "discussions/admin/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = format_datetime(due_date(instance), weekday=False)
        context["overdue"] = instance.is_overdue()
        return context


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


class SuggestionIndexView(StaffExportMixin, IndexView):
    any_permission_required = ["view"]
    template_name = "discussions/admin/index.html"
    page_title = MENU_LABEL
    filterset_class = SuggestionFilterSet
    # Searched with the database's icontains, which finds Chinese substrings as they are.
    search_fields = ["tracking_code", "content", "name"]
    search_backend_name = None
    export_permission = CONTACT_PERMISSION
    export_refused_message = gettext_lazy(
        "Only staff allowed to see residents' phone numbers may export suggestions."
    )

    @cached_property
    def columns(self):
        return [
            self._get_title_column("tracking_code", column_class=CodeColumn, width="28%"),
            Column(
                "category",
                label=field_label(Suggestion, "category"),
                classname=WIDE_ONLY,
                width="9%",
            ),
            ContactColumn("contact", label=_("Submitted by"), classname=WIDE_ONLY, width="13%"),
            LocalDateTimeColumn(
                "submit_time",
                label=_("Received"),
                sort_key="submit_time",
                classname=WIDE_ONLY,
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
            DeadlineColumn("deadline", label=_("Deadline"), width="18%"),
        ]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("assignee", "page")

    def order_queryset(self, queryset):
        # The newest first by default, and a stable order for pagination on equal times.
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-pk")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        text = self.search_query.strip()
        condition = Q(content__icontains=text) | Q(name__icontains=text)
        # A tracking code is typed in any case, often with the dashes of its printed form.
        if code := _CODE_SEPARATORS.sub("", text).upper():
            condition |= Q(tracking_code__contains=code)
        return queryset.filter(condition)

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
        "get_status_display": gettext_lazy("Status"),
        "assignee_name": gettext_lazy("Responsible person"),
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


# --- The case screen's forms ---------------------------------------------------------------------


def _text(label, rows=3, help_text="", needed=False, max_length=4000):
    """A text box. ``needed`` asks the browser to insist; the service decides on the server."""
    attrs = {"rows": rows, **({"required": True} if needed else {})}
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs=attrs),
    )


def _note(label=None, needed=False):
    return _text(
        label or gettext_lazy("Internal note"),
        rows=2,
        help_text=gettext_lazy("Staff only: it goes into the case log."),
        needed=needed,
        max_length=1000,
    )


class FindingsFields(forms.Form):
    """三不放过: the three records a case needs before it is closed."""

    established = _text(
        gettext_lazy("What was established"),
        help_text=gettext_lazy("问题查清: the facts, as checked."),
        needed=True,
    )
    solved = _text(
        gettext_lazy("How it was solved"),
        help_text=gettext_lazy("问题解决: what was done about it."),
        needed=True,
    )
    measures = _text(
        gettext_lazy("Measures carried out"),
        help_text=gettext_lazy("措施落实: what keeps it from happening again."),
        needed=True,
    )

    def findings(self):
        data = self.cleaned_data
        return services.Findings(data["established"], data["solved"], data["measures"])


def stored_findings(suggestion):
    return {name: getattr(suggestion, name) for name in ("established", "solved", "measures")}


class CaseForm(forms.Form):
    """A form of the case screen; ``apply`` makes the change through the services."""

    action = ""
    title = ""
    submit_label = ""
    description = ""
    primary = True

    def __init__(self, *args, suggestion, **kwargs):
        self.suggestion = suggestion
        super().__init__(*args, prefix=self.action, **kwargs)

    def apply(self, actor):
        raise NotImplementedError

    def done_message(self, suggestion):
        raise NotImplementedError


class StepForm(CaseForm):
    """One step of the workflow, to the status named by ``action``."""

    note = _note()

    def step_options(self):
        return {}

    def apply(self, actor):
        return services.transition_suggestion(
            suggestion=self.suggestion,
            to=self.action,
            actor=actor,
            note=self.cleaned_data.get("note", ""),
            **self.step_options(),
        )


class AcceptForm(StepForm):
    action = S.ACCEPTED
    title = gettext_lazy("Accept")
    submit_label = gettext_lazy("Accept")
    description = gettext_lazy("The time to complete the case starts now.")

    def done_message(self, suggestion):
        return _("Accepted. Complete the case by %(date)s.") % {
            "date": format_datetime(suggestion.complete_due)
        }


class RejectForm(StepForm):
    action = S.REJECTED
    title = gettext_lazy("Do not accept")
    submit_label = gettext_lazy("Do not accept")
    primary = False
    reason = _text(
        gettext_lazy("Reason for not accepting"),
        help_text=gettext_lazy("The resident sees it on the status page: say where to turn."),
        needed=True,
    )
    field_order = ["reason", "note"]

    def step_options(self):
        return {"reason": self.cleaned_data["reason"]}

    def done_message(self, suggestion):
        return _("Not accepted. The resident sees the reason on the status page.")


class StartForm(StepForm):
    action = S.IN_PROGRESS
    assignee = PersonChoiceField(
        label=gettext_lazy("Responsible person"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=gettext_lazy("包案: one person answers for the case until it is closed."),
    )
    field_order = ["assignee", "note"]

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, suggestion=suggestion, **kwargs)
        self.fields["assignee"].queryset = handlers()
        self.fields["assignee"].initial = suggestion.assignee_id
        if self.sends_back:
            self.fields["note"].label = _("Why it goes back")

    @property
    def sends_back(self):
        return self.suggestion.status != S.ACCEPTED

    @property
    def title(self):
        return _("Send back for handling") if self.sends_back else _("Start handling")

    @property
    def submit_label(self):
        return self.title

    @property
    def primary(self):
        return not self.sends_back

    @property
    def description(self):
        if self.sends_back:
            return _("When the resident is not satisfied: the case is handled again.")
        return ""

    def step_options(self):
        return {"assignee": self.cleaned_data["assignee"]}

    def done_message(self, suggestion):
        return _("Being handled; %(name)s is responsible.") % {
            "name": person_name(suggestion.assignee)
        }


class ReplyForm(StepForm):
    action = S.REPLIED
    title = gettext_lazy("Reply")
    submit_label = gettext_lazy("Publish the reply")
    reply = _text(gettext_lazy("Reply"), rows=6, needed=True)
    field_order = ["reply", "note"]

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, suggestion=suggestion, **kwargs)
        self.fields["reply"].initial = suggestion.public_reply
        if suggestion.phone:
            self.fields["reply"].help_text = _(
                "The resident reads it on the status page and is told by text message."
            )
        else:
            self.fields["reply"].help_text = _(
                "No phone number on file: the resident reads it on the status page with the "
                "tracking code."
            )

    def step_options(self):
        return {"reply": self.cleaned_data["reply"]}

    def done_message(self, suggestion):
        if suggestion.phone:
            return _("Reply published; the resident has been sent a text message.")
        return _("Reply published on the status page.")


class FollowUpForm(StepForm):
    action = S.FOLLOWED_UP
    title = gettext_lazy("Followed up")
    submit_label = gettext_lazy("Record the follow-up")
    description = gettext_lazy(
        "回访: ask the resident whether the reply and the work satisfy them."
    )
    note = _note(gettext_lazy("What the resident said"), needed=True)

    def done_message(self, suggestion):
        return _("Follow-up recorded.")


class CloseForm(FindingsFields, StepForm):
    action = S.CLOSED
    title = gettext_lazy("Close")
    submit_label = gettext_lazy("Close the case")
    description = gettext_lazy("三不放过: a case is closed only when all three are on record.")

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(
            *args, suggestion=suggestion, initial=stored_findings(suggestion), **kwargs
        )

    def step_options(self):
        return {"findings": self.findings()}

    def done_message(self, suggestion):
        return _("Case closed.")


class CaseFileForm(FindingsFields, CaseForm):
    """The case file between steps: findings so far, who is responsible, the replies board."""

    action = "case_file"
    title = gettext_lazy("Update the case file")
    submit_label = gettext_lazy("Save the case file")
    assignee = PersonChoiceField(
        label=gettext_lazy("Responsible person"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=gettext_lazy("Hand the case to someone else."),
    )
    public_summary = _text(
        gettext_lazy("Public summary"),
        help_text=gettext_lazy(
            "The suggestion as the replies board shows it: no names or details."
        ),
        max_length=1000,
    )
    publishable = forms.BooleanField(
        label=gettext_lazy("Show on the replies board"), required=False
    )

    def __init__(self, *args, suggestion, **kwargs):
        initial = {
            **stored_findings(suggestion),
            "assignee": suggestion.assignee_id,
            "public_summary": suggestion.public_summary,
            "publishable": suggestion.publishable,
        }
        super().__init__(*args, suggestion=suggestion, initial=initial, **kwargs)
        for name in stored_findings(suggestion):
            # Recorded bit by bit while the case is handled; only closing needs all three.
            self.fields[name].widget.attrs.pop("required", None)
        self.fields["assignee"].queryset = handlers()
        if not (suggestion.status in ANSWERED_STATUSES or suggestion.publishable):
            del self.fields["publishable"]

    def changes(self):
        """Only what was changed goes to the service, so an untouched field never refuses."""
        data, changed = self.cleaned_data, set(self.changed_data)
        options = {}
        if changed & {"established", "solved", "measures"}:
            options["findings"] = self.findings()
        if "assignee" in changed and data["assignee"] is not None:
            options["assignee"] = data["assignee"]
        if "public_summary" in changed:
            options["public_summary"] = data["public_summary"]
        if "publishable" in changed:
            options["publishable"] = data["publishable"]
        return options

    def apply(self, actor):
        return services.update_case(suggestion=self.suggestion, actor=actor, **self.changes())

    def done_message(self, suggestion):
        return _("Case file saved.")


STEP_FORMS = {
    form.action: form
    for form in (AcceptForm, RejectForm, StartForm, ReplyForm, FollowUpForm, CloseForm)
}


# --- The case screen -----------------------------------------------------------------------------


class SuggestionCaseView(InspectView):
    """Everything on file about one case, its log, and a form for each step it can take next."""

    any_permission_required = ["view"]
    template_name = "discussions/admin/case.html"
    page_title = gettext_lazy("Case")
    http_method_names = ["get", "post"]
    inspect_url_name = None  # set by the viewset: where a change redirects to

    def get_object(self, queryset=None):
        return get_object_or_404(Suggestion.objects.select_related("page", "assignee"), pk=self.pk)

    def get_page_subtitle(self):
        return group_code(self.object.tracking_code)

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        for item in items:
            if item["url"] == reverse(self.index_url_name):
                item["label"] = MENU_LABEL
        return items

    @cached_property
    def can_handle(self):
        return self.user_has_permission(HANDLE)

    @cached_property
    def header_more_buttons(self):
        if url := services.status_url(self.object):
            return [
                Button(
                    _("Status page the resident sees"),
                    url=url,
                    icon_name="link-external",
                    attrs={"target": "_blank", "rel": "noreferrer"},
                )
            ]
        return []

    def get_fields_context(self):
        return []  # the case template lays the facts out itself

    # --- POST: one form, one service call ---

    def post(self, request, *args, **kwargs):
        if not self.can_handle:
            return forbidden(request, _("Only staff who handle suggestions may change a case."))
        action = request.POST.get("action", "")
        form_class = CaseFileForm if action == CaseFileForm.action else STEP_FORMS.get(action)
        if form_class is None:
            return self.refuse(None, _("That step does not exist. Reload the page and try again."))
        # A step the case cannot take (the page was stale) still goes to the service, which
        # says why in the words staff know.
        form = form_class(request.POST, suggestion=self.object)
        if not form.is_valid():
            return self.refuse(form, _("Please correct the items marked below."))
        try:
            suggestion = form.apply(actor=request.user)
        except services.SuggestionError as refusal:
            form.add_error(None, refusal.message)
            return self.refuse(form, refusal.message, reason=refusal.reason)
        messages.success(request, form.done_message(suggestion))
        return redirect(reverse(self.inspect_url_name, args=[self.object.pk]))

    def refuse(self, form, message, reason="form"):
        messages.error(self.request, message)
        context = self.get_context_data(failed_form=form, refusal=reason, refusal_message=message)
        return self.render_to_response(context, status=400)

    # --- what the template shows ---

    def get_context_data(self, failed_form=None, refusal="", refusal_message="", **kwargs):
        context = super().get_context_data(**kwargs)
        suggestion = self.object
        now = timezone.now()
        context.update(
            {
                "suggestion": suggestion,
                "code": group_code(suggestion.tracking_code),
                "status_label": suggestion.get_status_display(),
                "received": format_datetime(suggestion.submit_time),
                "due": format_datetime(due_date(suggestion)),
                "due_label": due_label(suggestion),
                "overdue": suggestion.is_overdue(now=now),
                "assignee": person_name(suggestion.assignee),
                "answers": self.answers(),
                "contact": self.contact(),
                "record": self.record(),
                "log": self.log(),
                "can_handle": self.can_handle,
                "refusal": refusal,
            }
        )
        if self.can_handle:
            context["steps"] = self.step_forms(failed_form)
            context["case_file"] = self.case_file_form(failed_form)
            shown = [*context["steps"], context["case_file"]]
            if refusal and failed_form not in shown:
                # A step this case cannot take (the page was stale): say why above the steps.
                context["step_error"] = refusal_message
        return context

    def answers(self):
        """(label, answer) for each builder question answered, in the form's order."""
        data = dict(self.object.form_data or {})
        fields = SuggestionFormField.objects.filter(page_id=self.object.page_id).order_by(
            "sort_order", "pk"
        )
        answers = [
            (field.label, answer_text(data.pop(field.clean_name)))
            for field in fields
            if field.clean_name in data
        ]
        # Answers to questions since taken off the form are still part of the case.
        return answers + [(key, answer_text(value)) for key, value in data.items()]

    def contact(self):
        suggestion = self.object
        if suggestion.anonymous:
            return None
        return {
            "name": suggestion.name,
            "phone": phone_for(self.request.user, suggestion.phone or "", CONTACT_PERMISSION),
            "masked": not self.request.user.has_perm(CONTACT_PERMISSION),
            "consent_at": format_datetime(suggestion.consent_at),
        }

    def record(self):
        """(label, value) of the dates and texts of the handling so far, leaving out blanks."""
        suggestion = self.object
        rows = [
            (field_label(Suggestion, "accept_due"), format_datetime(suggestion.accept_due)),
            (field_label(Suggestion, "accepted_at"), format_datetime(suggestion.accepted_at)),
            (field_label(Suggestion, "complete_due"), format_datetime(suggestion.complete_due)),
            (field_label(Suggestion, "replied_at"), format_datetime(suggestion.replied_at)),
            (field_label(Suggestion, "closed_at"), format_datetime(suggestion.closed_at)),
            (field_label(Suggestion, "reject_reason"), suggestion.reject_reason),
            (field_label(Suggestion, "public_reply"), suggestion.public_reply),
            (field_label(Suggestion, "established"), suggestion.established),
            (field_label(Suggestion, "solved"), suggestion.solved),
            (field_label(Suggestion, "measures"), suggestion.measures),
            (field_label(Suggestion, "public_summary"), suggestion.public_summary),
        ]
        if suggestion.publishable:
            rows.append((_("Replies board"), _("Shown on the replies board")))
        return [(label, value) for label, value in rows if value]

    def log(self):
        entries = []
        for event in self.object.events.select_related("actor"):
            if not event.from_status:
                change = _("Received")
            elif event.from_status == event.to_status:
                change = _("Case file updated")
            else:
                change = f"{status_label(event.from_status)} → {status_label(event.to_status)}"
            entries.append(
                {
                    "at": format_datetime(event.at, weekday=False),
                    "who": person_name(event.actor) or event.actor_name or _("Resident"),
                    "change": change,
                    "to_status": event.to_status,
                    "note": event.note,
                }
            )
        return entries

    def step_forms(self, failed_form):
        forms_ = []
        for target in services.allowed_transitions(self.object.status):
            if failed_form is not None and failed_form.action == target:
                forms_.append(failed_form)
            else:
                forms_.append(STEP_FORMS[target](suggestion=self.object))
        return forms_

    def case_file_form(self, failed_form):
        if self.object.status in (S.SUBMITTED, S.REJECTED):
            return None  # accept first; a refused case has no file to keep
        if isinstance(failed_form, CaseFileForm):
            return failed_form
        return CaseFileForm(suggestion=self.object)


# --- Dashboard panel -----------------------------------------------------------------------------


def queue_counts(now=None):
    """Waiting to be accepted, accepted and not closed, and overdue, in one query."""
    overdue = Suggestion.objects.overdue(now).values("pk")
    return Suggestion.objects.aggregate(
        waiting=Count("pk", filter=Q(status=S.SUBMITTED)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(pk__in=overdue)),
    )


class SuggestionQueuePanel(Component):
    name = "suggestion_queue"
    template_name = "discussions/admin/dashboard_panel.html"
    order = 90  # before Wagtail's own panels: this is the day's work

    def get_context_data(self, parent_context):
        counts = queue_counts()
        return {
            "queue_url": queue_url(),
            "items": [
                {
                    "key": "waiting",
                    "label": _("Waiting to be accepted"),
                    "count": counts["waiting"],
                    "url": queue_url(status=S.SUBMITTED),
                },
                {
                    "key": "open",
                    "label": _("In handling"),
                    "count": counts["open"],
                    "url": queue_url(status=list(OPEN_STATUSES)),
                },
                {
                    "key": "overdue",
                    "label": _("Overdue"),
                    "count": counts["overdue"],
                    "url": queue_url(overdue="yes"),
                },
            ],
        }


@hooks.register("construct_homepage_panels")
def add_suggestion_queue_panel(request, panels):
    if policy.user_has_permission(request.user, "view"):
        panels.append(SuggestionQueuePanel())


# --- The viewset ---------------------------------------------------------------------------------


class SuggestionViewSet(ModelViewSet):
    """Staff read, export and work cases here; every write goes through discussions.services."""

    model = Suggestion
    name = "suggestions"
    url_prefix = "suggestions"
    icon = "comment"
    menu_label = MENU_LABEL
    menu_order = 140
    add_to_admin_menu = True
    index_view_class = SuggestionIndexView
    inspect_view_class = SuggestionCaseView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Cases are not content: no reference index rows, no "usage" pages.
    add_to_reference_index = False
    list_per_page = 50
    ordering = "-submit_time"
    export_filename = "suggestions"

    # No add, edit, copy, delete or history views: a case changes only through the services.
    DISABLED_URL_NAMES = ("add", "edit", "copy", "delete", "history", "history_results", "usage")
    UNUSED_PERMISSIONS = ("add", "change", "delete")

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in self.DISABLED_URL_NAMES:
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_form_class(self, for_update=False):
        return None

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in self.DISABLED_URL_NAMES
        ]

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_permissions_to_register(self):
        unused = [
            get_permission_codename(action, self.model_opts) for action in self.UNUSED_PERMISSIONS
        ]
        return super().get_permissions_to_register().exclude(codename__in=unused)


@hooks.register("register_admin_viewset")
def register_suggestion_queue():
    return SuggestionViewSet()
