"""The public suggestion form: a fixed part the workflow relies on, plus the builder's questions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.contrib.forms.forms import FormBuilder

from home.codes import normalise_code
from home.forms import (
    ConsentField,
    HoneypotMixin,
    PersonNameField,
    PhoneField,
    TextField,
    code_messages,
    length_messages,
)

from .workflow import TRACKING_CODE_LENGTH

CONTENT_MAX = 2000
LINE_MAX = 200


class SuggestionBaseForm(HoneypotMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a category."),
            "invalid_choice": _("Choose one of the categories shown."),
        },
    )
    content = TextField(
        label=_("Your suggestion"),
        min_length=5,
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened or what you propose, where and when. Up to 2000 characters."),
        error_messages=length_messages(
            required=_("Write your suggestion."),
            at_least=ngettext_lazy(
                "Please write at least %(limit_value)d character, so that staff can follow it.",
                "Please write at least %(limit_value)d characters, so that staff can follow it.",
                "limit_value",
            ),
            at_most=ngettext_lazy(
                "A suggestion has at most %(limit_value)d character; you wrote %(show_value)d. "
                "Please shorten it, or send the rest as a second suggestion.",
                "A suggestion has at most %(limit_value)d characters; you wrote %(show_value)d. "
                "Please shorten it, or send the rest as a second suggestion.",
                "limit_value",
            ),
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Submit anonymously (no name or phone; no reply can be sent to you)"),
        required=False,
    )
    name = PersonNameField(required=False)
    phone = PhoneField(required=False)
    consent = ConsentField(required=False)

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
            self.add_error("consent", ConsentField.default_error_messages["required"])
        return cleaned

    def extra_data(self):
        """The builder's answers under their stable keys."""
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.FIXED}


# The staff-built questions get our messages too, by the kind of field.
CHOICE_MESSAGES = {
    "required": _("Please choose an answer: this question must be answered."),
    "invalid_choice": _("Please choose one of the answers shown."),
    "invalid_list": _("Please choose from the answers shown."),
}
BUILDER_MESSAGES = {
    "dropdown": CHOICE_MESSAGES,
    "radio": CHOICE_MESSAGES,
    "multiselect": CHOICE_MESSAGES,
    "checkboxes": CHOICE_MESSAGES,
    "checkbox": {"required": _("Please tick this box: it must be ticked to send the form.")},
    "email": {"invalid": _("Enter an email address such as name@example.com.")},
    "number": {"invalid": _("Enter a number, such as 3.")},
    "date": {"invalid": _("Enter a date such as 2026-11-27.")},
    "datetime": {"invalid": _("Enter a date and time such as 2026-11-27 14:30.")},
    "url": {"invalid": _("Enter a web address such as https://www.example.com/.")},
}


class SuggestionFormBuilder(FormBuilder):
    """Wagtail's builder with length limits on free text and our fixed part as the base."""

    def get_field_options(self, field):
        options = super().get_field_options(field)
        messages = BUILDER_MESSAGES.get(field.field_type)
        if messages is not None:
            options["error_messages"] = {
                "required": TextField.default_error_messages["required"],
                **messages,
            }
        return options

    def create_singleline_field(self, field, options):
        return TextField(max_length=LINE_MAX, **options)

    def create_multiline_field(self, field, options):
        return TextField(
            max_length=CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 4}), **options
        )

    def get_form_class(self):
        return type("SuggestionForm", (SuggestionBaseForm,), self.formfields)


TRACKING_CODE_MESSAGES = code_messages(
    required=_("Enter the tracking code you were given."),
    malformed=_("A tracking code has 12 letters and digits, such as K7PM-3QXD-9WTA."),
)


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("The 12 letters and digits you were given when you sent the suggestion."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages=TRACKING_CODE_MESSAGES,
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"], TRACKING_CODE_LENGTH)
        if code is None:
            raise forms.ValidationError(TRACKING_CODE_MESSAGES["malformed"], code="malformed")
        return code
