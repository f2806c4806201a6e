import datetime
import re
import unicodedata

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


# Query parameters reach the database and the calendar arithmetic; these keep them in range.
# PostgreSQL refuses NUL in text, and Python's dates end at year 9999.
FIRST_YEAR = 1900
LAST_YEAR = 2100
MAX_ID = 2**63 - 1  # the largest value of a 64-bit database id
# Control characters and lone surrogates; marks such as RTL stay, they are harmless text.
CONTROL_CATEGORIES = {"Cc", "Cs"}


def clean_text(value, max_length=None):
    """A query parameter as text without control characters (NUL, line breaks and the like),
    with runs of white space made one, trimmed and cut to ``max_length``."""
    text = "".join(
        char for char in str(value or "") if unicodedata.category(char) not in CONTROL_CATEGORIES
    )
    text = " ".join(text.split())
    return text[:max_length] if max_length is not None else text


def parse_year_month(value):
    """'2026-11' -> date(2026, 11, 1); anything else, or a year outside 1900–2100, -> None."""
    parts = clean_text(value, 20).split("-")
    if len(parts) != 2 or not all(part.isascii() and part.isdigit() for part in parts):
        return None
    year, month = (int(part) for part in parts)
    if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= month <= 12:
        return None
    return datetime.date(year, month, 1)


def id_in_range(value):
    """True for an id a database row can have: a positive number within 64 bits."""
    return 0 < value <= MAX_ID


def local_path(value, default="/"):
    """A path on this site ('/articles/'), else ``default``. Django's redirect() takes a bare
    word such as 'abc' for the name of a URL and fails on it, so only a path is passed on."""
    text = str(value or "")
    if text.startswith("/") and not text.startswith("//") and "\\" not in text:
        return text
    return default
