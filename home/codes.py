"""Codes residents read aloud and type: registration codes, suggestion tracking codes."""

import re
import secrets

# No 0/O or 1/I: codes are read aloud and typed by elderly residents.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_SEPARATORS = re.compile(r"[\s\-－—_]")


def new_code(length):
    """A random code of ``length`` characters: 5 bits of chance each."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def compact_code(value):
    """A code or part of one as typed, upper-cased, without the spaces and dashes people add."""
    return _SEPARATORS.sub("", str(value or "")).upper()


def normalise_code(value, length):
    """The code as typed, upper-cased without spaces or dashes; None unless well formed."""
    code = compact_code(value)
    if len(code) != length or any(char not in ALPHABET for char in code):
        return None
    return code
