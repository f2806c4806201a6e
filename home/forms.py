"""Form pieces every public form shares: a phone field, a consent box, a honeypot."""

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .validation import normalise_phone, validate_mobile


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel", "type": "tel"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_phone(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_mobile(value)


class PersonNameField(forms.CharField):
    """A name as residents write it: markup stripped, inner spaces kept, 2–30 characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", pgettext_lazy("person", "Name"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("min_length", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "name"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return " ".join(strip_tags(super().to_python(value) or "").split())


class HoneypotMixin(forms.Form):
    """A field people never see; software that fills every field fills it."""

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_spam(self):
        return bool(self.data.get("website"))
