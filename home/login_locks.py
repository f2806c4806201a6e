"""登录锁定 (设置 menu, superusers only): the user names and addresses whose sign-in is locked
now, from django-axes' AccessAttempt rows, each with a button that unlocks it at once.

A lock is counted the way home.login_throttle.StaffLoginHandler counts it: the failures of the
last AXES_COOLOFF_TIME for one user name (from any address) or from one address (for any name),
against that parameter's limit in QINGFENG_LOGIN_LIMITS.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_ui import forbidden
from .two_factor import reset_code_throttle
from .validation import clean_text

logger = logging.getLogger("qingfeng.staff_login")
URL_NAME = "home_login_locks"
USERNAME, ADDRESS = "username", "ip_address"


@dataclass
class Lock:
    parameter: str  # USERNAME or ADDRESS
    value: str
    failures: int
    others: list  # the addresses a name was tried from, or the names tried from an address
    ends_at: datetime

    @property
    def is_username(self):
        return self.parameter == USERNAME


def current_locks(now=None):
    """Every lock in force, the one ending last first, from one query."""
    now = now or timezone.now()
    recent = list(
        AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
        .order_by("-attempt_time")
        .only("username", "ip_address", "failures_since_start", "attempt_time")
    )
    locks = []
    for parameter, limit in settings.QINGFENG_LOGIN_LIMITS.items():
        other = ADDRESS if parameter == USERNAME else USERNAME
        rows_by_value = defaultdict(list)
        for row in recent:
            if getattr(row, parameter):
                rows_by_value[getattr(row, parameter)].append(row)
        for value, rows in rows_by_value.items():
            ends_at = lock_end(rows, limit)
            if ends_at is not None:
                locks.append(
                    Lock(
                        parameter=parameter,
                        value=value,
                        failures=sum(row.failures_since_start for row in rows),
                        others=sorted({getattr(row, other) or "" for row in rows} - {""}),
                        ends_at=ends_at,
                    )
                )
    return sorted(locks, key=lambda lock: lock.ends_at, reverse=True)


def lock_end(rows, limit):
    """When ``rows`` (newest first) stop holding ``limit`` failures within the cool-off time:
    the oldest rows age out first, so the lock ends a cool-off after the row that reaches the
    limit counting from the newest. None when they never reach it."""
    total = 0
    for row in rows:
        total += row.failures_since_start
        if total >= limit:
            return row.attempt_time + settings.AXES_COOLOFF_TIME
    return None


def unlock(parameter, value, by):
    """Forget the failures of one user name or one address; the number of rows removed."""
    if parameter == USERNAME:
        removed = AxesProxyHandler.reset_attempts(username=value)
        reset_code_throttle(value)
    else:
        removed = AxesProxyHandler.reset_attempts(ip_address=value)
    logger.warning("Staff login unlocked: %s %r by %r", parameter, value, by.get_username())
    return removed


class LoginLocksView(WagtailAdminTemplateMixin, View):
    template_name = "home/admin/login_locks.html"
    page_title = gettext_lazy("Sign-in locks")
    header_icon = "lock"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            return forbidden(request, _("Only administrators may unlock sign-in."))
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request, error=None, status=200):
        context = self.get_context_data(
            locks=current_locks(),
            error=error,
            limits=settings.QINGFENG_LOGIN_LIMITS,
            minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        )
        return TemplateResponse(request, self.template_name, context, status=status)

    def post(self, request):
        parameter = request.POST.get("parameter")
        value = clean_text(request.POST.get("value"), 255)
        if parameter not in (USERNAME, ADDRESS) or not value:
            return self.get(request, error=_("Choose a lock from the list to unlock."), status=400)
        if unlock(parameter, value, by=request.user):
            messages.success(request, _("Unlocked: %(value)s") % {"value": value})
        else:
            messages.warning(request, _("%(value)s was not locked (any more).") % {"value": value})
        return redirect(URL_NAME)


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


def login_locks_menu_item():
    return SuperuserMenuItem(
        gettext_lazy("Sign-in locks"),
        reverse_lazy(URL_NAME),
        name="login-locks",
        icon_name="lock",
        order=950,
    )
