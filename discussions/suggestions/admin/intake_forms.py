"""接访登记's form: a case that reached staff in person, on a home visit, by phone or by letter.

The channel is chosen first (a tab on the screen), so that the form asks only for what that
channel needs and the consent box says how the resident was told."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.admin_ui import field_label
from home.formatting import format_date
from home.forms import PersonNameField, PhoneField

from ...reception.visits import Visit
from ..channels import Channel
from ..models import Suggestion, SuggestionFormPage
from ..selectors import open_cases_of

CONSENT_LABELS = {
    Channel.RECEPTION: gettext_lazy("Told in person and agreed"),
    Channel.VISIT: gettext_lazy("Told in person and agreed"),
    Channel.PHONE: gettext_lazy("Told on the phone and agreed"),
    Channel.LETTER: gettext_lazy("Agreed in the letter or told in writing"),
}
CONTENT_MAX = 2000


def intake_forms():
    """The suggestion forms a logged case may belong to (for its categories), live ones first."""
    return SuggestionFormPage.objects.order_by("-live", "path")


class FormPageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class VisitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{format_date(obj.date, weekday=False)} {obj.place}（{obj.leaders}）"


class RepeatChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Link to %(code)s") % {"code": obj.tracking_code}


class LogCaseForm(forms.Form):
    channel = forms.ChoiceField(choices=Channel.choices, widget=forms.HiddenInput)
    page = FormPageChoiceField(
        label=gettext_lazy("Filed under"),
        queryset=SuggestionFormPage.objects.none(),
        empty_label=None,
        required=False,
    )
    reception_date = forms.DateField(
        label=field_label(Suggestion, "reception_date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    visit = VisitChoiceField(
        label=field_label(Suggestion, "visit"),
        queryset=Visit.objects.none(),
        required=False,
        empty_label=gettext_lazy("Choose the home visit"),
    )
    received_by = forms.CharField(
        label=field_label(Suggestion, "received_by"), max_length=50, required=False
    )
    category = forms.ChoiceField(label=field_label(Suggestion, "category"))
    content = forms.CharField(
        label=gettext_lazy("What the resident raised"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = PersonNameField(required=False)
    phone = PhoneField(required=False)
    consent = forms.BooleanField(required=False)
    # The number whose open cases the screen has shown: linking is decided with them in view.
    checked_phone = forms.CharField(required=False, widget=forms.HiddenInput)
    repeat_of = RepeatChoiceField(
        label=gettext_lazy("Same matter as an open case?"),
        queryset=Suggestion.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("No, a new matter"),
    )

    def __init__(self, *args, channel, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.fields["channel"].initial = channel
        self.fields["page"].queryset = intake_forms()
        pages = list(self.fields["page"].queryset)
        if len(pages) < 2:
            self.fields["page"].widget = forms.HiddenInput()
        if pages and not self.initial.get("page"):
            self.initial["page"] = pages[0].pk
        categories = []
        for page in pages:
            categories += [item for item in page.category_list if item not in categories]
        self.fields["category"].choices = [("", _("Choose a category"))] + [
            (item, item) for item in categories
        ]
        self.fields["consent"].label = CONSENT_LABELS[channel]
        self.fields["consent"].help_text = _(
            "Needed with a name or number: the resident was told that the community collects "
            "them only to contact them about this case, and deletes them 180 days after it is "
            "closed. Leave both empty for an anonymous case."
        )
        if channel == Channel.RECEPTION:
            self.fields["reception_date"].required = True
            self.initial.setdefault("reception_date", timezone.localdate())
        else:
            del self.fields["reception_date"]
        if channel == Channel.VISIT:
            self.fields["visit"].required = True
            self.fields["visit"].queryset = Visit.objects.all()
        else:
            del self.fields["visit"]
        self.open_cases = self._open_cases()
        self.fields["repeat_of"].queryset = Suggestion.objects.filter(
            pk__in=[case.pk for case in self.open_cases]
        )

    def _open_cases(self):
        """The open cases of the number typed, read before the fields are cleaned, so that the
        choice of one to link to is checked against them."""
        if not self.is_bound:
            return []
        try:
            phone = self.fields["phone"].clean(self.data.get(self.add_prefix("phone"), ""))
        except forms.ValidationError:
            return []
        return list(open_cases_of(phone)) if phone else []

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("page") and "page" not in self.errors:
            # One form, as in most communities: the case goes under it without asking.
            cleaned["page"] = intake_forms().first()
            if cleaned["page"] is None:
                raise forms.ValidationError(
                    _("Create a suggestion form first: its categories are the case's.")
                )
        if (cleaned.get("name") or cleaned.get("phone")) and not cleaned.get("consent"):
            self.add_error(
                "consent",
                _("Tell the resident how their name and number are used and record their consent."),
            )
        return cleaned

    @property
    def needs_repeat_check(self):
        """Open cases of this number that staff have not yet seen on this screen."""
        return bool(self.open_cases) and self.cleaned_data.get("checked_phone") != (
            self.cleaned_data.get("phone") or ""
        )
