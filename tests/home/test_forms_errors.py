"""Every public form says what is wrong in words a person would write, and a failed form opens
at its error summary: focused, first in the form, each wrong field a link to it."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client, TestCase
from django.utils import translation

from discussions.suggestions.forms import TrackForm
from events.forms import LookupForm, RegistrationForm
from events.quiz.forms import QuizStartForm
from home.forms import VerificationCodeForm
from tests import factories
from tests.factories import phone


def errors(form):
    """The form's messages in English (the msgids), field by field."""
    with translation.override("en"):
        form.is_valid()
        return {
            name: [str(message) for message in messages] for name, messages in form.errors.items()
        }


def registration(**data):
    return RegistrationForm({"name": "王久余", "phone": phone(1), "consent": "on", **data})


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Please write your name."),
        ({"name": "   \u3000 "}, "name", "Please write your name."),  # spaces alone are blank
        ({"name": "<b> </b>"}, "name", "Please write your name."),
        ({"name": "王"}, "name", "A name has at least 2 characters."),
        ({"name": "张" * 35}, "name", "A name has at most 30 characters; you wrote 35."),
        ({"phone": ""}, "phone", "Please write your mobile number."),
        ({"phone": "  "}, "phone", "Please write your mobile number."),
        ({"phone": "1390000"}, "phone", "Enter the 11 digits of your mobile number; you wrote 7."),
        ({"consent": ""}, "consent", "Please agree to the personal information notice first."),
    ],
)
def test_registration_messages_name_the_field_and_the_fix(data, field, message):
    assert errors(registration(**data)) == {field: [message]}


def test_a_number_written_the_chinese_way_is_accepted():
    for typed in (
        "１３１００１３１００１",
        "8613100131001",
        "+86 131 0013 1001",
        "0086-131-0013-1001",
    ):
        form = registration(phone=typed)
        assert form.is_valid() and form.cleaned_data["phone"] == "13100131001"


def test_no_message_is_one_of_djangos_own():
    """Whatever is posted, the messages are the project's (Django's would read 必需字段 or
    确保该变量至少包含…)."""
    form = RegistrationForm({"name": "李", "phone": "", "consent": ""})
    with translation.override("zh-hans"):
        form.is_valid()
        text = " ".join(str(message) for messages in form.errors.values() for message in messages)
    assert "必需字段" not in text and "确保" not in text and "This field" not in text


def test_code_fields_say_what_a_code_looks_like():
    lookup = errors(LookupForm({"phone": phone(1), "code": "ABC"}))
    assert lookup == {"code": ["A registration code has 8 letters and digits, such as K7PM3QXD."]}
    assert errors(LookupForm({"phone": phone(1), "code": ""})) == {
        "code": ["Please write your registration code."]
    }
    typed = LookupForm({"phone": phone(1), "code": "k7pm 3qxd"})
    assert typed.is_valid() and typed.cleaned_data["code"] == "K7PM3QXD"
    assert errors(TrackForm({"code": "X" * 41})) == {
        "code": ["A tracking code has 12 letters and digits, such as K7PM-3QXD-9WTA."]
    }
    quiz = errors(QuizStartForm({"registration_code": "K7PM-3QX"}))
    assert quiz == {
        "registration_code": ["A registration code has 8 letters and digits, such as K7PM3QXD."]
    }
    assert QuizStartForm({"registration_code": "k7pm-3qxd"}).is_valid()


def test_verification_codes_are_read_as_typed():
    assert errors(VerificationCodeForm({"code": " "})) == {
        "code": ["Enter the 6-digit code from the text message."]
    }
    assert errors(VerificationCodeForm({"code": "12a456"})) == {
        "code": ["A verification code is 6 digits. Check the text message and type it again."]
    }
    typed = VerificationCodeForm({"code": "１２３ ４５６"})
    assert typed.is_valid() and typed.cleaned_data["code"] == "123456"


