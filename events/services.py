"""Every write to registrations: register, cancel, check in, remind.

Seats are taken in one place. Each write runs in one transaction that first locks the event:
on PostgreSQL with SELECT … FOR UPDATE on the event's row, on SQLite by the IMMEDIATE
transaction itself (settings), which takes the database's write lock at BEGIN. Inside the lock
the confirmed registrations are counted, so two residents can never take the last seat, and a
cancellation promotes the first in line in the same transaction. A UniqueConstraint on
(event, phone) for active registrations backs up the one-registration-per-phone rule.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import log_actions

from home.chrome import seats_changed
from home.codes import new_code
from home.formatting import format_date, format_datetime, local_datetime
from home.locking import lock_row
from home.notifications import Kind, notify

from .formatting import event_summary, quoted_title
from .models import EventPage, Registration, RegistrationState

CODE_LENGTH = 8


class RegistrationError(Exception):
    """A registration that cannot go ahead, with the reason a resident can read."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


REFUSALS = {
    RegistrationState.NOT_OPEN: gettext_lazy("Registration for this event has not opened yet."),
    RegistrationState.FULL: gettext_lazy("Sorry, this event is full."),
    RegistrationState.CLOSED: gettext_lazy("Registration for this event has closed."),
    RegistrationState.ENDED: gettext_lazy("This event has already ended."),
}


STAFF_MAY_REGISTER = {RegistrationState.NOT_OPEN, RegistrationState.CLOSED}


@dataclass
class Outcome:
    registration: Registration
    created: bool


def _busy():
    return RegistrationError(
        "busy", _("Many people are registering right now. Please try again in a moment.")
    )


def _lock_event_query(queryset):
    return lock_row(queryset, busy=_busy())


def _lock_event(event_id):
    """Lock the event for the rest of the transaction and return it fresh from the database."""
    return _lock_event_query(EventPage.objects.filter(pk=event_id))


def register(
    *,
    event: EventPage,
    name: str,
    phone: str,
    consent: bool,
    source: str = Registration.Source.ONLINE,
    now: datetime | None = None,
    savepoint: bool = True,
) -> Outcome:
    """Register a resident, or return their existing active registration for this event.

    The event stays locked from the read of its seats to the commit, so the work in between is
    kept short: one read of the seats (and of this number's registration), one insert, and the
    text message stored to go out once the transaction commits. A caller whose own transaction
    ends when this refuses (a view that answers the refusal) passes ``savepoint=False`` and
    saves two savepoints' four statements; a clash on insert then refuses as "busy" (the
    caller's transaction is spoilt) instead of finding the registration that clashed. One that
    carries on after a refusal keeps them.
    """
    if not consent:
        raise RegistrationError(
            "consent", _("Please agree to the personal information notice first.")
        )
    code = new_code(CODE_LENGTH)
    with transaction.atomic(savepoint=savepoint):
        _lock_and_refresh(event)
        # Read the clock inside the lock: the waiting line is in the order the lock was won.
        now = now or timezone.now()
        confirmed, waiting, mine = _seats_and_mine(event, phone)
        if mine:
            return Outcome(event.registrations.get(pk=mine), created=False)
        event.seat_counts = (confirmed, waiting)  # the state below reads them
        state = event.registration_state(now)
        if source == Registration.Source.STAFF and state in STAFF_MAY_REGISTER:
            # Staff register residents who come to the office before or after the online
            # window; seats and the waiting list still decide the outcome.
            state = event.seat_state()
        if state in REFUSALS:
            raise RegistrationError(state, str(REFUSALS[state]))
        status = (
            Registration.Status.CONFIRMED
            if state == RegistrationState.OPEN
            else Registration.Status.WAITLISTED
        )
        try:
            # Without a savepoint, a refused insert ends the caller's transaction: "try again".
            with transaction.atomic(savepoint=savepoint):
                registration = Registration.objects.create(
                    event=event,
                    code=code,
                    name=name,
                    phone=phone,
                    status=status,
                    source=source,
                    created_at=now,
                    consent_at=now,
                )
        except IntegrityError as error:
            # A code collision (one in 10^12) or the same phone entered another way.
            if not savepoint:
                raise _busy() from error
            existing = event.registrations.active().filter(phone=phone).first()
            if existing:
                return Outcome(existing, created=False)
            raise
        # Everyone waiting came in before this one, under the same lock.
        text, kind, params = _confirmation_message(registration, position=waiting + 1)
        notify(phone, text, kind=kind, params=params)
        transaction.on_commit(seats_changed)  # seats left, shown in cached pages
        return Outcome(registration, created=True)


