"""The public suggestion form: a fixed part the workflow relies on, plus the builder's questions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

from home.codes import normalise_code
from home.forms import HoneypotMixin, PersonNameField, PhoneField

from .workflow import TRACKING_CODE_LENGTH

CONTENT_MAX = 2000
LINE_MAX = 200


class SuggestionBaseForm(HoneypotMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a category.")},
    )
    content = forms.CharField(
        label=_("Your suggestion"),
        min_length=5,
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your suggestion.")},
    )
    anonymous = forms.BooleanField(
        label=_("Submit anonymously (no name or phone; no reply can be sent to you)"),
        required=False,
    )
    name = PersonNameField(required=False)
    phone = PhoneField(required=False)
    consent = forms.BooleanField(
        label=_("I have read the notice above and agree that my name and number are used for it."),
        required=False,
    )

    FIXED = ("category", "content", "anonymous", "name", "phone", "consent", "website")

    def __init__(self, *args, page, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["category"].choices = [(c, c) for c in page.category_list]
        if not page.allow_anonymous:
            del self.fields["anonymous"]

    @property
    def extra_fields(self):
        """The builder's questions, in the order staff set."""
        return [self[name] for name in self.fields if name not in self.FIXED]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("anonymous"):
            # Whatever was typed into the contact fields is dropped, not stored.
            for name in ("name", "phone"):
                self.errors.pop(name, None)
                cleaned[name] = ""
            cleaned["consent"] = False
            return cleaned
        if not cleaned.get("name") and "name" not in self.errors:
            self.add_error("name", _("Give your name, or choose to submit anonymously."))
        if not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error(
                "phone", _("Give a mobile number for the reply, or choose to submit anonymously.")
            )
        if not cleaned.get("consent"):
            self.add_error("consent", _("Please agree to the personal information notice first."))
        return cleaned

    def extra_data(self):
        """The builder's answers under their stable keys."""
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.FIXED}


class SuggestionFormBuilder(FormBuilder):
    """Wagtail's builder with length limits on free text and our fixed part as the base."""

    def create_singleline_field(self, field, options):
        options["max_length"] = LINE_MAX
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = CONTENT_MAX
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **options)

    def get_form_class(self):
        return type("SuggestionForm", (SuggestionBaseForm,), self.formfields)


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the tracking code you were given.")},
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"], TRACKING_CODE_LENGTH)
        if code is None:
            raise forms.ValidationError(
                _("A tracking code has 12 letters and digits, such as K7PM-3QXD-9WTA."),
                code="malformed",
            )
        return code