# --- Failed forms, as the browser gets them ------------------------------------------------


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def check_summary(html, form_selector, expected):
    """The summary leads the form and links each wrong field; every id named exists."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one(form_selector)
    assert form["action"].endswith("#form-errors")
    first = form.find(lambda tag: tag.name not in ("input",) and tag.parent is form)
    assert first["id"] == "form-errors" and first["role"] == "alert"
    assert first.has_attr("autofocus") and first["tabindex"] == "-1"
    assert len(soup.select("#form-errors")) == 1
    links = {link["href"]: link.get_text(" ", strip=True) for link in first.select("a")}
    assert links == expected
    for href in links:
        assert soup.find(id=href[1:]) is not None, href
    for element in soup.select("[aria-describedby]"):
        for name in element["aria-describedby"].split():
            assert soup.find(id=name) is not None, (element.get("name"), name)
    return soup


@pytest.mark.django_db
def test_a_failed_registration_opens_at_its_summary():
    event = factories.event(factories.event_index())
    client = english(Client())
    response = client.post(event.url + "register/", {"name": " ", "phone": "12345"})
    assert response.status_code == 400
    soup = check_summary(
        response.content.decode(),
        "#register form",
        {
            "#id_name": "Name: Please write your name.",
            "#id_phone": "Mobile number: Enter the 11 digits of your mobile number; you wrote 5.",
            "#id_consent": "Consent: Please agree to the personal information notice first.",
        },
    )
    # The phone's hint and message are both read with the box.
    described = soup.select_one("#id_phone")["aria-describedby"].split()
    assert described == ["id_phone_helptext", "id_phone_error"]
    assert soup.select_one("#id_consent")["aria-describedby"] == "id_consent_error"
    # What was typed stays, made plain where it was a number.
    assert client.get(event.url).status_code == 200


@pytest.mark.django_db
def test_a_failed_suggestion_opens_at_its_summary():
    form = factories.suggestion_form(
        factories.suggestion_index(),
        questions=[
            ("location", "涉及的地点或楼栋", "singleline", False),
            ("identity", "您的身份", "radio", True, "社区居民\n社区党员"),
            ("agree", "同意公开答复", "checkbox", True),
        ],
    )
    response = english(Client()).post(
        form.url, {"content": "短", "location": "楼" * 201, "phone": "+86 139"}
    )
    assert response.status_code == 400
    soup = check_summary(
        response.content.decode(),
        "form.stacked-form",
        {
            "#id_category_0": "Category: Choose a category.",
            "#id_content": (
                "Your suggestion: Please write at least 5 characters, so that staff can follow it."
            ),
            "#id_location": "涉及的地点或楼栋: Write at most 200 characters here; you wrote 201.",
            "#id_identity_0": (
                "您的身份: Please choose an answer: this question must be answered."
            ),
            "#id_agree": "同意公开答复: Please tick this box: it must be ticked to send the form.",
            "#id_name": "Name: Give your name, or choose to submit anonymously.",
            "#id_phone": "Mobile number: Enter the 11 digits of your mobile number; you wrote 3.",
            "#id_consent": "Consent: Please agree to the personal information notice first.",
        },
    )
    # A group of radio buttons is a fieldset that names its message.
    fieldset = soup.select_one("#id_category_0").find_parent("fieldset")
    assert fieldset["aria-describedby"] == "id_category_error"
    assert (
        soup.select_one("#id_content")["aria-describedby"] == "id_content_helptext id_content_error"
    )


@pytest.mark.django_db
def test_a_malformed_verification_code_is_not_a_wrong_try(client):
    event = factories.event(factories.event_index())
    data = {"name": "王久余", "phone": phone(1), "consent": "on"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(event.url + "register/", data).status_code == 200
    [code] = factories.sent_codes(phone(1))
    typo = english(client).post(event.url + "register/", {**data, "code": "12345"})
    assert typo.status_code == 400
    assert "A verification code is 6 digits" in typo.content.decode()
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    after = client.post(event.url + "register/", {**data, "code": wrong})
    assert "还可以再试 4 次" in after.content.decode()  # the typo did not count
    wide = "".join(chr(0xFF10 + int(digit)) for digit in code)  # typed on a Chinese keyboard
    assert client.post(event.url + "register/", {**data, "code": wide}).status_code == 302