# What decides a registration and what its text message says, read again under the lock.
DECIDING_FIELDS = (
    "title",
    "start",
    "end",
    "place",
    "capacity",
    "registration_opens",
    "registration_closes",
    "waitlist_enabled",
)


def _lock_and_refresh(event):
    """Lock the event for the rest of the transaction and read again, onto ``event``, the
    fields that decide a registration: one narrow row instead of the whole page."""
    values = _lock_event_query(EventPage.objects.filter(pk=event.pk).values_list(*DECIDING_FIELDS))
    for name, value in zip(DECIDING_FIELDS, values, strict=True):
        setattr(event, name, value)
    event.__dict__.pop("seat_counts", None)  # counted again below, under the lock


def _seats_and_mine(event, phone):
    """(confirmed, waitlisted, the pk of this number's active registration or None), in one
    query."""
    status = Registration.Status
    counts = event.registrations.active().aggregate(
        confirmed=Count("pk", filter=Q(status=status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=status.WAITLISTED)),
        mine=Max("pk", filter=Q(phone=phone)),
    )
    return counts["confirmed"], counts["waiting"], counts["mine"]


def find_registration(*, phone: str, code: str) -> Registration | None:
    """The registration matching both, or None: the caller cannot tell which one was wrong."""
    code = (code or "").strip().upper()
    if not phone or not code:
        return None
    return Registration.objects.select_related("event").filter(phone=phone, code=code).first()


def cancel_registration(
    *, registration: Registration, now: datetime | None = None
) -> tuple[Registration, Registration | None]:
    """Cancel, and give a freed seat to the first in line in the same transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if not registration.is_active:
            return registration, None
        if event.is_past:
            raise RegistrationError("ended", _("This event has already ended."))
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        notify(
            registration.phone,
            _("Your registration %(code)s for %(event)s has been cancelled.")
            % {"code": registration.code, "event": event.title},
            kind=Kind.CANCELLED,
            params=_template_params(registration, time=False),
        )
        promoted = _promote_waiting(event, now) if was_confirmed else None
        transaction.on_commit(seats_changed)
        return registration, promoted


def _promote_waiting(event, now):
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if confirmed >= event.capacity:
        return None
    first = event.registrations.waiting_line().first()
    if first is None:
        return None
    first.status = Registration.Status.CONFIRMED
    first.promoted_at = now
    first.save(update_fields=["status", "promoted_at"])
    notify(
        first.phone,
        _(
            "Good news: a seat has become free and your registration %(code)s is now "
            "confirmed. %(event)s"
        )
        % {"code": first.code, "event": event_summary(event)},
        kind=Kind.PROMOTED,
        params=_template_params(first),
    )
    return first


# Check-in opens this long before the start and stays open until the end of the event's day.
CHECKIN_OPENS_BEFORE = timedelta(hours=2)
# Reasons of a refusal that staff may override by confirming (a second click).
OUTSIDE_CHECKIN_WINDOW = ("too_early", "too_late")

# Actions in Wagtail's audit log (报表 → 站点历史), labelled in events.wagtail_hooks.
CHECKED_IN_ACTION = "events.checked_in"
CHECKIN_UNDONE_ACTION = "events.checkin_undone"


def check_in_window(event: EventPage) -> tuple[datetime, datetime]:
    """(opens, closes): from two hours before the start to midnight after the event's day."""
    last_day = timezone.localtime(event.end).date()
    return event.start - CHECKIN_OPENS_BEFORE, local_datetime(last_day + timedelta(days=1), time())


def _outside_window(event, now):
    """The refusal for a check-in outside the window, or None inside it."""
    opens, closes = check_in_window(event)
    if now < opens:
        return RegistrationError(
            "too_early",
            _(
                "The event has not started yet: it starts at %(start)s, and check-in opens "
                "two hours before."
            )
            % {"start": format_datetime(event.start)},
        )
    if now >= closes:
        return RegistrationError(
            "too_late",
            _("This event was on %(day)s: check-in closed at the end of that day.")
            % {"day": format_date(event.start)},
        )
    return None


