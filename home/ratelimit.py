"""A fixed-window rate limiter counted in the database (home.rate_counts), which every worker
and every server shares, with or without Redis.

A community hall on one shared Wi-Fi address may send a hundred registrations in a minute, so
limits are kept per phone number and per browser session as well as per address, and the
per-address limit is generous. A visitor whose browser has no session yet is counted by address
and number alone: no session is created just to count (one would be a row per request).
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings

from . import rate_counts


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def _bucket(scope, kind, value):
    # Hash the value so that phone numbers and addresses never appear in the table.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:24]
    return f"{scope}:{kind}:{digest}"


def _window_end(limit, now):
    return (int(now // limit.seconds) + 1) * limit.seconds


def _address(value):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def client_address(request):
    """The visitor's address. Behind a proxy (RATELIMIT_IP_HEADER set), the value the trusted
    proxy nearest the site wrote: X-Real-IP, which the proxy sets whole, or the entry of
    X-Forwarded-For that the first of RATELIMIT_TRUSTED_PROXIES proxies appended, counted from
    the right. Entries to its left come from the client, who can write anything there."""
    header = settings.RATELIMIT_IP_HEADER
    if header:
        values = [value.strip() for value in request.META.get(header, "").split(",")]
        values = [value for value in values if value]
        if values:
            trusted = max(1, settings.RATELIMIT_TRUSTED_PROXIES)
            address = _address(values[-min(trusted, len(values))])
            if address:
                return address
    return request.META.get("REMOTE_ADDR", "")


def session_key(request):
    """The browser's session key, or None when it has none (or one the store does not know)."""
    session = request.session
    if not session.session_key:
        return None
    session.keys()  # loading forgets a key the store does not hold
    return session.session_key


def allow(request, scope, limits, phone=None):
    """Count one attempt against every applicable limit; False when any is exceeded.

    ``limits`` maps "address", "session" and "phone" to a Limit. A limit without a value (no
    session yet, no number given) is not counted.
    """
    values = {
        "address": client_address(request),
        "session": session_key(request),
        "phone": phone,
    }
    now = time.time()
    applicable = {
        _bucket(scope, kind, values[kind]): limit
        for kind, limit in limits.items()
        if values.get(kind)
    }
    counts = rate_counts.hit(
        {bucket: _window_end(limit, now) for bucket, limit in applicable.items()}
    )
    return all(counts[bucket] <= limit.count for bucket, limit in applicable.items())
