"""What the 活动报名 admin screens share: permission and URL names, the check-in link and the
menu item shown only to the staff who may use it."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import MenuItem

FULL_PHONE_PERMISSION = "events.view_full_phone"

# Names of the admin URLs these screens link to (registered in events.wagtail_hooks).
REGISTRATIONS_URL_NAMESPACE = "event_registrations"
REGISTER_URL_NAME = "events_register:index"
CHECKIN_INDEX_URL_NAME = "events_checkin_desk:index"
CHECKIN_URL_NAME = "events_checkin"


def clock_time(value):
    return f"{timezone.localtime(value):%H:%M}" if value else ""


def checkin_url(event_id, code=None):
    url = reverse(CHECKIN_URL_NAME, args=[event_id])
    return f"{url}?code={code}" if code else url


def permission_menu_item(viewset, permission):
    """A menu item shown only to users holding ``permission``."""

    def is_shown(_self, request):
        return request.user.has_perm(permission)

    return type(f"{viewset.__class__.__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})
