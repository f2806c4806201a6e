"""Send a verification code, check it, and remember a verified number in the browser's session.

A code is six digits, lives five minutes and allows five wrong tries. Only keyed hashes of the
number and the code are stored, and it is these that are compared, so a comparison's time says
nothing about the code. A new code closes the
number's earlier one. Sending is limited per number (one a minute, ten a day) and site-wide (a
daily budget from settings, since every text message is paid for); the per-browser and
per-address limits are the caller's, on the shared rate limiter.
"""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.locking import lock_row
from home.notifications import Kind, notify

from .models import PhoneCode

CODE_DIGITS = 6
CODE_LIFETIME = datetime.timedelta(minutes=5)
MAX_WRONG_TRIES = 5
RESEND_AFTER = datetime.timedelta(seconds=60)
PER_NUMBER_A_DAY = 10
VERIFIED_FOR = datetime.timedelta(minutes=30)
SESSION_KEY = "verified_numbers"


class VerificationError(Exception):
    """A code that cannot be sent or accepted, with the reason the resident can read."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Sent:
    """The number's open code: sent just now (``new``), or less than a minute ago."""

    new: bool
    resend_at: datetime.datetime


def _digest(*parts: str) -> str:
    message = ":".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def phone_digest(phone: str) -> str:
    return _digest("phone", phone)


def _code_digest(phone: str, code: str) -> str:
    return _digest("code", phone, code)


def _start_of_day(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def sent_today(now: datetime.datetime | None = None) -> int:
    """Codes sent since midnight (Beijing time), against the daily budget."""
    now = now or timezone.now()
    return PhoneCode.objects.filter(sent_at__gte=_start_of_day(now)).count()


def daily_budget() -> int:
    return settings.QINGFENG_VERIFICATION_DAILY_BUDGET


def request_code(*, phone: str, now: datetime.datetime | None = None) -> Sent:
    """Send ``phone`` a new code, unless one went less than a minute ago (that one still works).

    Raises VerificationError when the number has had its codes for the day or the site has
    spent its daily budget.
    """
    now = now or timezone.now()
    digest = phone_digest(phone)
    with transaction.atomic():
        recent = PhoneCode.objects.filter(phone_digest=digest, sent_at__gt=now - RESEND_AFTER)
        last = recent.order_by("-sent_at").first()
        if last is not None:
            return Sent(new=False, resend_at=last.sent_at + RESEND_AFTER)
        day = PhoneCode.objects.filter(phone_digest=digest, sent_at__gt=now - datetime.timedelta(1))
        if day.count() >= PER_NUMBER_A_DAY:
            raise VerificationError(
                "number_limit",
                _("This number has been sent enough codes for today. Please try again tomorrow."),
            )
        if sent_today(now) >= daily_budget():
            raise VerificationError(
                "budget", _("The site cannot send more verification codes today.")
            )
        PhoneCode.objects.filter(phone_digest=digest, closed_at__isnull=True).update(closed_at=now)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        try:
            with transaction.atomic():
                PhoneCode.objects.create(
                    phone_digest=digest,
                    code_digest=_code_digest(phone, code),
                    sent_at=now,
                    expires_at=now + CODE_LIFETIME,
                )
        except IntegrityError:
            # A request at the same moment sent this number its code; that one stands.
            return Sent(new=False, resend_at=now + RESEND_AFTER)
        notify(
            phone,
            _("Your verification code %(code)s is valid for 5 minutes. Do not tell anyone.")
            % {"code": code},
            kind=Kind.VERIFICATION,
            params={"code": code},
        )
    return Sent(new=True, resend_at=now + RESEND_AFTER)


def pending(*, phone: str, now: datetime.datetime | None = None) -> Sent | None:
    """The number's open code, if one was sent and still works."""
    now = now or timezone.now()
    sent_at = (
        PhoneCode.objects.filter(
            phone_digest=phone_digest(phone), closed_at__isnull=True, expires_at__gt=now
        )
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    return Sent(new=False, resend_at=sent_at + RESEND_AFTER) if sent_at else None


def confirm_code(*, phone: str, code: str, now: datetime.datetime | None = None) -> None:
    """Accept ``code`` for ``phone`` once, or raise VerificationError saying what to do.

    A wrong try is counted even though the request fails, so the count is saved before the
    error is raised.
    """
    now = now or timezone.now()
    code = "".join(str(code or "").split())
    # The right code in time closes the number's open code in one statement; only a refusal
    # needs the row read, locked and counted below. Two posts of the same code at once: the
    # second finds the code closed and is refused, so a code is good once.
    if PhoneCode.objects.filter(
        phone_digest=phone_digest(phone),
        code_digest=_code_digest(phone, code),
        closed_at__isnull=True,
        expires_at__gt=now,
    ).update(closed_at=now):
        return
    with transaction.atomic():
        open_code = (
            PhoneCode.objects.filter(phone_digest=phone_digest(phone), closed_at__isnull=True)
            .order_by("-sent_at")
            .values_list("pk", flat=True)
            .first()
        )
        if open_code is None:
            refusal = VerificationError("none", _("Please ask for a verification code first."))
        else:
            row = lock_row(
                PhoneCode.objects.filter(pk=open_code),
                busy=VerificationError("busy", _("Please try again in a moment.")),
            )
            refusal = _check(row, phone, code, now)
    if refusal is not None:
        raise refusal


def _check(row: PhoneCode, phone: str, code: str, now: datetime.datetime):
    """Close or count the code as this try decides; the refusal to raise, or None."""
    if now >= row.expires_at:
        row.closed_at = now
        row.save(update_fields=["closed_at"])
        return VerificationError(
            "expired", _("The verification code has expired. Please ask for a new one.")
        )
    if hmac.compare_digest(row.code_digest, _code_digest(phone, code)):
        row.closed_at = now
        row.save(update_fields=["closed_at"])
        return None
    row.wrong_tries += 1
    left = MAX_WRONG_TRIES - row.wrong_tries
    if left <= 0:
        row.closed_at = now
    row.save(update_fields=["wrong_tries", "closed_at"])
    if left <= 0:
        return VerificationError(
            "tries", _("The code was typed wrongly too many times. Please ask for a new one.")
        )
    return VerificationError(
        "wrong",
        _("That code is not right. You can try %(count)s more times.") % {"count": left},
    )


def remember_verified(session, phone: str, now: datetime.datetime | None = None) -> None:
    """Keep ``phone`` verified in this browser for VERIFIED_FOR (one code for registering and
    then starting the quiz)."""
    now = now or timezone.now()
    verified = {
        key: until for key, until in session.get(SESSION_KEY, {}).items() if until > now.timestamp()
    }
    verified[phone_digest(phone)] = (now + VERIFIED_FOR).timestamp()
    session[SESSION_KEY] = verified


def is_verified(session, phone: str, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    until = session.get(SESSION_KEY, {}).get(phone_digest(phone))
    return until is not None and until > now.timestamp()
