import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
# What residents put between digits: spaces (the full-width one too), dashes of every kind,
# dots and brackets. Full-width forms (－．（）) are made plain by NFKC before this runs.
PHONE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc\ufe58\ufe63.\u00b7\u30fb()\[\]【】]")
COUNTRY_PREFIXES = ("+86", "0086", "86")
MOBILE_DIGITS = re.compile(r"^1[0-9]{10}$")


def normalise_phone(value):
    """A number as residents type it, made plain: full-width digits (１３１…) become 0–9,
    separators go, and a +86, 86 or 0086 prefix goes when what remains is a mobile number
    (11 digits starting with 1). Anything else is returned without its separators, for
    ``validate_mobile`` to refuse in words."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = "".join(
        str(unicodedata.decimal(char)) if unicodedata.category(char) == "Nd" else char
        for char in text
    )
    text = PHONE_SEPARATORS.sub("", text)
    for prefix in COUNTRY_PREFIXES:
        if text.startswith(prefix) and MOBILE_DIGITS.match(text[len(prefix) :]):
            return text[len(prefix) :]
    return text


def validate_mobile(value):
    """A mainland mobile number: 11 digits, 13x–19x. The message says what is wrong with it."""
    value = value or ""
    if MOBILE.match(value):
        return
    # "+86 139…" cut short: count the digits after the country code, which the person wrote.
    rest = next((value[len(p) :] for p in ("+86", "0086") if value.startswith(p)), value)
    digits = sum(char in "0123456789" for char in rest)
    if digits != len(rest):
        raise ValidationError(
            _("A mobile number has digits only, 11 of them, such as 13812345678."), code="phone"
        )
    if digits != 11:
        raise ValidationError(
            _("Enter the 11 digits of your mobile number; you wrote %(count)d."),
            code="phone",
            params={"count": digits},
        )
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
