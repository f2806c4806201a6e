"""The suggestion queue's reads in the database: which deadline runs now, what is overdue, and
the order the work is due in."""

from django.db import models
from django.utils import timezone

from .workflow import (
    ANSWERED_OPEN,
    ANSWERED_STATUSES,
    AWAITING_REPLY,
    FINISHED_STATUSES,
    SuggestionStatus,
)


def overdue_condition(now):
    """Where the deadline that applies has passed (see ``SuggestionQuerySet.with_deadline``)."""
    return (
        models.Q(status=SuggestionStatus.SUBMITTED, accept_due__lt=now)
        | models.Q(status__in=AWAITING_REPLY, complete_due__lt=now)
        | models.Q(status__in=(*AWAITING_REPLY, *ANSWERED_OPEN), close_due__lt=now)
    )


class SuggestionQuerySet(models.QuerySet):
    def overdue(self, now=None):
        return self.filter(overdue_condition(now or timezone.now()))

    def publishable(self):
        return self.filter(publishable=True, status__in=ANSWERED_STATUSES).exclude(public_reply="")

    def with_deadline(self):
        """Annotate ``deadline``, the deadline that runs now, and ``deadline_rank``.

        The deadline: to accept while submitted; to reply, or to close when that comes first,
        until replied; to close until closed. ``deadline_rank``: 0 while a deadline runs, 1
        answered and open without a closing deadline (accepted before there was one), 2
        finished (closed or not accepted)."""
        awaiting = models.Q(status__in=AWAITING_REPLY)
        return self.annotate(
            deadline=models.Case(
                models.When(status=SuggestionStatus.SUBMITTED, then=models.F("accept_due")),
                models.When(
                    awaiting & models.Q(close_due__lt=models.F("complete_due")),
                    then=models.F("close_due"),
                ),
                models.When(awaiting, then=models.F("complete_due")),
                models.When(status__in=ANSWERED_OPEN, then=models.F("close_due")),
                default=models.Value(None),
                output_field=models.DateTimeField(),
            ),
            deadline_rank=models.Case(
                models.When(
                    status__in=(SuggestionStatus.SUBMITTED, *AWAITING_REPLY), then=models.Value(0)
                ),
                models.When(
                    status__in=ANSWERED_OPEN, close_due__isnull=False, then=models.Value(0)
                ),
                models.When(status__in=FINISHED_STATUSES, then=models.Value(2)),
                default=models.Value(1),
                output_field=models.IntegerField(),
            ),
        )

    def by_deadline(self, descending=False):
        """The work in the order it is due: overdue first, then the nearest deadline, answered
        cases without a deadline after them and finished ones last. Done in the query, so pages
        of a listing follow one order. ``descending`` puts the farthest deadline first."""
        deadline = models.F("deadline")
        deadline = deadline.desc(nulls_last=True) if descending else deadline.asc(nulls_last=True)
        return self.with_deadline().order_by("deadline_rank", deadline, "-submit_time", "-pk")
