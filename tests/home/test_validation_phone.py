"""Mobile numbers as residents type them: full-width digits, spaces, dashes, +86 and friends."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from home.validation import normalise_phone, validate_mobile


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("１３１００１３１００１", "13100131001"),  # a phone's Chinese keyboard gives full-width
        ("8613100131003", "13100131003"),
        ("+86 131 0013 1000", "13100131000"),
        ("0086-131-0013-1000", "13100131000"),
        ("+86-13100131000", "13100131000"),
        ("(+86) 131 0013 1000", "13100131000"),
        ("（＋８６）１３１－００１３－１０００", "13100131000"),
        ("131\u30000013\u30001000", "13100131000"),  # the full-width space
        ("131—0013–1000", "13100131000"),
        ("131.0013.1000", "13100131000"),
        ("13100131003", "13100131003"),
        # 86 is a prefix only when a mobile number follows it.
        ("86131001310", "86131001310"),
        ("8612345", "8612345"),
        ("+86 123", "+86123"),
    ],
)
def test_numbers_are_made_plain_before_they_are_checked(typed, number):
    assert normalise_phone(typed) == number


def mobile():
    return st.builds(
        lambda second, rest: f"1{second}{rest}",
        st.sampled_from("3456789"),
        st.text(alphabet="0123456789", min_size=9, max_size=9),
    )


PREFIXES = ["", "+86", "86", "0086", "+86-", "+86 ", "(+86)", "（+86）", "0086-", "86 ", "＋８６"]
SEPARATORS = ["", " ", "\u3000", "-", "－", "—", "–", "‐", ".", "．"]
FULL_WIDTH = {str(digit): chr(0xFF10 + digit) for digit in range(10)}


@settings(max_examples=50, deadline=None)
@given(
    number=mobile(),
    prefix=st.sampled_from(PREFIXES),
    separator=st.sampled_from(SEPARATORS),
    groups=st.sampled_from([(3, 4, 4), (3, 8), (11,), (3, 3, 5), (1, 10)]),
    wide=st.lists(st.booleans(), min_size=11, max_size=11),
)
def test_any_way_of_writing_a_mobile_gives_its_11_digits(number, prefix, separator, groups, wide):
    digits = "".join(
        FULL_WIDTH[char] if full else char for char, full in zip(number, wide, strict=True)
    )
    parts, start = [], 0
    for size in groups:
        parts.append(digits[start : start + size])
        start += size
    typed = prefix + separator.join(parts)
    assert normalise_phone(typed) == number
    validate_mobile(normalise_phone(typed))


def message(value):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            validate_mobile(normalise_phone(value))
        return str(refused.value.messages[0])


def test_a_wrong_number_is_told_what_is_wrong_with_it():
    assert message("12345") == "Enter the 11 digits of your mobile number; you wrote 5."
    assert message("139000010011") == "Enter the 11 digits of your mobile number; you wrote 12."
    assert message("13900OO1001") == (
        "A mobile number has digits only, 11 of them, such as 13812345678."
    )
    assert message("02112345678") == (
        "Enter an 11-digit mainland mobile number, such as 13812345678."
    )
    # Digits of other scripts are read as digits, never stored as they were typed.
    assert normalise_phone("١٣٩٠٠٠٠١٠٠١") == "13900001001"
