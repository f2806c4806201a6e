"""A signed-in staff member's session ends after settings.QINGFENG_STAFF_IDLE_SECONDS without a
request. Residents never sign in: their sessions (the verified-number window, their registration
codes) keep Django's own expiry and get no extra writes from this middleware.
"""

import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN_KEY = "staff_last_seen"
# Write the timestamp at most once a minute, not on every admin request.
TOUCH_EVERY_SECONDS = 60


class StaffIdleExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            idle = settings.QINGFENG_STAFF_IDLE_SECONDS
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > idle:
                logout(request)
            elif last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
                # The stored session and its cookie end with the idle time as well.
                request.session.set_expiry(idle)
        return self.get_response(request)