def _log_title(registration, event):
    # The audit log keeps the code and the event, never a name or a number.
    return f"{registration.code}（{event.title}）"


def check_in(
    *,
    event: EventPage,
    code: str,
    now: datetime | None = None,
    outside_window: bool = False,
    user=None,
) -> tuple[Registration, bool]:
    """Mark a confirmed registration as attended. Returns (registration, already_checked_in).

    Outside the check-in window (see ``check_in_window``) this refuses with reason
    ``too_early`` or ``too_late`` unless staff confirmed it (``outside_window``).
    """
    code = (code or "").strip().upper()
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().filter(event=event, code=code).first()
        )
        if registration is None:
            raise RegistrationError("unknown", _("No registration for this event has that code."))
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationError("cancelled", _("This registration was cancelled."))
        if registration.status == Registration.Status.WAITLISTED:
            raise RegistrationError(
                "waitlisted", _("This resident is still on the waiting list, not confirmed.")
            )
        if registration.checked_in_at:
            return registration, True
        refusal = _outside_window(event, now)
        if refusal and not outside_window:
            raise refusal
        registration.checked_in_at = now
        registration.save(update_fields=["checked_in_at"])
        log_actions.log(
            instance=registration,
            action=CHECKED_IN_ACTION,
            user=user,
            title=_log_title(registration, event),
            data={"outside_window": bool(refusal)},
        )
        return registration, False


def undo_check_in(*, registration: Registration, user=None) -> tuple[Registration, bool]:
    """Take a check-in back (the wrong person, a mistyped code). Returns (registration,
    undone); undoing what is not checked in changes and logs nothing."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.checked_in_at is None:
            return registration, False
        checked_in_at = registration.checked_in_at
        registration.checked_in_at = None
        registration.save(update_fields=["checked_in_at"])
        log_actions.log(
            instance=registration,
            action=CHECKIN_UNDONE_ACTION,
            user=user,
            title=_log_title(registration, registration.event),
            data={"checked_in_at": checked_in_at.isoformat()},
        )
        return registration, True


def send_reminders(*, now: datetime | None = None, ahead: timedelta | None = None) -> int:
    """Remind confirmed residents of events starting within ``ahead`` (default 24 hours).

    Each registration is marked as reminded in the same statement that selects it, so running
    this again, or from two machines at once, sends nothing twice.
    """
    now = now or timezone.now()
    ahead = ahead or timedelta(hours=24)
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__start__gt=now,
        event__start__lte=now + ahead,
        event__live=True,
    ).select_related("event")
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            notify(
                registration.phone,
                _("Reminder: %(event)s. Your registration code is %(code)s.")
                % {"event": event_summary(registration.event), "code": registration.code},
                kind=Kind.REMINDER,
                params=_template_params(registration),
            )
            sent += 1
    return sent


def _template_params(registration, *, time=True, **extra):
    """What an SMS provider's approved template fills in. Providers cap each variable (Alibaba
    Cloud at 35 characters), so a long title is shortened here rather than refused there."""
    event = registration.event
    title = event.title if len(event.title) <= 20 else event.title[:19] + "…"
    params = {"event": title, "code": registration.code, **extra}
    if time:
        params["time"] = f"{timezone.localtime(event.start):%m月%d日 %H:%M}"
    return params


def _confirmation_message(registration, position=None):
    """The text and the kind of message that tells a resident how registering went; a caller
    that knows the place in the waiting line passes it as ``position``."""
    event = registration.event
    if registration.status == Registration.Status.CONFIRMED:
        text = _("You are registered for %(event)s. Your registration code is %(code)s.") % {
            "event": event_summary(event),
            "code": registration.code,
        }
        return text, Kind.REGISTERED, _template_params(registration)
    position = position or registration.waiting_position()
    text = _(
        "%(event)s is full; you are number %(position)s on the waiting list "
        "(code %(code)s). We will tell you if a seat becomes free."
    ) % {"event": quoted_title(event.title), "position": position, "code": registration.code}
    return text, Kind.WAITLISTED, _template_params(registration, time=False, position=position)
