"""Reads of the online quiz: the ranking, a paper as the resident sees it, a quiz's paper scores
and the log of their corrections."""

import hashlib
import hmac

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, QuerySet
from wagtail.models import ModelLogEntry

from . import audit
from .models import Attempt, AttemptQuestion, QuestionOption, Quiz

RANKING_SIZE = 50
CORRECTIONS_SHOWN = 50


def ranking(quiz: Quiz, limit: int = RANKING_SIZE) -> list[Attempt]:
    """Handed-in results, best score first, then the quickest; paper results after online ones
    of the same score (they have no time)."""
    return list(
        Attempt.objects.filter(quiz=quiz, score__isnull=False)
        .only("name", "score", "max_score", "seconds_taken", "source", "submitted_at")
        .order_by("-score", F("seconds_taken").asc(nulls_last=True), "submitted_at", "pk")[:limit]
    )


def paper_scores(quiz: Quiz) -> QuerySet[Attempt]:
    """The quiz's paper scores, the last entered first."""
    return (
        Attempt.objects.filter(quiz=quiz, source=Attempt.Source.PAPER)
        .only("quiz_id", "name", "phone", "score", "submitted_at")
        .order_by("-submitted_at", "-pk")
    )


def paper_score_log(quiz: Quiz, limit: int = CORRECTIONS_SHOWN) -> list[ModelLogEntry]:
    """Corrections and deletions of the quiz's paper scores, the latest first, with who made
    them. Deleted scores keep their entries: the quiz is found through the entry's data."""
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Attempt),
            action__in=audit.ACTIONS,
            data__quiz=quiz.pk,
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )


def paper_rows(attempt: Attempt) -> list[AttemptQuestion]:
    """The paper as the resident sees it: questions in order, options in their shuffled order.

    Only option texts are read here, and each option is sent as its token on this paper; whether
    an option is correct never reaches the template before the paper is handed in.
    """
    question_fields = ["pk", "attempt", "position", "option_order", "answer", "question"]
    question_fields += ["question__kind"]
    question_fields += ["question__text"]
    if attempt.is_submitted:
        question_fields += ["correct", "question__explanation"]
    rows = list(attempt.questions.select_related("question").only(*question_fields))
    fields = ["pk", "text", "is_correct"] if attempt.is_submitted else ["pk", "text"]
    options = {
        option.pk: option
        for option in QuestionOption.objects.filter(
            question_id__in=[row.question_id for row in rows]
        ).only(*fields, "question_id")
    }
    for row in rows:
        row.shown_options = [options[pk] for pk in row.option_order if pk in options]
        for option in row.shown_options:
            option.token = option_token(attempt, option.pk)
        row.chosen = set(row.answer or [])
    return rows


def option_token(attempt: Attempt, option_id: int) -> str:
    """What the paper sends for an option. Database ids follow the order in which options were
    written, and the right one is often written first; a token keyed on the paper says nothing
    about an option, and differs from one resident's paper to the next."""
    message = f"quiz-option:{attempt.token}:{option_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:12]


def options_by_token(attempt: Attempt) -> dict[int, dict[str, int]]:
    """For each question on the paper (by AttemptQuestion id), its options' ids by token."""
    return {
        row_id: {option_token(attempt, option_id): option_id for option_id in order}
        for row_id, order in attempt.questions.values_list("pk", "option_order")
    }
