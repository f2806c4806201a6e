"""Personal data of quiz attempts, removed after the retention period like registrations'."""

from wagtail import hooks

from home.hooks import PURGE_HOOK

from ..models import Attempt


def purge_quiz_personal_data(*, before):
    """Blank the name and phone of every attempt at a quiz that closed before ``before``.

    Scores, times and answers stay, so statistics and the anonymous ranking still add up.
    """
    return (
        Attempt.objects.filter(quiz__closes_at__lt=before)
        .exclude(phone__isnull=True, name="")
        .update(name="", phone=None)
    )


@hooks.register(PURGE_HOOK)
def purge_quiz_attempts(before):
    return {"线上答题记录": purge_quiz_personal_data(before=before)}
