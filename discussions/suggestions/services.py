"""Every write to suggestions: submit, move through the handling workflow, update the case file.

The workflow is one map of allowed transitions (``workflow.TRANSITIONS``). Each change runs in
one transaction that first locks the suggestion's row (SELECT … FOR UPDATE on PostgreSQL;
SQLite's IMMEDIATE transaction holds the database's write lock), checks the move against the
map and the current status read inside the lock, writes the change and one log row. Two members
of staff clicking at once cannot both move the same case, and nothing reaches the resident
unless the change committed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.codes import new_code
from home.formatting import group_code, person_name
from home.locking import lock_row
from home.notifications import Kind, notify

from .channels import STAFF_CHANNELS, STAFF_METHODS, Channel, EvaluationMethod, Satisfaction
from .deadlines import Deadlines
from .models import Suggestion, SuggestionEvent, SuggestionIndexPage
from .selectors import status_path
from .workflow import (
    ANSWERED_STATUSES,
    FINISHED_STATUSES,
    TRACKING_CODE_LENGTH,
    Findings,
    allowed_transitions,
)
from .workflow import SuggestionStatus as S

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from ..reception.visits import Visit
    from .models import SuggestionFormPage


class SuggestionError(Exception):
    """A write that cannot go ahead, with the reason staff or a resident can read."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def _stripped(findings: Findings) -> Findings:
    parts = (findings.established, findings.solved, findings.measures)
    return Findings(*(part.strip() for part in parts))


def _log(
    suggestion: Suggestion,
    from_status: str,
    to_status: str,
    actor: AbstractBaseUser | None,
    now: datetime,
    note: str = "",
) -> None:
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_name=person_name(actor),
        at=now,
        note=note,
    )


