"""An event page comes from cached fragments but for its form: the seats, the state and the
browser's own registration are still right on every request."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from events import services
from tests import factories
from tests.factories import phone

pytestmark = pytest.mark.django_db

# Routing, the seat counts and the page's own reads; the body, the cover and the facts render.
COLD_QUERIES = 9
# None: routing is kept by the worker, the fragments and the seat counts by the cache.
WARM_QUERIES = 0
# The form's own questions (routing kept).
SUGGESTION_FORM_WARM_QUERIES = 1

SEATS = re.compile(r'data-seats-left="(\d+)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WAITLIST_BUTTON = '<button type="submit" class="button primary">登记候补</button>'


def person(number):
    return {"name": "王久余", "phone": phone(number), "consent": "on"}


@pytest.fixture
def event():
    return factories.event(factories.event_index(), capacity=2)


def test_a_warm_event_page_costs_no_query(client, event, django_assert_num_queries):
    with django_assert_num_queries(COLD_QUERIES):
        cold = client.get(event.url).content.decode()
    with django_assert_num_queries(WARM_QUERIES):
        warm = client.get(event.url).content.decode()
    strip = lambda html: TOKEN.sub("", html)  # noqa: E731 - the only part that differs
    assert strip(cold) == strip(warm)
    # The form is drawn for each request: a browser of its own gets a token of its own.
    other = Client().get(event.url).content.decode()
    assert TOKEN.search(other).group(1) != TOKEN.search(warm).group(1)


def register(number, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event=event, name="王久余", phone=phone(number), consent=True)


def test_every_seat_taken_shows_at_once(client, event, django_capture_on_commit_callbacks):
    assert SEATS.search(client.get(event.url).content.decode()).group(1) == "2"
    register(1, event, django_capture_on_commit_callbacks)
    assert SEATS.search(client.get(event.url).content.decode()).group(1) == "1"
    register(2, event, django_capture_on_commit_callbacks)
    html = client.get(event.url).content.decode()
    assert SEATS.search(html).group(1) == "0" and 'class="badge state-waitlist"' in html


def test_the_state_follows_the_clock_with_the_page_cached(client):
    deadline = timezone.now() + datetime.timedelta(hours=1)
    event = factories.event(
        factories.event_index(),
        starts_in=datetime.timedelta(days=1),
        registration_closes=deadline,
    )
    assert 'class="badge state-open"' in client.get(event.url).content.decode()
    with time_machine.travel(deadline + datetime.timedelta(minutes=1)):
        html = client.get(event.url).content.decode()
    assert 'class="badge state-closed"' in html and 'action="' + event.url not in html


def test_a_browser_that_registered_sees_its_registration_beside_the_cached_page(client, event):
    Client().get(event.url)  # warm
    factories.post_verified(client, event.url + "register/", person(1))
    mine = client.get(event.url).content.decode()
    assert "data-my-registration" in mine and 'name="phone"' not in mine
    other = Client().get(event.url).content.decode()
    assert "data-my-registration" not in other and 'name="phone"' in other
    assert SEATS.search(mine).group(1) == SEATS.search(other).group(1) == "1"


def test_a_suggestion_form_draws_only_its_form_when_warm(client, django_assert_num_queries):
    page = factories.suggestion_form(
        factories.suggestion_index(),
        intro="请留下您的意见。",
        body=[("paragraph", "<p>社区廉政文化建设，欢迎提出建议。</p>")],
        questions=[("street", "所在小区", "singleline", False)],
    )
    cold = client.get(page.url).content.decode()
    with django_assert_num_queries(SUGGESTION_FORM_WARM_QUERIES):
        warm = client.get(page.url).content.decode()
    assert TOKEN.sub("", cold) == TOKEN.sub("", warm)
    assert "欢迎提出建议" in warm and 'name="street"' in warm


def test_the_cached_form_carries_a_token_its_own_browser_can_send(event):
    Client().get(event.url)  # warm: the form comes from the cache from now on
    browser = Client(enforce_csrf_checks=True)
    token = TOKEN.search(browser.get(event.url).content.decode()).group(1)
    # The post gets past CSRF to the form, which refuses it for its missing consent.
    sent = browser.post(
        event.url + "register/", {**person(3), "consent": "", "csrfmiddlewaretoken": token}
    )
    html = sent.content.decode()
    assert sent.status_code == 400
    assert (
        'value="王久余"' in html
        and f'value="{phone(3)}"' in html
        and "请修改下面标出的内容。" in html
    )
    # Another browser cannot use that token, and the typed values were kept for no one else.
    stranger = Client(enforce_csrf_checks=True)
    assert (
        stranger.post(
            event.url + "register/", {**person(3), "csrfmiddlewaretoken": token}
        ).status_code
        == 403
    )
    assert 'value="王久余"' not in Client().get(event.url).content.decode()


def test_the_cached_form_keeps_languages_and_states_apart(
    client, event, django_capture_on_commit_callbacks
):
    chinese = client.get(event.url).content.decode()
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = english.get(event.url).content.decode()
    assert "Mobile number" in html and "手机号" not in html
    assert "手机号" in chinese and "Mobile number" not in chinese
    register(1, event, django_capture_on_commit_callbacks)
    register(2, event, django_capture_on_commit_callbacks)
    full = Client().get(event.url).content.decode()
    # The waiting list's form says so on its button, not the open event's cached one.
    assert 'class="badge state-waitlist"' in full and 'name="phone"' in full
    assert WAITLIST_BUTTON in full and WAITLIST_BUTTON not in chinese
