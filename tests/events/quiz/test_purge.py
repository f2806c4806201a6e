"""Names and numbers of quiz attempts are blanked after the retention period; scores, answers
and the ranking stay."""

import datetime

import pytest
from django.utils import timezone

from events.models import Attempt, AttemptQuestion, EventKind
from events.quiz import services
from tests import factories
from tests.factories import phone
from tests.purging import purge

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_purge_blanks_attempts_of_quizzes_closed_before_the_cutoff(quiz):
    now = timezone.now()
    old = factories.quiz(
        factories.event(factories.event_index(slug="old-events"), kind=EventKind.QUIZ),
        questions=0,
        question_count=5,
        opens_at=now - datetime.timedelta(days=400),
        closes_at=now - datetime.timedelta(days=399),
    )
    gone = services.record_paper_score(
        quiz=old, name="李秀英", phone=phone(1), score=80, now=old.closes_at
    )
    online = factories.quiz_attempt(old, phone(3), name="张三", right=(), now=old.opens_at)
    answers = list(AttemptQuestion.objects.filter(attempt=online).values_list("answer", flat=True))
    kept = services.record_paper_score(quiz=quiz, name="王久余", phone=phone(2), score=60)

    assert purge(retention_days=365)["quiz_attempts"] == 2

    gone.refresh_from_db()
    kept.refresh_from_db()
    online.refresh_from_db()
    assert (gone.name, gone.phone, gone.score) == ("", None, 80)
    assert (online.name, online.phone, online.score) == ("", None, 0)
    assert online.submitted_at and online.seconds_taken is not None
    assert list(online.questions.values_list("answer", flat=True)) == answers
    assert (kept.name, kept.phone) == ("王久余", phone(2))
    assert purge(retention_days=365)["quiz_attempts"] == 0
    assert Attempt.objects.filter(quiz=old).count() == 2  # the results still count
