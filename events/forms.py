from django import forms
from django.utils.translation import gettext_lazy as _

from home.codes import compact_code, normalise_code
from home.forms import ConsentField, HoneypotMixin, PersonNameField, PhoneField, code_messages

from .services import CODE_LENGTH

REGISTRATION_CODE_MESSAGES = code_messages(
    required=_("Please write your registration code."),
    malformed=_("A registration code has 8 letters and digits, such as K7PM3QXD."),
)


def registration_code_field(**kwargs):
    field = forms.CharField(
        max_length=20,
        error_messages=REGISTRATION_CODE_MESSAGES,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
        **kwargs,
    )
    field.summary_label = _("Registration code")  # the error summary's name for it
    return field


class RegistrationForm(HoneypotMixin, forms.Form):
    name = PersonNameField()
    phone = PhoneField(help_text=_("We send your registration code to this number."))
    consent = ConsentField()


class LookupForm(forms.Form):
    phone = PhoneField()
    code = registration_code_field(
        label=_("Registration code"),
        help_text=_("The 8 letters and digits you got when you registered."),
    )

    def clean_code(self):
        # Only the length is checked here: a code of the wrong letters simply matches nothing,
        # and gets the one answer that never says whether the number is registered.
        code = compact_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(REGISTRATION_CODE_MESSAGES["malformed"], code="malformed")
        return code


def clean_registration_code(value):
    """The code as the registration has it, or a message saying what a code looks like."""
    code = normalise_code(value, CODE_LENGTH)
    if code is None:
        raise forms.ValidationError(REGISTRATION_CODE_MESSAGES["malformed"], code="malformed")
    return code
