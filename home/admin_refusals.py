"""A refused admin screen answers 403, saying so, in the admin's own frame.

Wagtail answers a refused screen by redirecting to the dashboard with the message
“Sorry, you do not have permission to access this area.”, so a staff member who follows a link
lands somewhere else and a checker sees a 302. Here that redirect becomes the project's 403
page with the same message and the admin menu, so the refusal is plain to the person and to
the browser alike. Other redirects to the dashboard (after logging in, say) pass unchanged.
"""

from django.urls import reverse
from django.utils.translation import gettext

from .admin_ui import forbidden

# Wagtail's own words for a refusal (wagtail.admin.auth.permission_denied).
REFUSAL = "Sorry, you do not have permission to access this area."


class AdminRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 302 or response.get("Location") != reverse("wagtailadmin_home"):
            return response
        queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
        if not queued:
            return response
        refusal = gettext(REFUSAL)
        # Wagtail renders its (empty) message buttons after the text: compare the text alone.
        kept = [message for message in queued if str(message.message).strip() != refusal]
        if len(kept) == len(queued):
            return response
        queued[:] = kept
        refused = forbidden(request, refusal)
        refused.render()
        return refused
