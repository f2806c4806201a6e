"""The quiz start page comes from cached parts but for its form's token, the resume link and
errors: the state still follows the clock, an edit of the quiz shows at once, each browser
gets its own token, and a failed start shows what the resident typed."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from home.page_cache import LARGE_TEXT_COOKIE

pytestmark = pytest.mark.django_db

# The quiz and its mix; routing (the sites, the pages on the path, the event) is kept by the
# worker, and the facts, the rules and the empty form come from the cache.
WARM_QUERIES = 2
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def url(quiz):
    return quiz.event.url + "quiz/"


def strip(html):
    return TOKEN.sub("", html)


def test_a_warm_start_page_costs_only_the_quiz(quiz, django_assert_num_queries):
    cold = Client().get(url(quiz)).content.decode()
    browser = Client()
    with django_assert_num_queries(WARM_QUERIES):
        warm = browser.get(url(quiz)).content.decode()
    assert strip(cold) == strip(warm)
    assert "开始答题" in warm and 'name="phone"' in warm
    # Every browser its own token, and the one in the cached form is the one its cookie backs.
    assert TOKEN.search(cold).group(1) != TOKEN.search(warm).group(1)
    strict = Client(enforce_csrf_checks=True)
    token = TOKEN.search(strict.get(url(quiz)).content.decode()).group(1)
    sent = strict.post(url(quiz), {"csrfmiddlewaretoken": token, "name": "王久余"})
    assert sent.status_code == 400  # the form answered (no phone), not the CSRF refusal
    refused = Client(enforce_csrf_checks=True).post(url(quiz), {"csrfmiddlewaretoken": token})
    assert refused.status_code == 403


def test_a_failed_start_shows_what_was_typed_then_the_empty_form_again(client, quiz):
    client.get(url(quiz))  # warm
    failed = client.post(url(quiz), {"name": "王久余", "registration_code": ""})
    html = failed.content.decode()
    assert failed.status_code == 400
    assert 'value="王久余"' in html and "请填写手机号，或填写报名码。" in html
    again = Client().get(url(quiz)).content.decode()
    assert 'value="王久余"' not in again and "请填写手机号" not in again


def test_the_state_follows_the_clock_with_the_parts_cached(client, quiz):
    assert 'name="phone"' in client.get(url(quiz)).content.decode()
    with time_machine.travel(quiz.closes_at + datetime.timedelta(minutes=1)):
        html = client.get(url(quiz)).content.decode()
    assert "答题已结束。" in html and 'name="phone"' not in html


def test_an_edit_of_the_quiz_shows_at_once(client, quiz):
    assert "10分钟" not in client.get(url(quiz)).content.decode()
    quiz.time_limit_minutes = 10
    quiz.save()
    assert "10分钟" in client.get(url(quiz)).content.decode()


def test_english_and_large_type_are_kept_apart(quiz):
    chinese = Client().get(url(quiz)).content.decode()
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = english.get(url(quiz)).content.decode()
    assert (
        "Start the quiz" in html and "Or your registration code" in html and "开始答题" not in html
    )
    large = Client()
    large.cookies[LARGE_TEXT_COOKIE] = "1"
    assert 'class="large-text"' in large.get(url(quiz)).content.decode()
    assert 'class="large-text"' not in chinese and "或填写报名码" in chinese


def test_a_browser_that_started_is_offered_its_paper_beside_the_cached_page(quiz):
    from tests import factories

    Client().get(url(quiz))  # warm
    browser = Client()
    started = factories.post_verified(
        browser, url(quiz), {"name": "王久余", "phone": factories.phone(7), "consent": "on"}
    )
    assert started.status_code == 302
    assert "继续答题" in browser.get(url(quiz)).content.decode()
    assert "继续答题" not in Client().get(url(quiz)).content.decode()
