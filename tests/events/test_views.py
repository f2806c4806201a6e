"""What residents do on event pages, over HTTP."""

import datetime
import re

import pytest
import time_machine
from django.test import Client, TestCase
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from events.models import Registration
from tests import factories
from tests.factories import phone

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return factories.event_index()


def form(number=1, name="王久余", consent="on", **extra):
    return {"name": name, "phone": phone(number), "consent": consent, **extra}


def attribute(html, name):
    match = re.search(rf'{name}="([^"]*)"', html)
    return match.group(1) if match else None


def test_event_page_shows_seats_and_an_unticked_consent_box(client, index):
    event = factories.event(index, capacity=30, speaker="赵文刚")
    factories_register = factories.post_verified(client, event.url + "register/", form(1))
    assert factories_register.status_code == 302
    html = Client().get(event.url).content.decode()  # a browser that has not registered
    assert attribute(html, "data-capacity") == "30"
    assert attribute(html, "data-seats-left") == "29"
    assert 'name="name"' in html and 'name="phone"' in html
    consent = re.search(r"<input[^>]*name=\"consent\"[^>]*>", html).group(0)
    assert "checked" not in consent
    assert "报名中" in html and "赵文刚" in html
    assert "180 天后删除" in html  # who, why and how long, beside the box


def test_register_and_see_the_result(client, index):
    event = factories.event(index, capacity=1)
    response = factories.post_verified(client, event.url + "register/", form(1, name="  王 久余 "))
    assert response.status_code == 302
    result = client.get(response["Location"])
    html = result.content.decode()
    registration = Registration.objects.get()
    assert registration.name == "王 久余"
    assert attribute(html, "data-registration-code") == registration.code
    assert attribute(html, "data-registration-status") == "confirmed"
    assert "<svg" in html  # the check-in QR code, inline
    assert phone(1) not in html and "139****0001" in html
    assert f"/calendar/event-{registration.event_id}.ics" in html

    second = factories.post_verified(Client(), event.url + "register/", form(2))
    waiting = Client().get(second["Location"]).content.decode()
    assert attribute(waiting, "data-registration-status") == "waitlisted"
    assert "候补第 1 位" in waiting


def test_registering_again_in_the_same_browser_shows_the_same_registration(client, index):
    event = factories.event(index)
    first = factories.post_verified(client, event.url + "register/", form(1))
    # Verified half an hour ago in this browser: no second code.
    second = client.post(event.url + "register/", form(1))
    assert first["Location"] == second["Location"]
    assert Registration.objects.count() == 1