def submit_suggestion(
    *,
    page: SuggestionFormPage,
    category: str,
    content: str,
    anonymous: bool,
    name: str = "",
    phone: str = "",
    consent: bool = False,
    extra: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Suggestion:
    """Store a resident's suggestion with a new tracking code; returns the Suggestion."""
    now = now or timezone.now()
    if category not in page.category_list:
        raise SuggestionError("category", _("Choose one of the categories listed."))
    if anonymous:
        if not page.allow_anonymous:
            raise SuggestionError("anonymous", _("This form does not take anonymous suggestions."))
        name, phone = "", ""
    elif (name or phone) and not consent:
        raise SuggestionError(
            "consent", _("Please agree to the personal information notice first.")
        )
    return _create_case(
        page=page,
        now=now,
        form_data=extra or {},
        category=category,
        content=content,
        anonymous=anonymous,
        name=name,
        phone=phone or None,
        consent_at=now if (name or phone) else None,
    )


def _create_case(*, page: SuggestionFormPage, now: datetime, **fields: Any) -> Suggestion:
    """A new case with a fresh tracking code and the accepting deadline from the settings,
    logged as received: the same for a web form and for a case staff log by hand."""
    accept_due = Deadlines.for_site(page.get_site()).accept.due(now)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                suggestion = Suggestion.objects.create(
                    page=page,
                    tracking_code=new_code(TRACKING_CODE_LENGTH),
                    accept_due=accept_due,
                    **fields,
                )
                _log(suggestion, "", S.SUBMITTED, fields.get("logged_by"), now)
                return suggestion
        except IntegrityError:  # a tracking-code collision, one in 10^18: draw again
            continue
    raise SuggestionError("busy", _("The suggestion could not be saved. Please try again."))


def log_case(
    *,
    page: SuggestionFormPage,
    channel: str,
    category: str,
    content: str,
    logged_by: AbstractBaseUser,
    consent: bool = False,
    name: str = "",
    phone: str = "",
    reception_date: date | None = None,
    visit: Visit | None = None,
    received_by: str = "",
    repeat_of: Suggestion | None = None,
    now: datetime | None = None,
) -> Suggestion:
    """接访登记: a case that reached staff at a reception session, on a home visit, by phone or
    by letter, into the same workflow as the web's with the same code and deadlines. Without a
    name or number it is anonymous; with them, staff confirm the resident agreed."""
    now = now or timezone.now()
    name, phone, content = name.strip(), phone.strip(), content.strip()
    if channel not in STAFF_CHANNELS:
        raise SuggestionError("channel", _("Choose how the case reached you."))
    if category not in page.category_list:
        raise SuggestionError("category", _("Choose one of the categories listed."))
    if not content:
        raise SuggestionError("content", _("Write down what the resident raised."))
    if (name or phone) and not consent:
        raise SuggestionError(
            "consent",
            _("Tell the resident how their name and number are used and record their consent."),
        )
    if channel == Channel.RECEPTION and reception_date is None:
        raise SuggestionError("reception_date", _("Give the date of the reception session."))
    if channel == Channel.VISIT and visit is None:
        raise SuggestionError("visit", _("Choose the home visit the case came from."))
    if repeat_of is not None and (
        not phone or repeat_of.phone != phone or repeat_of.status in FINISHED_STATUSES
    ):
        raise SuggestionError(
            "repeat_of", _("A case can be linked only to an open case of the same number.")
        )
    return _create_case(
        page=page,
        now=now,
        form_data={},
        channel=channel,
        category=category,
        content=content,
        anonymous=not (name or phone),
        name=name,
        phone=phone or None,
        consent_at=now if (name or phone) else None,
        reception_date=reception_date if channel == Channel.RECEPTION else None,
        visit=visit if channel == Channel.VISIT else None,
        received_by=received_by.strip(),
        logged_by=logged_by,
        repeat_of=repeat_of,
    )


def tracking_code_text(suggestion: Suggestion) -> str:
    """The text message with a logged case's tracking code: one SMS, 70 characters at most."""
    return _(
        "Your suggestion is on file, tracking code %(code)s. Follow it on the community "
        "website under Suggestions."
    ) % {"code": group_code(suggestion.tracking_code)}


def send_tracking_code(*, suggestion: Suggestion, actor: AbstractBaseUser) -> None:
    """Text the tracking code to the resident's number, and note it in the case log."""
    if not suggestion.phone:
        raise SuggestionError("phone", _("No mobile number on file: the code cannot be sent."))
    with transaction.atomic():
        current = _lock(suggestion.pk)
        notify(current.phone, tracking_code_text(current))
        _log(current, current.status, current.status, actor, timezone.now(), _("code texted"))


def _record_verdict(current: Suggestion, satisfaction: str, method: str, now: datetime) -> list:
    """The fields a follow-up saves of the resident's verdict; the resident's own one stands
    when staff record none."""
    if not satisfaction and current.satisfaction:
        return []
    if satisfaction not in Satisfaction.values:
        raise SuggestionError(
            "satisfaction", _("Record whether the resident is satisfied with the handling.")
        )
    if method not in STAFF_METHODS:
        raise SuggestionError("method", _("Record how the resident was asked."))
    current.satisfaction, current.satisfaction_method = satisfaction, method
    current.evaluated_at = now
    return ["satisfaction", "satisfaction_method", "evaluated_at"]


def rate_own_case(*, suggestion: Suggestion, satisfaction: str) -> Suggestion:
    """The resident's own verdict on the status page: once, after the reply."""
    if satisfaction not in Satisfaction.values:
        raise SuggestionError("satisfaction", _("Choose one of the three answers."))
    now = timezone.now()
    with transaction.atomic():
        current = _lock(suggestion.pk)
        if current.satisfaction:
            raise SuggestionError(
                "evaluated", _("Thank you, your opinion of this case is already on record.")
            )
        if current.status not in ANSWERED_STATUSES:
            raise SuggestionError(
                "not_replied", _("You can give your opinion once the community has replied.")
            )
        current.satisfaction = satisfaction
        current.satisfaction_method = EvaluationMethod.SELF
        current.evaluated_at = now
        current.save(update_fields=["satisfaction", "satisfaction_method", "evaluated_at"])
        _log(
            current,
            current.status,
            current.status,
            None,
            now,
            _("the resident rated the handling: %(verdict)s")
            % {"verdict": Satisfaction(satisfaction).label},
        )
    return current


def _lock(suggestion_id: int) -> Suggestion:
    return lock_row(
        Suggestion.objects.filter(pk=suggestion_id),
        busy=SuggestionError("busy", _("Someone else is working on this case. Please try again.")),
    )


def _require(value: str | None, reason: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise SuggestionError(reason, message)
    return value


def transition_suggestion(
    *,
    suggestion: Suggestion,
    to: str,
    actor: AbstractBaseUser | None,
    note: str = "",
    reason: str = "",
    assignee: AbstractBaseUser | None = None,
    reply: str = "",
    findings: Findings | None = None,
    satisfaction: str = "",
    method: str = "",
    now: datetime | None = None,
) -> Suggestion:
    """Move a suggestion to status ``to`` if the map allows it; log who, when and the note.

    Each target asks for what it needs: a reason to refuse, a responsible person to start
    handling, the public reply to reply, a note of the follow-up call with the resident's
    verdict (unless they gave it themselves on the status page), and all three findings
    (三不放过) to close.
    """
    now = now or timezone.now()
    note = (note or "").strip()
    with transaction.atomic():
        current = _lock(suggestion.pk)
        if to not in allowed_transitions(current.status):
            raise SuggestionError(
                "transition",
                _("A suggestion that is “%(current)s” cannot be moved to “%(target)s”.")
                % {"current": current.get_status_display(), "target": S(to).label},
            )
        fields = ["status", "updated_at"]
        if to == S.ACCEPTED:
            limits = Deadlines.for_site(current.page.get_site())
            current.accepted_at = now
            current.complete_due = limits.reply.due(now)
            current.close_due = limits.close.due(now)
            fields += ["accepted_at", "complete_due", "close_due"]
        elif to == S.REJECTED:
            current.reject_reason = _require(
                reason, "reason", _("Give the reason for not accepting; the resident will see it.")
            )
            fields.append("reject_reason")
        elif to == S.IN_PROGRESS:
            assignee = assignee or current.assignee
            if assignee is None or not assignee.is_active:
                raise SuggestionError("assignee", _("Choose the person responsible for the case."))
            current.assignee = assignee
            fields.append("assignee")
        elif to == S.REPLIED:
            current.public_reply = _require(
                reply, "reply", _("Write the reply; the resident and the public will see it.")
            )
            current.replied_at = now
            fields += ["public_reply", "replied_at"]
        elif to == S.FOLLOWED_UP:
            _require(note, "note", _("Note what the resident said in the follow-up."))
            fields += _record_verdict(current, satisfaction, method, now)
        elif to == S.CLOSED:
            findings = findings or current.findings
            if not findings.complete:
                raise SuggestionError(
                    "findings",
                    _(
                        "A case is closed only when all three are recorded: what was "
                        "established, how it was solved and which measures were carried out."
                    ),
                )
            current.established = findings.established.strip()
            current.solved = findings.solved.strip()
            current.measures = findings.measures.strip()
            current.closed_at = now
            fields += ["established", "solved", "measures", "closed_at"]
        from_status = current.status
        current.status = to
        current.save(update_fields=fields)
        _log(current, from_status, to, actor, now, note)
        if to == S.REPLIED:
            _notify_reply(current)
    return current


def _field_names(findings: Findings | None, assignee: AbstractBaseUser | None) -> str:
    """The names, as staff read them on the case screen, of the records a refusal is about."""
    names = ["established", "solved", "measures"] if findings else []
    if assignee:
        names.append("assignee")
    return "、".join(str(Suggestion._meta.get_field(name).verbose_name) for name in names)


def update_case(
    *,
    suggestion: Suggestion,
    actor: AbstractBaseUser | None,
    findings: Findings | None = None,
    assignee: AbstractBaseUser | None = None,
    lead_leader: str | None = None,
    publishable: bool | None = None,
    public_summary: str | None = None,
) -> Suggestion:
    """Save the case file without moving the case: findings, a new assignee, publication."""
    now = timezone.now()
    with transaction.atomic():
        current = _lock(suggestion.pk)
        if current.status == S.SUBMITTED and (findings or assignee):
            raise SuggestionError(
                "transition",
                _("Accept the suggestion before recording the %(fields)s.")
                % {"fields": _field_names(findings, assignee)},
            )
        if current.status == S.REJECTED and (findings or assignee):
            raise SuggestionError(
                "transition",
                _("The suggestion was not accepted: no %(fields)s can be recorded.")
                % {"fields": _field_names(findings, assignee)},
            )
        stored = current.findings
        findings = _stripped(findings) if findings is not None else None
        if findings == stored:
            findings = None
        if assignee == current.assignee:
            assignee = None
        if current.status == S.CLOSED and (findings or assignee):
            # The three records are what the case was closed on; they stay as they were, and
            # so does the person who answered for it.
            raise SuggestionError(
                "closed",
                _("The case is closed: the %(fields)s can no longer be changed.")
                % {"fields": _field_names(findings, assignee)},
            )
        changes = []
        fields = ["updated_at"]
        if findings is not None:
            current.established = findings.established
            current.solved = findings.solved
            current.measures = findings.measures
            fields += ["established", "solved", "measures"]
            changes.append(_("findings recorded"))
        if assignee is not None:
            current.assignee = assignee
            fields.append("assignee")
            changes.append(_("now handled by %(name)s") % {"name": person_name(assignee)})
        if lead_leader is not None and lead_leader.strip() != current.lead_leader:
            if current.status == S.CLOSED:
                raise SuggestionError(
                    "closed", _("The case is closed: the leader in charge can no longer change.")
                )
            current.lead_leader = lead_leader.strip()[:50]
            fields.append("lead_leader")
            changes.append(_("leader in charge: %(name)s") % {"name": current.lead_leader or "—"})
        if public_summary is not None and public_summary.strip() != current.public_summary:
            current.public_summary = public_summary.strip()
            fields.append("public_summary")
            changes.append(_("public summary edited"))
        staying_public = current.publishable if publishable is None else publishable
        if staying_public and not current.public_summary:
            raise SuggestionError(
                "summary",
                _("Write a public summary without names before showing it on the board."),
            )
        if publishable is not None:
            if publishable and current.status not in (S.REPLIED, S.FOLLOWED_UP, S.CLOSED):
                raise SuggestionError(
                    "publishable", _("Only a suggestion that has been replied to can be shown.")
                )
            if publishable != current.publishable:
                current.publishable = publishable
                fields.append("publishable")
                changes.append(
                    _("shown on the replies board") if publishable else _("taken off the board")
                )
        current.save(update_fields=fields)
        if changes:
            _log(current, current.status, current.status, actor, now, "；".join(changes))
    return current


def status_url(suggestion: Suggestion) -> str:
    """The public status page's address for a suggestion, found from its form page."""
    index = SuggestionIndexPage.objects.ancestor_of(suggestion.page).live().first()
    if index is None:
        return ""
    return status_path(index, suggestion.tracking_code, full=True)


def _notify_reply(suggestion: Suggestion) -> None:
    if not suggestion.phone:
        return
    notify(
        suggestion.phone,
        _(
            "Your suggestion (tracking code %(code)s) has been answered. Read the reply on the "
            "community website under Suggestions, or at %(url)s."
        )
        % {"code": suggestion.tracking_code, "url": status_url(suggestion)},
        kind=Kind.SUGGESTION_REPLIED,
        params={"code": suggestion.tracking_code},
    )
