"""A fixed-window rate limiter on the shared cache (Redis when several servers run).

A community hall on one shared Wi-Fi address may send a hundred registrations in a minute, so
limits are kept per phone number and per browser session as well as per address, and the
per-address limit is generous. ``cache.add`` and ``cache.incr`` are atomic on Redis; on the
per-process memory cache of a development machine the counts are per process.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def _bucket(scope, kind, value, limit):
    # Hash the value so that phone numbers never appear in cache keys.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:24]
    window = int(time.time() // limit.seconds)
    return f"qingfeng:rl:{scope}:{kind}:{digest}:{window}"


def _hit(key, limit):
    if cache.add(key, 1, limit.seconds + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.add(key, 1, limit.seconds + 1)
        return 1


def client_address(request):
    header = getattr(settings, "RATELIMIT_IP_HEADER", "")
    if header and request.META.get(header):
        # A trusted proxy puts the client's address first.
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def session_key(request):
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def allow(request, scope, limits, phone=None):
    """Count one attempt against every applicable limit; False when any is exceeded.

    ``limits`` maps "address", "session" and "phone" to a Limit.
    """
    values = {
        "address": client_address(request),
        "session": session_key(request),
        "phone": phone,
    }
    allowed = True
    for kind, limit in limits.items():
        value = values.get(kind)
        if not value:
            continue
        if _hit(_bucket(scope, kind, value, limit), limit) > limit.count:
            allowed = False
    return allowed