def test_registering_a_known_number_elsewhere_does_not_reveal_its_code(index):
    event = factories.event(index)
    factories.post_verified(Client(), event.url + "register/", form(1))
    code = Registration.objects.get().code
    # Some minutes later a stranger types that number: the answer is what a new number gets,
    # the code form, and nothing says the number is registered.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        with TestCase.captureOnCommitCallbacks(execute=True):
            known = Client().post(event.url + "register/", form(1, name="别人"))
            new = Client().post(event.url + "register/", form(2, name="别人"))
        masked = r"\d{3}\*{4}\d{4}|value=\"[^\"]*\""
        pages = [re.sub(masked, "", response.content.decode()) for response in (known, new)]
        assert known.status_code == new.status_code == 200 and pages[0] == pages[1]
        assert code not in pages[0] and "已经报过名" not in pages[0]
        # The code went to the number's owner, who alone learns that it is registered.
        html = (
            Client()
            .post(event.url + "register/", {**form(1), "code": factories.sent_codes(phone(1))[-1]})
            .content.decode()
        )
    assert "已经报过名" in html and attribute(html, "data-registration-code") == code
    assert attribute(html, "data-registration-status") == "confirmed"
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({**form(1), "phone": "12345"}, "11 位手机号码"),
        (form(1, consent=""), "请先勾选同意"),
        (form(1, name="张" * 5000), "30"),
        (form(1, name=""), "请填写姓名"),
        (form(1, name="<b></b>"), "请填写姓名"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_no_seat(client, index, data, message):
    event = factories.event(index)
    response = client.post(event.url + "register/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_markup_in_a_name_is_never_echoed(client, index):
    event = factories.event(index)
    response = factories.post_verified(
        client, event.url + "register/", form(1, name="<script>alert(1)</script>李四")
    )
    result = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in result
    assert Registration.objects.get().name == "alert(1)李四"


def test_honeypot_filled_is_refused(client, index):
    event = factories.event(index)
    response = client.post(event.url + "register/", form(1, website="http://spam.example"))
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_closed_event_refuses_with_the_reason(client, index):
    event = factories.event(index, registration_closes=timezone.now() - datetime.timedelta(hours=1))
    html = client.get(event.url).content.decode()
    assert "报名截止" in html and 'name="phone"' not in html
    response = client.post(event.url + "register/", form(1))
    assert response.status_code == 409
    assert "报名已截止" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_stale_form_is_refused_in_chinese(index):
    event = factories.event(index)
    client = Client(enforce_csrf_checks=True)
    response = client.post(event.url + "register/", form(1))
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    assert not Registration.objects.exists()


def test_get_on_the_register_address_goes_back_to_the_event(client, index):
    event = factories.event(index)
    response = client.get(event.url + "register/")
    assert response.status_code == 302 and response["Location"] == event.url


def test_unknown_registration_code_is_a_404(client, index):
    event = factories.event(index)
    assert client.get(event.url + "registration/ZZZZZZZZ/").status_code == 404


def lookup(client, index, number, code, **extra):
    return client.post(index.url + "my/", {"phone": phone(number), "code": code, **extra})


def test_look_up_and_cancel_promotes_the_first_in_line(client, index):
    event = factories.event(index, capacity=1)
    factories.post_verified(Client(), event.url + "register/", form(1))
    factories.post_verified(Client(), event.url + "register/", form(2))
    seated, waiting = Registration.objects.order_by("pk")

    response = lookup(client, index, 1, seated.code.lower())
    html = response.content.decode()
    assert response.status_code == 200
    assert attribute(html, "data-registration-status") == "confirmed"
    assert "取消我的报名" in html

    response = lookup(client, index, 1, seated.code, action="cancel")
    assert response.status_code == 200
    assert attribute(response.content.decode(), "data-registration-status") == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_wrong_pairs_get_one_generic_message(client, index):
    event = factories.event(index)
    factories.post_verified(Client(), event.url + "register/", form(1))
    code = Registration.objects.get().code
    wrong_code = lookup(client, index, 1, "ABCDEFGH")
    unknown_phone = lookup(client, index, 9, code)
    assert wrong_code.status_code == unknown_phone.status_code == 404
    message = "没有找到与这个手机号和报名码相符的报名"
    assert message in wrong_code.content.decode() and message in unknown_phone.content.decode()


def test_lookups_are_rate_limited_per_phone(client, index):
    event = factories.event(index)
    factories.post_verified(Client(), event.url + "register/", form(1))
    statuses = [
        Client().post(index.url + "my/", {"phone": phone(1), "code": "WRONG234"}).status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [404] * 10
    assert statuses[10:] == [429, 429]


def test_event_calendar_file_has_the_right_times(client, index):
    start = timezone.make_aware(datetime.datetime(2030, 3, 5, 14, 30))
    event = factories.event(index, title="廉政文化讲座", start=start, hours=2)
    response = client.get(f"/calendar/event-{event.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "廉政文化讲座"
    assert entry.decoded("DTSTART") == start
    assert entry.decoded("DTEND") == start + datetime.timedelta(hours=2)
    assert entry.decoded("DTSTART").astimezone(timezone.get_current_timezone()).hour == 14
    assert str(entry["LOCATION"]) == event.place


def test_upcoming_feed_lists_only_events_not_yet_ended(client, index):
    factories.event(index, title="将来的讲座")
    factories.event(index, title="过去的讲座", starts_in=datetime.timedelta(days=-3))
    calendar = Calendar.from_ical(client.get("/calendar/events.ics").content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["将来的讲座"]
    assert '<link rel="alternate" type="text/calendar"' in client.get(index.url).content.decode()


def test_index_lists_upcoming_soonest_first_then_past(client, index):
    factories.event(index, title="下周讲座", starts_in=datetime.timedelta(days=7))
    factories.event(index, title="明天竞赛", kind="quiz", starts_in=datetime.timedelta(days=1))
    factories.event(index, title="上月讲座", starts_in=datetime.timedelta(days=-30))
    response = client.get(index.url)
    assert [e.title for e in response.context["upcoming"]] == ["明天竞赛", "下周讲座"]
    assert [e.title for e in response.context["past"]] == ["上月讲座"]
    quizzes = client.get(index.url, {"kind": "quiz"})
    assert [e.title for e in quizzes.context["upcoming"]] == ["明天竞赛"]
    assert (
        client.get(index.url, {"kind": "nonsense", "page": "abc", "month": "x"}).status_code == 200
    )


def test_month_filter_and_calendar(client, index):
    start = timezone.make_aware(datetime.datetime(2031, 5, 20, 9, 0))
    factories.event(index, title="五月讲座", start=start)
    factories.event(index, title="六月讲座", start=start + datetime.timedelta(days=30))
    response = client.get(index.url, {"month": "2031-05"})
    assert [e.title for e in response.context["upcoming"]] == ["五月讲座"]
    html = response.content.decode()
    calendar = html[html.index('class="month-calendar"') :]
    assert "2031年5月" in calendar and "09:00 五月讲座" in calendar
    assert "month=2031-06" in calendar and "month=2031-04" in calendar


def test_poster_prints_title_time_place_and_qr(client, index):
    event = factories.event(index, title="廉政知识竞赛", kind="quiz", intro="欢迎居民参加。")
    html = client.get(event.url + "poster/").content.decode()
    for text in ("廉政知识竞赛", "知识竞赛", event.place, "欢迎居民参加。", "<svg", "扫码报名"):
        assert text in html, text


def test_home_page_shows_the_next_events(client, index):
    factories.event(index, title="近期讲座")
    assert "近期讲座" in client.get("/").content.decode()


def test_search_finds_events(client, index):
    factories.event(index, title="廉政文化讲座", place="社区活动室")
    titles = [page.title for page in client.get("/search/", {"q": "活动室"}).context["results"]]
    assert titles == ["廉政文化讲座"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(max_size=80),
    phone_number=st.text(alphabet="0123456789 +-１３８", max_size=20),
    consent=st.sampled_from(["", "on", "yes", "0"]),
)
def test_any_registration_input_answers_without_error(client, index, name, phone_number, consent):
    event = factories.event(index, capacity=1000)
    before = Registration.objects.count()
    response = client.post(
        event.url + "register/",
        {"name": name.replace("\x00", ""), "phone": phone_number, "consent": consent},
    )
    assert response.status_code in (200, 400, 429)
    # A valid form asks for the code first: no seat is taken before the number is verified.
    assert Registration.objects.count() == before
    if response.status_code == 200:
        assert "data-verify-code" in response.content.decode()
