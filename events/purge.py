"""The events' personal data due for removal (home.purge lists the whole site's).

A registration's name and number go 180 days after its event ended; its status, source,
check-in and waiting-list times stay, so attendance still adds up. A quiz attempt's name and
number go 180 days after the quiz closed; its answers, score and times stay for the ranking
and the statistics.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from home.purge import Cutoffs, PurgeKind

from .models import Attempt, Registration

# What identifies a resident on a registration or an attempt.
CONTACT = {"name": "", "phone": None}
HOLDS_CONTACT = ~Q(name="") | Q(phone__isnull=False)


def kinds(cutoffs: Cutoffs) -> list[PurgeKind]:
    return [
        PurgeKind(
            "registrations",
            _("registrations"),
            Registration.objects.filter(HOLDS_CONTACT, event__end__lt=cutoffs.before),
            blank=CONTACT,
        ),
        PurgeKind(
            "quiz_attempts",
            _("quiz attempts"),
            Attempt.objects.filter(HOLDS_CONTACT, quiz__closes_at__lt=cutoffs.before),
            blank=CONTACT,
        ),
    ]
