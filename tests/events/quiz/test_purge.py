"""Names and numbers of quiz attempts are blanked after the retention period."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail import hooks

from events.models import Attempt, EventKind
from events.quiz import services
from events.quiz.services import purge_quiz_personal_data
from home.hooks import PURGE_HOOK
from tests import factories
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


# --- Purge -----------------------------------------------------------------------------------


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
    kept = services.record_paper_score(quiz=quiz, name="王久余", phone=phone(2), score=60)
    assert purge_quiz_personal_data(before=now - datetime.timedelta(days=365)) == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.name, gone.phone, gone.score) == ("", None, 80)
    assert (kept.name, kept.phone) == ("王久余", phone(2))
    assert purge_quiz_personal_data(before=now - datetime.timedelta(days=365)) == 0


def test_purge_command_runs_the_quiz_purge(quiz):
    from events.wagtail_hooks import purge_quiz_attempts

    assert purge_quiz_attempts in hooks.get_hooks(PURGE_HOOK)
    quiz.closes_at = timezone.now() - datetime.timedelta(days=1000)
    quiz.opens_at = quiz.closes_at - datetime.timedelta(days=1)
    quiz.save()
    services.record_paper_score(
        quiz=quiz, name="李秀英", phone=phone(1), score=80, now=quiz.closes_at
    )
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "线上答题记录 1" in out.getvalue()
    assert Attempt.objects.get().phone is None
