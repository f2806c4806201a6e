"""Residents' personal data in suggestions, cases and home visits, due for removal (home.purge
lists the whole site's).

A case (a suggestion from the web or one staff logged) is purged 180 days after it was closed
or refused, or, whatever its status, once it has had no activity for
PERSONAL_DATA_INACTIVE_DAYS (3 years): a case left open must not keep a resident's name for
ever. Its activity is the latest of its own times (received, accepted, replied, closed, rated,
last changed), of its log (each step, reply, follow-up and note) and of the cases linked to it
as repeats.

Purging blanks the name, number, the suggestion as written, the form builder's extra answers,
the reason for refusing, the three findings (三不放过), the handling notes in the log, and the
public reply and summary unless staff put them on the replies board (written for the public
without names). The category, channel, dates, status, verdict, repeats and who handled it stay,
so the work report counts the case as before; before the numbers go, each closed case with the
same number records whether the resident came back within SETTLING_DAYS (``came_back``).

A home visit's residents met, its summary and its place (often a resident's home) are blanked
180 days after the visit; its date and leaders stay, and so do the cases it produced.
"""

import datetime
from collections import defaultdict

from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.purge import Cutoffs, PurgeKind

from .reception.visits import Visit
from .suggestions.channels import SETTLING_DAYS
from .suggestions.models import Suggestion, SuggestionEvent
from .suggestions.workflow import SuggestionStatus as S

SETTLING = datetime.timedelta(days=SETTLING_DAYS)
ACTIVITY_TIMES = ("submit_time", "updated_at", "accepted_at", "replied_at", "closed_at")


def _unless_public(field: str) -> Case:
    # What staff chose to show on the replies board was written for the public, without names.
    return Case(When(publishable=True, then=F(field)), default=Value(""), output_field=TextField())


CASE_BLANK = {
    "name": "",
    "phone": None,
    "content": "",
    "form_data": {},
    "reject_reason": "",
    "established": "",
    "solved": "",
    "measures": "",
    "public_reply": _unless_public("public_reply"),
    "public_summary": _unless_public("public_summary"),
}
HOLDS_PERSONAL_DATA = (
    ~Q(name="")
    | Q(phone__isnull=False)
    | ~Q(content="")
    | ~Q(form_data={})
    | ~Q(reject_reason="")
    | ~Q(established="")
    | ~Q(solved="")
    | ~Q(measures="")
    | Q(publishable=False) & (~Q(public_reply="") | ~Q(public_summary=""))
)
VISIT_BLANK = {"residents_met": "", "summary": "", "place": ""}


def finished(cutoffs: Cutoffs, via: str = "") -> Q:
    """Closed, or refused, before the retention period (``via`` a case's rows through a
    relation, "suggestion__")."""
    return Q(**{f"{via}status": S.CLOSED, f"{via}closed_at__lt": cutoffs.before}) | Q(
        **{f"{via}status": S.REJECTED, f"{via}updated_at__lt": cutoffs.before}
    )


def inactive(cutoffs: Cutoffs, via: str = "") -> Q:
    """No activity since ``cutoffs.inactive_before``, whatever the status."""
    since = cutoffs.inactive_before
    own = Q()
    for field in (*ACTIVITY_TIMES, "evaluated_at"):
        own &= ~Q(**{f"{via}{field}__gte": since})
    case = OuterRef(f"{via}pk")
    logged = SuggestionEvent.objects.filter(suggestion=case, at__gte=since)
    repeated = Suggestion.objects.filter(repeat_of=case, submit_time__gte=since)
    return own & ~Exists(logged) & ~Exists(repeated)


def remember_came_back(batch: QuerySet) -> None:
    """Before the batch's numbers go: mark each closed case of the same numbers that a later
    case followed within SETTLING_DAYS, which the report could otherwise no longer see.

    Worked out here from one read of those numbers' cases: the number has no index, and a
    correlated look-up per case would read the whole table each time."""
    phones = set(batch.exclude(phone=None).values_list("phone", flat=True))
    cases = defaultdict(list)
    for row in Suggestion.objects.filter(phone__in=phones).values(
        "pk", "phone", "status", "submit_time", "closed_at", "came_back"
    ):
        cases[row["phone"]].append(row)
    returned = [
        case["pk"]
        for same_number in cases.values()
        for case in same_number
        if case["status"] == S.CLOSED
        and case["closed_at"]
        and not case["came_back"]
        and any(
            case["closed_at"] < other["submit_time"] <= case["closed_at"] + SETTLING
            for other in same_number
        )
    ]
    Suggestion.objects.filter(pk__in=returned).update(came_back=True)


def kinds(cutoffs: Cutoffs) -> list[PurgeKind]:
    done, idle = finished(cutoffs), inactive(cutoffs)
    return [
        PurgeKind(
            "suggestions",
            _("suggestions"),
            Suggestion.objects.filter(done, HOLDS_PERSONAL_DATA),
            blank=CASE_BLANK,
            prepare=remember_came_back,
        ),
        PurgeKind(
            "inactive_suggestions",
            _("suggestions without activity"),
            Suggestion.objects.filter(idle, HOLDS_PERSONAL_DATA).exclude(done),
            blank=CASE_BLANK,
            prepare=remember_came_back,
        ),
        PurgeKind(
            "suggestion_notes",
            _("suggestion log entries"),
            SuggestionEvent.objects.filter(
                finished(cutoffs, "suggestion__") | inactive(cutoffs, "suggestion__")
            ).exclude(note=""),
            blank={"note": ""},
        ),
        PurgeKind(
            "visits",
            _("home visits"),
            Visit.objects.filter(date__lt=timezone.localtime(cutoffs.before).date()).exclude(
                residents_met="", summary="", place=""
            ),
            blank=VISIT_BLANK,
        ),
    ]
