"""What the 活动报名 admin screens share: the permission each screen needs, URL names, links to
the check-in screen and the roster, and the menu item shown only to the staff who may use it.

Every screen of these menus checks one named permission (``RequiresPermission``), and answers
a refused user with a 403 that names it, so whoever sets up the groups can see which box to tick.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from home import admin_ui
from home.admin_ui import forbidden

# The permissions, one per kind of work (granted to the staff groups by migration 0005).
VIEW_PERMISSION = "events.view_registration"  # 报名记录: the list of names, masked numbers
REGISTER_PERMISSION = "events.add_registration"  # 代报名
CANCEL_PERMISSION = "events.change_registration"  # 取消报名 on a resident's behalf
CHECKIN_PERMISSION = "events.check_in_registration"  # 签到, its undo and today's rosters
FULL_PHONE_PERMISSION = "events.view_full_phone"  # full numbers and export
QUIZ_PERMISSION = "events.view_quiz"  # 线上答题: quizzes, results, statistics

# How the group editing screen names them (model, then the box to tick).
PERMISSION_LABELS = {
    VIEW_PERMISSION: gettext_lazy("Registration: can view"),
    REGISTER_PERMISSION: gettext_lazy("Registration: can add"),
    CANCEL_PERMISSION: gettext_lazy("Registration: can change"),
    CHECKIN_PERMISSION: gettext_lazy("Registration: can check residents in"),
    FULL_PHONE_PERMISSION: gettext_lazy(
        "Registration: can see full phone numbers and export registrations"
    ),
    QUIZ_PERMISSION: gettext_lazy("Quiz: can view"),
}

# Names of the admin URLs these screens link to (registered in events.wagtail_hooks).
REGISTRATIONS_URL_NAMESPACE = "event_registrations"
REGISTER_URL_NAME = "events_register:index"
CHECKIN_INDEX_URL_NAME = "events_checkin_desk:index"
CHECKIN_URL_NAME = "events_checkin"
UNDO_CHECKIN_URL_NAME = "events_checkin_undo"
ROSTERS_URL_NAMESPACE = "events_rosters"
QUIZ_RESULTS_URL_NAME = "event_quizzes:results"


def clock_time(value):
    return f"{timezone.localtime(value):%H:%M}" if value else ""


def checkin_url(event_id, code=None):
    url = reverse(CHECKIN_URL_NAME, args=[event_id])
    return f"{url}?code={code}" if code else url


def roster_url(event_id):
    return reverse(f"{ROSTERS_URL_NAMESPACE}:event", args=[event_id])


def registrations_url(event_id=None):
    url = reverse(f"{REGISTRATIONS_URL_NAMESPACE}:index")
    return f"{url}?event={event_id}" if event_id else url


def refused(request, permission=None, message=None):
    """The 403 page, naming the permission the screen needs when there is one."""
    if message is None and permission is None:
        message = _(
            "You do not have permission to open this screen. Ask an administrator to add you "
            "to a group that has it."
        )
    elif message is None:
        message = _(
            "You do not have permission to open this screen. It needs “%(permission)s”; "
            "ask an administrator to add you to a group that has it."
        ) % {"permission": PERMISSION_LABELS.get(permission, permission)}
    return forbidden(request, message)


class RequiresPermission:
    """For an admin view: open only to holders of ``required_permission``; a 403 for others.

    Put it first among the view's bases, so that it answers before anything is looked up.
    """

    required_permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.required_permission):
            return refused(request, self.required_permission)
        return super().dispatch(request, *args, **kwargs)


def refusing_with_403(patterns):
    """A viewset's URL patterns answering a refusal with the 403 page instead of Wagtail's
    redirect to the dashboard."""
    return admin_ui.refusing_with_403(patterns, refused)


def permission_menu_item(viewset, permission):
    """A menu item shown only to users holding ``permission``."""

    def is_shown(_self, request):
        return request.user.has_perm(permission)

    return type(f"{viewset.__class__.__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})
