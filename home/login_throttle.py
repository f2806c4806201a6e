"""Staff logins are throttled with django-axes, per user name OR per address, each with its own
limit (settings.QINGFENG_LOGIN_LIMITS); the lockout page is Chinese and every lock is logged.

Axes itself compares one count with one limit: the handler reports "at the limit" as soon as any
one parameter reached its own limit, so that 5 failures for a name and 20 from one address lock
independently of each other.
"""

import logging

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

from .ratelimit import client_address
from .validation import clean_text

# The longest user name an account can have (Django's User.username); axes' own column holds
# 255 characters, and PostgreSQL refuses a longer value where SQLite stores it.
USERNAME_MAX = 150

logger = logging.getLogger("qingfeng.staff_login")


class StaffLoginBackend(AxesStandaloneBackend):
    """Axes' check on every sign-in form (they all pass the request). A call without a request
    comes from the server's own code (management commands), which has nothing to throttle."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class StaffLoginHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        limits = list(settings.QINGFENG_LOGIN_LIMITS.values())
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if any(count >= limit for count, limit in zip(counts, limits, strict=True)):
            return settings.AXES_FAILURE_LIMIT
        return min(max(counts, default=0), settings.AXES_FAILURE_LIMIT - 1)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and getattr(request, "axes_locked_out", False):
            logger.warning(
                "Staff login locked: user %r from %s",
                (credentials or {}).get("username"),
                getattr(request, "axes_ip_address", ""),
            )


def login_address(request):
    """The same client address the site's rate limits use (RATELIMIT_IP_HEADER behind a proxy)."""
    return client_address(request) or None


def login_username(request, credentials):
    """The user name tried, as axes records and counts it: from the form's credentials (else the
    post, as axes does), without control characters and cut to the longest an account has. A
    10,000-character name otherwise stopped the sign-in page with a server error on PostgreSQL;
    a name that long belongs to no account, so its failures still count against it."""
    if credentials:
        name = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        name = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return None if name is None else clean_text(name)[:USERNAME_MAX]
