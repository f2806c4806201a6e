"""No session row without a reason: pages, refused forms and rate-limited posts from a browser
with no cookies write none (the issue counted about 625 rows from 625 requests); a form that has
something to remember (a verified number, a registration, a tracking code) writes one."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from events.models import EventKind
from tests import factories
from tests.factories import phone

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    event_index = factories.event_index()
    event = factories.event(event_index)
    quiz = factories.quiz(factories.event(event_index, kind=EventKind.QUIZ))
    suggestion_index = factories.suggestion_index()
    form = factories.suggestion_form(suggestion_index)
    article_index = factories.article_index()
    return {
        "events": event_index,
        "event": event,
        "quiz": quiz,
        "form": form,
        "article": factories.article(article_index),
        "pages": [
            "/",
            article_index.url,
            event_index.url,
            event.url,
            event_index.url + "my/",
            quiz.event.url + "quiz/",
            suggestion_index.url,
            form.url,
            "/suggestions/track/",
            "/suggestions/track/ABCDEFGHJKLM/",
            "/search/?q=廉政",
        ],
    }


def cookieless(method, path, data=None):
    """One request from a browser with no cookies at all."""
    response = getattr(Client(), method)(path, data or {})
    assert response.status_code < 500, (path, response.status_code)
    assert settings.SESSION_COOKIE_NAME not in response.cookies, path
    return response


def register(event, number, **extra):
    data = {"name": "王久余", "phone": phone(number), "consent": "on", **extra}
    return cookieless("post", event.url + "register/", data)


def test_pages_and_refused_posts_write_no_session(site):
    event, quiz, form = site["event"], site["quiz"], site["form"]
    # The forms' CSRF token is a cookie of its own, not a session (CSRF_USE_SESSIONS is off).
    for path in site["pages"]:
        cookieless("get", path)
    assert "csrftoken" in cookieless("get", event.url).cookies
    # Invalid forms, a honeypot, a wrong code, a number asking for code after code, and
    # lookups past the number's limit.
    assert register(event, 1, consent="").status_code == 400
    assert register(event, 1, website="http://spam.example").status_code == 400
    assert register(event, 1).status_code == 200  # the code form: a code was sent
    assert register(event, 1, code="000000").status_code == 400
    asked = [register(event, 1).status_code for _ in range(10)]
    assert asked[-1] == 429  # past the number's 10 in 10 minutes
    lookups = [
        cookieless("post", site["events"].url + "my/", {"phone": phone(2), "code": "WRONG234"})
        for _ in range(11)
    ]
    assert [response.status_code for response in lookups] == [404] * 10 + [429]
    assert cookieless("post", quiz.event.url + "quiz/", {"name": "王久余"}).status_code == 400
    assert cookieless("post", form.url, {"content": ""}).status_code == 400
    for _ in range(3):
        cookieless("get", "/suggestions/track/ABCDEFGHJKLM/")
    assert Session.objects.count() == 0


def test_a_registration_writes_one_session_for_the_browser(site, mailoutbox):
    browser = Client()
    event, quiz = site["event"], site["quiz"]
    browser.get(event.url)
    assert Session.objects.count() == 0
    data = {"name": "王久余", "phone": phone(3), "consent": "on"}
    registered = factories.post_verified(browser, event.url + "register/", data)
    assert registered.status_code == 302
    # The verified number and the registration code are what the session remembers.
    assert browser.get(registered["Location"]).status_code == 200
    assert Session.objects.count() == 1
    # The same browser goes on to the quiz with the number it verified: the same session.
    started = browser.post(quiz.event.url + "quiz/", data)
    assert started.status_code == 302 and "/quiz/paper/" in started["Location"]
    assert Session.objects.count() == 1


def test_an_anonymous_suggestion_writes_one_session_for_its_tracking_code(site):
    browser = Client()
    answers = {"category": "党风廉政", "content": "建议加装路灯。", "anonymous": "on"}
    sent = browser.post(site["form"].url, answers)
    assert sent.status_code == 302
    assert browser.get(sent["Location"]).status_code == 200  # the code, shown to this browser
    assert Session.objects.count() == 1
