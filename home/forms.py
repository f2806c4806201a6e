"""Form pieces every public form shares: text, name, phone and consent fields whose messages a
person would write, a verification-code form and a honeypot.

Django's own messages ("必需字段", "确保该变量至少包含 2 字符(目前字符数 1)。") read like a machine;
each field here says what is wrong in plain words, and the error summary at the top of a form
names the field (``summary_label``, else its label) before the message.
"""

import re
import unicodedata

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from .validation import normalise_phone, validate_mobile


def length_messages(*, required, at_least, at_most):
    """``error_messages`` for a text field: blank (spaces only counts as blank), too short, too
    long. ``at_least`` and ``at_most`` are ngettext_lazy pairs keyed on ``limit_value``; the
    too-long message may also name ``show_value``, how many characters were written."""
    return {"required": required, "min_length": at_least, "max_length": at_most}


class TextField(forms.CharField):
    """Free text (a suggestion, an answer to a staff-built question) with our messages. A form
    names the field in its own ``error_messages`` (see ``length_messages``)."""

    default_error_messages = length_messages(
        required=_("This needs an answer: please fill it in."),
        at_least=ngettext_lazy(
            "Write at least %(limit_value)d character here.",
            "Write at least %(limit_value)d characters here.",
            "limit_value",
        ),
        at_most=ngettext_lazy(
            "Write at most %(limit_value)d character here; you wrote %(show_value)d.",
            "Write at most %(limit_value)d characters here; you wrote %(show_value)d.",
            "limit_value",
        ),
    )


class PersonNameField(TextField):
    """A name as residents write it: markup stripped, inner spaces kept, 2–30 characters.
    A name of spaces or of markup alone is blank, and is told so."""

    default_error_messages = length_messages(
        required=_("Please write your name."),
        at_least=ngettext_lazy(
            "A name has at least %(limit_value)d character.",
            "A name has at least %(limit_value)d characters.",
            "limit_value",
        ),
        at_most=ngettext_lazy(
            "A name has at most %(limit_value)d character; you wrote %(show_value)d.",
            "A name has at most %(limit_value)d characters; you wrote %(show_value)d.",
            "limit_value",
        ),
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("label", pgettext_lazy("person", "Name"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("min_length", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "name"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return " ".join(strip_tags(super().to_python(value) or "").split())


class PhoneField(forms.CharField):
    """A mainland mobile number, however it was typed (see ``normalise_phone``)."""

    default_error_messages = {"required": _("Please write your mobile number.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        # Room for "+86 (131) 0013-1000" and the like: the limit applies to the digits left.
        kwargs.setdefault("max_length", 24)
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


class ConsentField(forms.BooleanField):
    """The unticked box beside the privacy notice. Its label is a sentence; the error summary
    names it by ``summary_label``."""

    default_error_messages = {
        "required": _("Please agree to the personal information notice first.")
    }
    summary_label = _("Consent")

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "label",
            _("I have read the notice above and agree that my name and number are used for it."),
        )
        super().__init__(**kwargs)


def code_messages(*, required, malformed):
    """A code field's messages: one for blank, one for anything that is not a code (too long
    included, so the resident reads one message, not two)."""
    return {"required": required, "max_length": malformed, "malformed": malformed}


class HoneypotMixin(forms.Form):
    """A field people never see; software that fills every field fills it."""

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_spam(self):
        return bool(self.data.get("website"))


VERIFICATION_CODE = re.compile(r"^[0-9]{6}$")


class VerificationCodeForm(forms.Form):
    """The 6-digit code from the text message, typed with full-width digits or spaces too."""

    code = forms.CharField(
        max_length=40,
        error_messages=code_messages(
            required=_("Enter the 6-digit code from the text message."),
            malformed=_(
                "A verification code is 6 digits. Check the text message and type it again."
            ),
        ),
    )

    def clean_code(self):
        code = "".join(unicodedata.normalize("NFKC", self.cleaned_data["code"]).split())
        if not VERIFICATION_CODE.match(code):
            raise forms.ValidationError(
                self.fields["code"].error_messages["malformed"], code="malformed"
            )
        return code
