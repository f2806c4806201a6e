from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import HoneypotMixin, PersonNameField, PhoneField


class RegistrationForm(HoneypotMixin, forms.Form):
    name = PersonNameField()
    phone = PhoneField()
    consent = forms.BooleanField(
        label=_("I have read the notice above and agree that my name and number are used for it."),
        error_messages={"required": _("Please agree to the personal information notice first.")},
    )


class LookupForm(forms.Form):
    phone = PhoneField()
    code = forms.CharField(
        label=_("Registration code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()
