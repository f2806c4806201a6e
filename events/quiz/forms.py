"""The form a resident starts the online quiz with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import HoneypotMixin, PersonNameField, PhoneField


class QuizStartForm(HoneypotMixin, forms.Form):
    """Name and phone, or the registration code that already holds them."""

    name = PersonNameField(required=False)
    phone = PhoneField(required=False)
    registration_code = forms.CharField(
        label=_("Or your registration code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my name and number are used for this quiz and its ranking."),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("registration_code"):
            return cleaned
        if not cleaned.get("name") and "name" not in self.errors:
            self.add_error("name", _("Give your name, or your registration code."))
        if not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Give your mobile number, or your registration code."))
        if not cleaned.get("consent"):
            self.add_error("consent", _("Please agree to the personal information notice first."))
        return cleaned
