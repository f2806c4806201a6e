"""Event listings and pages cost the same number of queries whatever their length."""

import datetime

import pytest

from events import services
from tests import factories
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def build(count):
    """``count`` upcoming events (each with registrations) and ``count`` past ones."""
    index = factories.event_index()
    cover = factories.image()
    for number in range(count):
        for days, kind in ((number + 1, "lecture"), (-number - 1, "quiz")):
            event = factories.event(
                index,
                capacity=3,
                image=cover,
                kind=kind,
                starts_in=datetime.timedelta(days=days),
            )
            if not event.is_past:
                for person in range(2):
                    services.register(
                        event=event, name="居民", phone=phone(number * 10 + person), consent=True
                    )
    return index


def warm(client, url):
    assert client.get(url).status_code == 200


# Routing and the view-restriction check (home.sites, home.routing) are kept by the worker, so a
# page viewed again costs only its own reads.
EVENT_INDEX_QUERIES = 4  # upcoming and calendar, past count, past page, renditions
EVENT_PAGE_QUERIES = 0  # seat counts and fragments cached under the content version


@pytest.mark.parametrize("length", [1, 20])
def test_event_index(client, django_assert_num_queries, length):
    index = build(length)
    warm(client, index.url)
    with django_assert_num_queries(EVENT_INDEX_QUERIES):
        client.get(index.url)


@pytest.mark.parametrize("registrations", [0, 3])
def test_event_page(client, django_assert_num_queries, registrations):
    index = factories.event_index()
    event = factories.event(index, capacity=2)
    for person in range(registrations):
        services.register(event=event, name="居民", phone=phone(person), consent=True)
    warm(client, event.url)
    with django_assert_num_queries(EVENT_PAGE_QUERIES):
        client.get(event.url)


# --- The online quiz ------------------------------------------------------------------------

# An event route's own reads (routing kept, as above). Every one also reads the session.
QUIZ_START_QUERIES = 3  # the quiz with its mix
QUIZ_PAPER_QUERIES = 4  # the attempt, the paper's questions, their options
QUIZ_RESULT_QUERIES = 4  # the attempt, the paper's questions, their options
QUIZ_RANKING_QUERIES = 4  # the quiz, papers whose time ran out, the ranking


@pytest.mark.parametrize("length", [1, 20])
def test_quiz_pages(client, django_assert_num_queries, length):
    from events.models import Attempt
    from events.quiz import services as quiz_services

    # Answers shown right after hand-in: the result page at its most expensive.
    quiz = factories.quiz(questions=length, review_mode="after_submit")
    started = factories.post_verified(
        client, quiz.event.url + "quiz/", {"name": "王久余", "phone": phone(1), "consent": "on"}
    )
    paper_url = started["Location"]
    for number in range(length):  # others on the ranking
        quiz_services.start_attempt(quiz=quiz, name=f"居民{number}", phone=phone(100 + number))
    for url, expected in (
        (quiz.event.url + "quiz/", QUIZ_START_QUERIES),
        (paper_url, QUIZ_PAPER_QUERIES),
    ):
        warm(client, url)
        with django_assert_num_queries(expected):
            client.get(url)
    attempt = Attempt.objects.get(phone=phone(1))
    quiz_services.submit_quiz(attempt=attempt)
    for other in Attempt.objects.exclude(pk=attempt.pk):
        quiz_services.submit_quiz(attempt=other)
    result_url = paper_url.replace("/paper/", "/result/")
    for url, expected in (
        (result_url, QUIZ_RESULT_QUERIES),
        (quiz.event.url + "quiz/ranking/", QUIZ_RANKING_QUERIES),
    ):
        warm(client, url)
        with django_assert_num_queries(expected):
            client.get(url)
