"""Many residents handing in their quiz papers at once, over real HTTP to gunicorn workers."""

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from events.models import Attempt, AttemptQuestion, QuestionOption
from tests import factories

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
from register_load import confirm_code  # noqa: E402

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SCORE = re.compile(r'data-score="(\d+)"')
OPTION = re.compile(r'name="q(\d+)" value="([0-9a-f]+)"[^>]*> <span>[A-F]\. (.*?)</span>')


def browser():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def take_quiz(base, event_path, phone, right_answers, codes):
    """Start (verifying the number with the code the worker sent), then hand in a paper with
    the first ``right_answers`` questions right."""
    opener = browser()
    page = opener.open(base + event_path + "quiz/", timeout=60).read().decode()
    form = {
        "csrfmiddlewaretoken": TOKEN.search(page).group(1),
        "name": "测试居民",
        "phone": phone,
        "consent": "on",
    }
    request = urllib.request.Request(  # noqa: S310 - loopback
        base + event_path + "quiz/", data=urllib.parse.urlencode(form).encode()
    )
    with opener.open(request, timeout=60) as response:
        paper_url, paper = response.geturl(), response.read().decode()
    _status, paper, _seconds, paper_url = confirm_code(
        opener, base + event_path + "quiz/", paper, codes(phone)
    )
    attempt = Attempt.objects.get(phone=phone)
    answers = [("csrfmiddlewaretoken", TOKEN.search(paper).group(1)), ("action", "submit")]
    # Options are ticked by their text, as a resident would; their values are the paper's own.
    shown = {(int(row), text): token for row, token, text in OPTION.findall(paper)}
    for row in AttemptQuestion.objects.filter(attempt=attempt).order_by("position"):
        answers.append(("on_paper", row.pk))
        correct = QuestionOption.objects.filter(question_id=row.question_id, is_correct=True)
        wrong = QuestionOption.objects.filter(question_id=row.question_id, is_correct=False)
        chosen = correct if row.position <= right_answers else wrong[:1]
        answers += [(f"q{row.pk}", shown[row.pk, option.text]) for option in chosen]
    request = urllib.request.Request(  # noqa: S310 - loopback
        paper_url, data=urllib.parse.urlencode(answers).encode()
    )
    with opener.open(request, timeout=60) as response:
        return response.status, int(SCORE.search(response.read().decode()).group(1))


def test_thirty_residents_hand_in_at_once(server, codes):
    quiz = factories.quiz(questions=5, points_per_question=20)
    people = [(factories.phone(number), number % 6) for number in range(30)]
    with ThreadPoolExecutor(max_workers=15) as pool:
        results = list(
            pool.map(lambda person: take_quiz(server, quiz.event.url, *person, codes), people)
        )
    assert [status for status, _score in results] == [200] * 30
    assert [score for _status, score in results] == [min(right, 5) * 20 for _p, right in people]
    stored = dict(Attempt.objects.values_list("phone", "score"))
    assert stored == {phone: min(right, 5) * 20 for phone, right in people}


def test_one_paper_handed_in_from_several_tabs_is_scored_once(server, db_vendor):
    from events.quiz import services

    quiz = factories.quiz(questions=3, points_per_question=10)
    attempt = services.start_attempt(quiz=quiz, name="王久余", phone="13900000001").attempt
    rows = list(attempt.questions.all())
    right = {
        row.pk: list(
            QuestionOption.objects.filter(question_id=row.question_id, is_correct=True).values_list(
                "pk", flat=True
            )
        )
        for row in rows
    }

    def hand_in(_):
        try:
            return services.submit_quiz(attempt=attempt, answers=right)[1]
        finally:
            from django.db import close_old_connections

            close_old_connections()

    with ThreadPoolExecutor(max_workers=5) as pool:
        already = list(pool.map(hand_in, range(5)))
    assert sorted(already) == [False] + [True] * 4
    attempt.refresh_from_db()
    assert attempt.score == 30


def test_two_browsers_starting_one_number_at_once_get_one_paper():
    """The same number started from several browsers at one moment: one paper, which every one
    of them is taken to (the one-attempt-per-number constraint decides the race)."""
    from django.db import close_old_connections

    from events.quiz import services

    quiz = factories.quiz(questions=3)

    def begin(_):
        try:
            return services.start_attempt(quiz=quiz, name="王久余", phone="13900000001").attempt.pk
        finally:
            close_old_connections()

    with ThreadPoolExecutor(max_workers=4) as pool:
        papers = set(pool.map(begin, range(4)))
    assert len(papers) == 1 and Attempt.objects.count() == 1
