"""Helpers shared by the online quiz's tests."""

from events.quiz import services


def start(quiz, phone="13900000001", name="王久余", **options):
    return services.start_attempt(quiz=quiz, name=name, phone=phone, **options).attempt


def right_and_wrong(attempt):
    """For each row of the paper: (row, correct option ids, one wrong option id)."""
    rows = []
    for row in attempt.questions.select_related("question").prefetch_related("question__options"):
        options = list(row.question.options.all())
        right = sorted(option.pk for option in options if option.is_correct)
        wrong = [option.pk for option in options if not option.is_correct]
        rows.append((row, right, wrong[0]))
    return rows
