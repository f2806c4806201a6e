"""Bulk actions of the queue: accept the selected cases, or give them one responsible person.

Each case goes through the same service call as the single step on its case screen, in its own
transaction, so one refusal (a case already accepted, already closed, being worked on by someone
else) neither stops nor undoes the others. The page after (the same with or without JavaScript) says
how many went through and, for each refused case, its tracking code and the service's reason.

The listing's checkboxes feed Wagtail's bulk-action footer with JavaScript; without it, the
listing is itself a form whose buttons open the same confirmation pages (GET ``?id=…``).
"""

from abc import abstractmethod

from django import forms
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.views.bulk_action import BulkAction

from home.admin_ui import field_label, forbidden
from home.formatting import format_datetime, group_code

from .. import services
from ..models import Suggestion
from ..workflow import SuggestionStatus as S
from ..workflow import allowed_transitions
from .common import HANDLE, PersonChoiceField, handlers, person_name, policy
from .listing import SuggestionFilterSet, search_suggestions

MAX_SELECTED = 200  # more than a day's work; a longer list is a mistake, not a plan


def selected_ids(values):
    """The database ids among what the request sent, ignoring anything else."""
    return sorted({int(value) for value in values if value.isdigit() and len(value) < 19})


class SuggestionBulkAction(BulkAction):
    """What both bulk actions share: the permission, the selection, the report."""

    models = [Suggestion]
    template_name = "discussions/suggestions/admin/bulk_confirm.html"
    # Wagtail's footer lists actions by this number, lowest first.
    action_priority = 10
    # The step's name in the report ("accepted", "assigned"), set by each action.
    done_message = ""
    refused_heading = ""

    def dispatch(self, request, *args, **kwargs):
        if not policy.user_has_permission(request.user, HANDLE):
            return forbidden(request, _("Only staff who handle suggestions may change a case."))
        if not self.selection:
            return self.nothing_selected()
        return super().dispatch(request, *args, **kwargs)

    # --- the selection ---

    @cached_property
    def selection(self):
        """The selected cases, in the order they are due; [] when nothing valid was sent."""
        values = self.request.GET.getlist("id")
        if "all" in values:
            queryset = self.listed_cases()
        else:
            queryset = Suggestion.objects.filter(pk__in=selected_ids(values))
        return list(queryset.select_related("assignee").by_deadline()[:MAX_SELECTED])

    def listed_cases(self):
        """Every case the listing shows with its filters and search (Wagtail's "select all")."""
        queryset = Suggestion.objects.all()
        filters = SuggestionFilterSet(self.request.GET, queryset=queryset, request=self.request)
        if filters.is_valid():
            queryset = filters.qs
        return search_suggestions(queryset, self.request.GET.get("q", ""))

    def get_actionable_objects(self):
        return self.selection, {"items_with_no_access": []}

    def nothing_selected(self):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "action": self,
                "items": [],
                "next": self.next_url,
                "nothing_selected": True,
            },
            status=400,
        )

    # --- the confirmation page ---

    def will_refuse(self, suggestion):
        """Why the workflow will not let ``suggestion`` take this action, or "" (a preview
        only: the service decides when the form is sent)."""
        return ""

    def object_context(self, suggestion):
        return {
            "item": suggestion,
            "code": group_code(suggestion.tracking_code),
            "status": suggestion.get_status_display(),
            "deadline": format_datetime(suggestion.deadline, weekday=False),
            "overdue": suggestion.is_overdue(),
            "assignee": person_name(suggestion.assignee),
            "refusal": self.will_refuse(suggestion),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action"] = self
        context["ready"] = sum(1 for item in context["items"] if not item["refusal"])
        return context

    # --- doing it ---

    @abstractmethod
    def apply(self, suggestion, data):
        """Make the change through the services; raises services.SuggestionError."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        # No transaction around the whole: each case is its own change, as on its screen.
        done, refused = [], []
        for suggestion in self.selection:
            try:
                self.apply(suggestion, form.cleaned_data)
            except services.SuggestionError as refusal:
                refused.append(
                    {
                        "item": suggestion,
                        "code": group_code(suggestion.tracking_code),
                        "reason": refusal.reason,
                        "message": refusal.message,
                    }
                )
            else:
                done.append({"item": suggestion, "code": group_code(suggestion.tracking_code)})
        # The report is a page of its own, so that it reads the same with or without
        # JavaScript (Wagtail shows its messages only with it).
        context = {
            "action": self,
            "done": done,
            "done_text": self.done_text(len(done), form.cleaned_data) if done else "",
            "refused": refused,
            "refused_text": ngettext(
                "%(count)s case was not changed:",
                "%(count)s cases were not changed:",
                len(refused),
            )
            % {"count": len(refused)},
            "next": self.next_url,
        }
        return TemplateResponse(
            self.request, "discussions/suggestions/admin/bulk_done.html", context
        )

    @abstractmethod
    def done_text(self, count, data):
        """What the result page says was done to ``count`` cases."""


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Internal note"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Staff only: it goes into the log of each case."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AcceptBulkAction(SuggestionBulkAction):
    display_name = gettext_lazy("Accept")
    action_type = "accept"
    aria_label = gettext_lazy("Accept the selected suggestions")
    action_priority = 10
    form_class = AcceptForm
    heading = gettext_lazy("Accept the selected suggestions")
    intro = gettext_lazy(
        "Each suggestion is accepted as on its own screen: the time to complete it starts now."
    )
    submit_label = gettext_lazy("Accept them")

    def will_refuse(self, suggestion):
        if S.ACCEPTED in allowed_transitions(suggestion.status):
            return ""
        return _("Already “%(status)s”: it cannot be accepted again.") % {
            "status": suggestion.get_status_display()
        }

    def apply(self, suggestion, data):
        services.transition_suggestion(
            suggestion=suggestion, to=S.ACCEPTED, actor=self.request.user, note=data["note"]
        )

    def done_text(self, count, data):
        return ngettext(
            "%(count)s suggestion accepted.", "%(count)s suggestions accepted.", count
        ) % {"count": count}


class AssignForm(forms.Form):
    assignee = PersonChoiceField(
        label=field_label(Suggestion, "assignee"),
        queryset=get_user_model().objects.none(),
        help_text=gettext_lazy("One person answers for each case until it is closed."),
        error_messages={
            "required": gettext_lazy("Choose the person responsible."),
            "invalid_choice": gettext_lazy("Choose one of the people listed."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handlers()


class AssignBulkAction(SuggestionBulkAction):
    display_name = gettext_lazy("Assign the responsible person")
    action_type = "assign"
    aria_label = gettext_lazy("Give the selected suggestions a responsible person")
    action_priority = 20
    form_class = AssignForm
    heading = gettext_lazy("Give the selected suggestions a responsible person")
    intro = gettext_lazy(
        "An accepted suggestion starts being handled by this person (包案); one already being "
        "handled passes to them, as the case file's responsible person does."
    )
    submit_label = gettext_lazy("Assign")

    def will_refuse(self, suggestion):
        if suggestion.status == S.SUBMITTED:
            return _("Not accepted yet: accept it first.")
        if suggestion.status in (S.CLOSED, S.REJECTED):
            return _("Already “%(status)s”: its responsible person cannot change.") % {
                "status": suggestion.get_status_display()
            }
        return ""

    def apply(self, suggestion, data):
        person = data["assignee"]
        if suggestion.status == S.ACCEPTED:
            # The same step as 开始办理 on the case screen: the case is now someone's.
            services.transition_suggestion(
                suggestion=suggestion, to=S.IN_PROGRESS, actor=self.request.user, assignee=person
            )
        else:
            # The case file's reassignment; the service refuses what cannot change.
            services.update_case(suggestion=suggestion, actor=self.request.user, assignee=person)

    def done_text(self, count, data):
        return ngettext(
            "%(name)s is now responsible for %(count)s suggestion.",
            "%(name)s is now responsible for %(count)s suggestions.",
            count,
        ) % {"count": count, "name": person_name(data["assignee"])}
