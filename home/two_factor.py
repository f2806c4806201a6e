"""Optional two-factor sign-in for staff: a 6-digit code from an authenticator app (TOTP, with
django-otp), or one of ten single-use backup codes.

A staff member turns it on in their account (home.two_factor_views). From then on a password
alone signs them in only half way: TwoFactorMiddleware sends every admin request of that
session to the code page until a code has verified it (django-otp's OTPMiddleware then reports
``request.user.is_verified()``). With QINGFENG_REQUIRE_2FA set, a superuser without a device is
sent to the set-up page before anything else.

Wrong codes are throttled twice: django-otp makes each device wait 1, 2, 4, 8 … seconds after
consecutive failures, and every wrong code for a confirmed device counts as a failed sign-in for
the user name in django-axes (home.login_throttle), so that 5 of them lock sign-in for 15
minutes, exactly as wrong passwords do.
"""

import re
from base64 import b32encode
from dataclasses import dataclass

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
TOTP_CODE = re.compile(r"^\d{6}$")
# StaticToken.random_token(): 8 characters of lower-case base32.
BACKUP_CODE = re.compile(r"^[a-z2-7]{8}$")
SETUP_URL_NAME = "home_two_factor"
VERIFY_URL_NAME = "home_two_factor_verify"


# --- Devices ----------------------------------------------------------------------------------


def confirmed_device(user):
    """The user's authenticator, once its first code confirmed it; else None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_required(user):
    return settings.QINGFENG_REQUIRE_2FA and user.is_superuser


def pending_device(user):
    """The authenticator being set up: the same key until it is confirmed or replaced."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def format_key(device):
    """The key as an authenticator app takes it by hand: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def new_backup_codes(user):
    """Ten fresh single-use codes; any earlier ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes(user):
    """The unused backup codes, shown once after they are made."""
    return list(
        StaticToken.objects.filter(device__user=user, device__confirmed=True)
        .order_by("pk")
        .values_list("token", flat=True)
    )


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def turn_off(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def reset_code_throttle(username):
    """After an administrator unlocks a name, its devices take codes again at once."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user__username=username).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


# --- Checking a code --------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        if not (TOTP_CODE.match(code) or BACKUP_CODE.match(code)):
            raise forms.ValidationError(
                _("Enter the 6 digits your authenticator app shows, or an 8-letter backup code."),
                code="format",
            )
        return code


@dataclass
class CodeCheck:
    device: object = None
    wait_seconds: int = 0

    @property
    def ok(self):
        return self.device is not None


def _device_for(user, code, pending):
    if pending is not None:
        return pending if TOTP_CODE.match(code) else None
    if TOTP_CODE.match(code):
        return confirmed_device(user)
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def check_code(request, user, code, *, pending=None):
    """Verify ``code`` for ``user`` (against ``pending`` while setting up).

    A wrong code for a confirmed device is reported to django-axes as a failed sign-in for the
    user name; when that locks the name, ``request.axes_locked_out`` is set.
    """
    device = _device_for(user, code, pending)
    if device is not None:
        allowed, details = device.verify_is_allowed()
        if not allowed:
            left = (details["locked_until"] - timezone.now()).total_seconds()
            return CodeCheck(wait_seconds=max(1, int(left) + 1))
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return CodeCheck(device=verified)
    if pending is None:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
    return CodeCheck()


def is_locked(request, user):
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


def locked_out(request, user):
    """End the half-signed-in session and answer with the sign-in lockout page."""
    credentials = {"username": user.get_username()}
    logout(request)
    request.axes_locked_out = False  # answered here; AxesMiddleware need not answer again
    return get_lockout_response(request, None, credentials)


def verified(request, device):
    """The session is now fully signed in; a new session key for the new privilege."""
    request.session.cycle_key()
    django_otp.login(request, device)


# --- Middleware -------------------------------------------------------------------------------


class TwoFactorMiddleware:
    """After django_otp.middleware.OTPMiddleware: admin requests of a session that still owes a
    code go to the code page, and a superuser who must use two-factor but has no device goes
    to the set-up page. Signing out always works."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.redirect_for(request) or self.get_response(request)

    @staticmethod
    def redirect_for(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        path = request.path_info
        home = reverse("wagtailadmin_home")
        if not path.startswith(home) or path == reverse("wagtailadmin_logout"):
            return None
        if user.is_verified():
            return None
        verify_url = reverse(VERIFY_URL_NAME)
        if path == verify_url:
            return None
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            target = request.get_full_path() if request.method == "GET" else home
            return redirect(f"{verify_url}?{urlencode({'next': target})}")
        setup_url = reverse(SETUP_URL_NAME)
        if is_required(user) and path != setup_url:
            return redirect(setup_url)
        return None
