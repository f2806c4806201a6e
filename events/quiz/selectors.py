"""Reads of the online quiz: the ranking and a paper as the resident sees it."""

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

    Only option ids and texts are read here; whether an option is correct never reaches the
    template before the paper is handed in.
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
        row.chosen = set(row.answer or [])
    return rows
