import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalise_phone(value):
    """Digits only: residents type spaces, dashes or a +86 prefix."""
    digits = re.sub(r"[\s\-－—()（）]", "", str(value or ""))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def validate_mobile(value):
    if not MOBILE.match(value or ""):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number, such as 13812345678."), code="phone"
        )
