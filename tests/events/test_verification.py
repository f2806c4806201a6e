"""The verification step as a resident meets it when registering: the code form, asking again,
a wrong code, and the day's budget running out (with the staff's dashboard saying so)."""

import re

import pytest
from django.test import Client, TestCase
from wagtail.models import Site

from events.models import Registration
from home.models import SiteSettings
from tests import factories
from tests.factories import phone

pytestmark = pytest.mark.django_db


def form(number=1):
    return {"name": "王久余", "phone": phone(number), "consent": "on"}


def ask(client, event, data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(event.url + "register/", data)


@pytest.fixture
def event():
    return factories.event(factories.event_index(), capacity=10)


def test_the_code_form_carries_the_answers_and_says_where_the_code_went(client, event):
    response = ask(client, event, form(1))
    html = response.content.decode()
    assert response.status_code == 200
    code_form = re.search(r"<form[^>]*data-verify-code[^>]*>(.*?)</form>", html, re.S).group(1)
    code_input = re.search(r'<input[^>]*name="code"[^>]*>', code_form).group(0)
    assert 'inputmode="numeric"' in code_input and 'autocomplete="one-time-code"' in code_input
    # Enter confirms: the confirming button comes before 重新发送.
    assert code_form.index(">确认<") < code_form.index("重新发送")
    for name, value in form(1).items():
        assert f'name="{name}" value="{value}"' in code_form
    assert "139****0001" in html and phone(1) not in html.replace(f'value="{phone(1)}"', "")
    assert not Registration.objects.exists()


def test_asking_again_within_the_minute_keeps_the_code_already_sent(client, event):
    ask(client, event, form(1))
    again = ask(client, event, {**form(1), "verify": "resend"})
    assert again.status_code == 200 and "秒后可以重新发送" in again.content.decode()
    [code] = factories.sent_codes(phone(1))
    done = client.post(event.url + "register/", {**form(1), "code": code})
    assert done.status_code == 302 and Registration.objects.count() == 1


def test_an_empty_code_box_is_asked_for_again_without_using_a_try(client, event):
    ask(client, event, form(1))
    empty = client.post(event.url + "register/", {**form(1), "code": " "})
    assert empty.status_code == 400 and "请输入短信中的 6 位验证码" in empty.content.decode()
    [code] = factories.sent_codes(phone(1))
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    after = client.post(event.url + "register/", {**form(1), "code": wrong})
    assert "还可以再试 4 次" in after.content.decode()  # the empty press did not count


def test_a_wrong_code_says_so_and_takes_no_seat(client, event):
    ask(client, event, form(1))
    [code] = factories.sent_codes(phone(1))
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = client.post(event.url + "register/", {**form(1), "code": wrong})
    assert response.status_code == 400
    assert "验证码不正确，还可以再试 4 次" in response.content.decode()
    assert "data-verify-code" in response.content.decode()
    assert not Registration.objects.exists()


def test_no_code_is_sent_for_an_event_that_takes_no_one(client, mailoutbox):
    event = factories.event(factories.event_index(), capacity=1, waitlist_enabled=False)
    factories.post_verified(Client(), event.url + "register/", form(2))
    response = ask(client, event, form(1))
    assert response.status_code == 409 and "名额已满" in response.content.decode()
    assert factories.sent_codes(phone(1)) == []


def test_past_the_daily_budget_residents_are_sent_to_the_office(client, event, settings):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_phone = "0571-8888 1234"
    site_settings.save()
    settings.QINGFENG_VERIFICATION_DAILY_BUDGET = 1
    factories.post_verified(Client(), event.url + "register/", form(2))
    response = ask(client, event, form(1))
    html = response.content.decode()
    assert response.status_code == 429
    assert "暂时无法发送验证码" in html and "名额已经用完" in html and "0571-8888 1234" in html
    assert "data-verify-code" not in html and factories.sent_codes(phone(1)) == []
    # Staff see it on the dashboard.
    client.force_login(factories.staff_user("boss", superuser=True))
    dashboard = client.get("/admin/").content.decode()
    assert 'data-verification-budget data-sent="1" data-budget="1"' in dashboard
    assert "今天不再发送验证码" in dashboard
