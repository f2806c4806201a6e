"""The case screen's forms: one per workflow step, and the case file.

Each form only gathers what its service call needs; the rules (what a step requires,
which moves are allowed) are the services' alone."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from home.admin_ui import field_label
from home.formatting import format_datetime

from .. import services
from ..channels import STAFF_METHODS, Satisfaction
from ..models import Suggestion
from ..workflow import ANSWERED_STATUSES, Findings
from ..workflow import SuggestionStatus as S
from .common import PersonChoiceField, handlers, person_name


def model_label(name):
    return field_label(Suggestion, name)


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


FINDINGS = ("established", "solved", "measures")
# Once followed up, the closing form asks for the findings; once closed, they stand as closed.
FINDINGS_RECORDED_HERE = (S.ACCEPTED, S.IN_PROGRESS, S.REPLIED)


class FindingsFields(forms.Form):
    """三不放过: the three records a case needs before it is closed."""

    established = _text(
        model_label("established"),
        help_text=gettext_lazy("The facts, as checked."),
        needed=True,
    )
    solved = _text(
        model_label("solved"),
        help_text=gettext_lazy("What was done about the problem."),
        needed=True,
    )
    measures = _text(
        model_label("measures"),
        help_text=gettext_lazy("What keeps it from happening again."),
        needed=True,
    )

    def findings(self):
        data = self.cleaned_data
        return Findings(data["established"], data["solved"], data["measures"])


def stored_findings(suggestion):
    return {name: getattr(suggestion, name) for name in FINDINGS}


class CaseForm(forms.Form):
    """A form of the case screen.

    Each kind defines ``apply(actor)``, which makes the change through the services and returns
    the suggestion, and ``done_message(suggestion)``, the line staff read after it.
    """

    action = ""
    title = ""
    submit_label = ""
    description = ""
    primary = True

    def __init__(self, *args, suggestion, **kwargs):
        self.suggestion = suggestion
        super().__init__(*args, prefix=self.action, **kwargs)


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
    description = gettext_lazy("The time to reply and to close the case starts now.")

    def done_message(self, suggestion):
        return _("Accepted. Reply by %(reply)s and close the case by %(close)s.") % {
            "reply": format_datetime(suggestion.complete_due),
            "close": format_datetime(suggestion.close_due),
        }


class RejectForm(StepForm):
    action = S.REJECTED
    title = gettext_lazy("Do not accept")
    submit_label = gettext_lazy("Do not accept")
    primary = False
    reason = _text(
        model_label("reject_reason"),
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
        label=model_label("assignee"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=gettext_lazy("One person answers for the case until it is closed."),
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
    title = pgettext_lazy("suggestion step", "Reply")
    submit_label = gettext_lazy("Publish the reply")
    reply = _text(model_label("public_reply"), rows=6, needed=True)
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
    title = gettext_lazy("Follow up")
    submit_label = gettext_lazy("Record the follow-up")
    description = gettext_lazy("Ask the resident whether the reply and the work satisfy them.")
    satisfaction = forms.ChoiceField(
        label=model_label("satisfaction"),
        choices=Satisfaction.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    method = forms.ChoiceField(
        label=model_label("satisfaction_method"),
        choices=[
            (value, label)
            for value, label in Suggestion._meta.get_field("satisfaction_method").choices
            if value in STAFF_METHODS
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    note = _note(gettext_lazy("What the resident said"), needed=True)
    field_order = ["satisfaction", "method", "note"]

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, suggestion=suggestion, **kwargs)
        if suggestion.satisfaction:
            # The resident rated it on the status page: staff may leave that verdict standing.
            self.fields["satisfaction"].help_text = _(
                "The resident's own verdict: %(verdict)s. Choose only if they now say otherwise."
            ) % {"verdict": suggestion.get_satisfaction_display()}
        else:
            for name in ("satisfaction", "method"):
                self.fields[name].widget.attrs["required"] = True

    def step_options(self):
        return {
            "satisfaction": self.cleaned_data["satisfaction"],
            "method": self.cleaned_data["method"],
        }

    def done_message(self, suggestion):
        return _("Follow-up recorded.")


class CloseForm(FindingsFields, StepForm):
    action = S.CLOSED
    title = pgettext_lazy("suggestion step", "Close")
    submit_label = gettext_lazy("Close the case")
    description = gettext_lazy(
        "A case is closed only when all three are on record: the facts established, the "
        "problem solved, the measures carried out."
    )
    field_order = [*FINDINGS, "note"]

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
        label=model_label("assignee"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=gettext_lazy("Hand the case to someone else."),
    )
    lead_leader = forms.CharField(
        label=model_label("lead_leader"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("The leader who answers for the case (包案领导)."),
    )
    public_summary = _text(
        model_label("public_summary"),
        help_text=gettext_lazy(
            "The suggestion as the replies board shows it: no names or details."
        ),
        max_length=1000,
    )
    publishable = forms.BooleanField(label=model_label("publishable"), required=False)

    def __init__(self, *args, suggestion, **kwargs):
        initial = {
            **stored_findings(suggestion),
            "assignee": suggestion.assignee_id,
            "lead_leader": suggestion.lead_leader,
            "public_summary": suggestion.public_summary,
            "publishable": suggestion.publishable,
        }
        super().__init__(*args, suggestion=suggestion, initial=initial, **kwargs)
        for name in FINDINGS:
            if suggestion.status in FINDINGS_RECORDED_HERE:
                # Recorded bit by bit while the case is handled; only closing needs all three.
                self.fields[name].widget.attrs.pop("required", None)
            else:
                del self.fields[name]
        self.fields["assignee"].queryset = handlers()
        if suggestion.status == S.CLOSED:
            # Closed: only the public summary and whether it shows may still change.
            del self.fields["assignee"]
            del self.fields["lead_leader"]
        if not (suggestion.status in ANSWERED_STATUSES or suggestion.publishable):
            del self.fields["publishable"]

    def clean(self):
        cleaned = super().clean()
        if self.suggestion.status == S.CLOSED:
            self.locked_changes = self.posted_locked_changes()
        return cleaned

    def posted_locked_changes(self):
        """What a stale page or a hand-made request still sends for a closed case (the person
        responsible, the findings), so that the service refuses it by name instead of the
        change vanishing without a word."""
        options = {}
        posted = {name: self.data.get(self.add_prefix(name)) for name in (*FINDINGS, "assignee")}
        if any(posted[name] is not None for name in FINDINGS):
            stored = stored_findings(self.suggestion)
            options["findings"] = Findings(
                *(stored[name] if posted[name] is None else posted[name] for name in FINDINGS)
            )
        person = (posted["assignee"] or "").strip()
        if person and person != str(self.suggestion.assignee_id or ""):
            user = None
            if person.isdigit() and len(person) < 19:  # a database id, not a number too big
                user = get_user_model().objects.filter(pk=int(person)).first()
            if user is None:
                self.add_error(None, _("Choose one of the people listed."))
            else:
                options["assignee"] = user
        return options

    def changes(self):
        """Only what was changed goes to the service, so an untouched field never refuses."""
        data, changed = self.cleaned_data, set(self.changed_data)
        options = dict(getattr(self, "locked_changes", {}))
        if changed & set(FINDINGS):
            options["findings"] = self.findings()
        if "assignee" in changed and data["assignee"] is not None:
            options["assignee"] = data["assignee"]
        if "lead_leader" in changed:
            options["lead_leader"] = data["lead_leader"]
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
