"""Reads of the online quiz: the ranking and a paper as the resident sees it."""

import hashlib
import hmac

from django.conf import settings
from django.db.models import F

from .models import Attempt, AttemptQuestion, QuestionOption, Quiz

RANKING_SIZE = 50


def ranking(quiz: Quiz, limit: int = RANKING_SIZE) -> list[Attempt]:
    """Handed-in results, best score first, then the quickest; paper results after online ones
    of the same score (they have no time)."""
    return list(
        Attempt.objects.filter(quiz=quiz, score__isnull=False)
        .only("name", "score", "max_score", "seconds_taken", "source", "submitted_at")
        .order_by("-score", F("seconds_taken").asc(nulls_last=True), "submitted_at", "pk")[:limit]
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
