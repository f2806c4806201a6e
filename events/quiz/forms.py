"""The form a resident starts the online quiz with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import ConsentField, HoneypotMixin, PersonNameField, PhoneField

from ..forms import clean_registration_code, registration_code_field


class QuizStartForm(HoneypotMixin, forms.Form):
    """Name and phone, or the registration code that already holds them."""

    name = PersonNameField(required=False)
    phone = PhoneField(required=False)
    registration_code = registration_code_field(
        label=_("Or your registration code"),
        required=False,
        help_text=_(
            "If you registered for the event, the 8 letters and digits of your registration "
            "will do instead."
        ),
    )
    consent = ConsentField(
        label=_("I agree that my name and number are used for this quiz and its ranking."),
        required=False,
    )

    def clean_registration_code(self):
        code = self.cleaned_data["registration_code"]
        return clean_registration_code(code) if code else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("registration_code") or "registration_code" in self.errors:
            return cleaned
        if not cleaned.get("name") and "name" not in self.errors:
            self.add_error("name", _("Give your name, or your registration code."))
        if not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Give your mobile number, or your registration code."))
        if not cleaned.get("consent"):
            self.add_error("consent", ConsentField.default_error_messages["required"])
        return cleaned
