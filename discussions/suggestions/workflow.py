"""The handling workflow's rules, apart from the database: the statuses, which moves the map
allows, what a resident reads for each step, and the three findings a case is closed on.

The services apply these rules inside their transactions; the models, forms, selectors and the
admin read them from here, so that none of them needs the services to know the workflow.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

TRACKING_CODE_LENGTH = 12  # 60 bits: not guessable, still short enough to read out


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    IN_PROGRESS = "in_progress", _("Being handled")
    REPLIED = "replied", _("Replied")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")


S = SuggestionStatus

# Accepted but not yet answered: the reply deadline runs until the reply is published.
AWAITING_REPLY = (S.ACCEPTED, S.IN_PROGRESS)
ANSWERED_STATUSES = (S.REPLIED, S.FOLLOWED_UP, S.CLOSED)
# Answered and not yet closed: the closing deadline (办结) still runs.
ANSWERED_OPEN = (S.REPLIED, S.FOLLOWED_UP)
# Nothing further can happen to these.
FINISHED_STATUSES = (S.CLOSED, S.REJECTED)

TRANSITIONS = {
    S.SUBMITTED: (S.ACCEPTED, S.REJECTED),
    S.ACCEPTED: (S.IN_PROGRESS,),
    S.IN_PROGRESS: (S.REPLIED,),
    # A resident unhappy with the reply or the follow-up call sends the case back to work.
    S.REPLIED: (S.FOLLOWED_UP, S.IN_PROGRESS),
    S.FOLLOWED_UP: (S.CLOSED, S.IN_PROGRESS),
    S.REJECTED: (),
    S.CLOSED: (),
}

# What a resident sees in the public timeline for each step.
PUBLIC_STEPS = {
    S.SUBMITTED: _("Received"),
    S.ACCEPTED: _("Accepted"),
    S.REJECTED: _("Not accepted"),
    S.IN_PROGRESS: _("Being handled by the person responsible"),
    S.REPLIED: _("Replied"),
    S.FOLLOWED_UP: _("Followed up with the resident"),
    S.CLOSED: _("Closed"),
}


@dataclass(frozen=True)
class Findings:
    """三不放过: what was established, how it was solved, which measures were carried out."""

    established: str = ""
    solved: str = ""
    measures: str = ""

    @property
    def complete(self) -> bool:
        return all(part.strip() for part in (self.established, self.solved, self.measures))


def allowed_transitions(status: str) -> tuple[SuggestionStatus, ...]:
    return TRANSITIONS.get(status, ())
