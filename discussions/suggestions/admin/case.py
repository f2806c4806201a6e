"""The case screen (办理): every fact of a case, its log, and the forms for what comes next."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView
from wagtail.admin.widgets.button import Button

from home.admin_ui import field_label, forbidden, phone_for
from home.formatting import format_datetime, group_code

from ...admin_access import RefusedWith403Mixin
from .. import services
from ..models import Suggestion, SuggestionFormField
from ..workflow import SuggestionStatus as S
from ..workflow import allowed_transitions
from .case_forms import STEP_FORMS, CaseFileForm
from .common import (
    CONTACT_PERMISSION,
    HANDLE,
    MENU_LABEL,
    answer_text,
    due_date,
    due_label,
    person_name,
    status_label,
)
from .origin import linked_cases, origin_facts, verdict


class SuggestionCaseView(RefusedWith403Mixin, InspectView):
    """Everything on file about one case, its log, and a form for each step it can take next."""

    any_permission_required = ["view"]
    refused_message = gettext_lazy("Only staff who handle suggestions may open a case.")
    template_name = "discussions/suggestions/admin/case.html"
    page_title = gettext_lazy("Case")
    http_method_names = ["get", "post"]
    inspect_url_name = None  # set by the viewset: where a change redirects to

    def get_object(self, queryset=None):
        return get_object_or_404(
            Suggestion.objects.select_related(
                "page", "assignee", "visit", "logged_by", "repeat_of"
            ),
            pk=self.pk,
        )

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
        context.update(
            {
                "suggestion": suggestion,
                "code": group_code(suggestion.tracking_code),
                "status_label": suggestion.get_status_display(),
                "received": format_datetime(suggestion.submit_time, weekday=False),
                "due": format_datetime(due_date(suggestion), weekday=False),
                "due_label": due_label(suggestion),
                "overdue": suggestion.is_overdue(),
                "assignee": person_name(suggestion.assignee),
                "answers": self.answers(),
                "contact": self.contact(),
                "record": self.record(),
                "origin": origin_facts(suggestion),
                "repeats": linked_cases(suggestion),
                "log": self.log(),
                "labels": {
                    name: field_label(Suggestion, name)
                    for name in ("status", "assignee", "submit_time", "category", "consent_at")
                },
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
            (field_label(Suggestion, "close_due"), format_datetime(suggestion.close_due)),
            (field_label(Suggestion, "replied_at"), format_datetime(suggestion.replied_at)),
            (field_label(Suggestion, "closed_at"), format_datetime(suggestion.closed_at)),
            (field_label(Suggestion, "reject_reason"), suggestion.reject_reason),
            (field_label(Suggestion, "public_reply"), suggestion.public_reply),
            (field_label(Suggestion, "established"), suggestion.established),
            (field_label(Suggestion, "solved"), suggestion.solved),
            (field_label(Suggestion, "measures"), suggestion.measures),
            (field_label(Suggestion, "public_summary"), suggestion.public_summary),
            (field_label(Suggestion, "satisfaction"), verdict(suggestion)),
        ]
        if suggestion.publishable:
            rows.append((field_label(Suggestion, "publishable"), _("Yes")))
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
        for target in allowed_transitions(self.object.status):
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
