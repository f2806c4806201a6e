"""The admin's two-factor screens: 两步验证 (turn it on or off, backup codes), reached from the
account settings, and the code page that finishes signing in (home.two_factor)."""

import logging

from django import forms
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import two_factor
from .qr import qr_svg

logger = logging.getLogger("qingfeng.staff_login")
SHOW_CODES_KEY = "two_factor_show_backup_codes"


def refused_code(check):
    """The message and status for a code that did not verify."""
    if check.wait_seconds:
        message = _("Too many wrong codes. Wait %(seconds)s seconds, then try again.") % {
            "seconds": check.wait_seconds
        }
        return message, 429
    return _("That code is not right. Check the time on your phone and try again."), 400


class TwoFactorView(WagtailAdminTemplateMixin, View):
    """两步验证: set up with a QR code and a first code; once on, new backup codes or turn it
    off, each with a current code."""

    template_name = "home/admin/two_factor.html"
    page_title = gettext_lazy("Two-step verification")
    header_icon = "key"
    http_method_names = ["get", "post"]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        return self.render()

    def post(self, request):
        action = request.POST.get("action")
        device = two_factor.confirmed_device(request.user)
        if action not in ({"backup", "off"} if device else {"confirm"}):
            messages.error(request, _("That form is out of date; please try again."))
            return self.render(status=400)
        form = two_factor.CodeForm(request.POST, prefix=action)
        if not form.is_valid():
            return self.render(form, status=400, action=action)
        if action == "off" and two_factor.is_required(request.user):
            form.add_error(None, _("Two-step verification is required for administrators."))
            return self.render(form, status=400, action=action)
        pending = None if device else two_factor.pending_device(request.user)
        code = form.cleaned_data["code"]
        check = two_factor.check_code(request, request.user, code, pending=pending)
        if getattr(request, "axes_locked_out", False):
            return two_factor.locked_out(request, request.user)
        if not check.ok:
            message, status = refused_code(check)
            form.add_error("code", message)
            return self.render(form, status=status, action=action)
        return getattr(self, f"done_{action}")(request, check.device)

    def done_confirm(self, request, device):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        two_factor.verified(request, device)
        two_factor.new_backup_codes(request.user)
        request.session[SHOW_CODES_KEY] = True
        logger.warning("Two-step verification turned on: user %r", request.user.get_username())
        messages.success(request, _("Two-step verification is on."))
        return redirect(two_factor.SETUP_URL_NAME)

    def done_backup(self, request, device):
        two_factor.new_backup_codes(request.user)
        request.session[SHOW_CODES_KEY] = True
        messages.success(request, _("New backup codes are ready; the old ones no longer work."))
        return redirect(two_factor.SETUP_URL_NAME)

    def done_off(self, request, device):
        two_factor.turn_off(request.user)
        logger.warning("Two-step verification turned off: user %r", request.user.get_username())
        messages.success(request, _("Two-step verification is off."))
        return redirect(two_factor.SETUP_URL_NAME)

    def render(self, form=None, status=200, action=None):
        """The page, with ``form`` (bound, with its errors) in the place of ``action``."""
        user = self.request.user
        device = two_factor.confirmed_device(user)
        forms_by_action = {
            name: form if name == action else two_factor.CodeForm(prefix=name)
            for name in ("confirm", "backup", "off")
        }
        context = self.get_context_data(
            forms=forms_by_action, device=device, required=two_factor.is_required(user)
        )
        if device is None:
            pending = two_factor.pending_device(user)
            context.update(
                qr=qr_svg(pending.config_url, scale=4), key=two_factor.format_key(pending)
            )
        else:
            context["codes_left"] = two_factor.backup_codes_left(user)
            if self.request.session.pop(SHOW_CODES_KEY, False):
                context["backup_codes"] = two_factor.backup_codes(user)
        return TemplateResponse(self.request, self.template_name, context, status=status)


class VerifyView(View):
    """The code page between the password and the admin (Wagtail's sign-in page's look)."""

    template_name = "home/admin/two_factor_verify.html"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if two_factor.is_locked(request, request.user):
            return two_factor.locked_out(request, request.user)
        if request.user.is_verified() or two_factor.confirmed_device(request.user) is None:
            return redirect(self.next_url())
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(two_factor.CodeForm())

    def post(self, request):
        form = two_factor.CodeForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        check = two_factor.check_code(request, request.user, form.cleaned_data["code"])
        if getattr(request, "axes_locked_out", False):
            return two_factor.locked_out(request, request.user)
        if not check.ok:
            message, status = refused_code(check)
            form.add_error("code", message)
            return self.render(form, status=status)
        two_factor.verified(request, check.device)
        return redirect(self.next_url())

    def next_url(self):
        target = self.request.POST.get(REDIRECT_FIELD_NAME) or self.request.GET.get(
            REDIRECT_FIELD_NAME, ""
        )
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return target if safe else reverse("wagtailadmin_home")

    def render(self, form, status=200):
        context = {"form": form, "next": self.next_url()}
        return TemplateResponse(self.request, self.template_name, context, status=status)


class TwoFactorPanel(BaseSettingsPanel):
    """On the account settings page: whether two-step verification is on, and the way there."""

    name = "two_factor"
    title = gettext_lazy("Two-step verification")
    order = 600
    template_name = "home/admin/two_factor_panel.html"

    def get_form(self):
        return NoFields()

    def get_context_data(self):
        return {
            "device": two_factor.confirmed_device(self.user),
            "url": reverse(two_factor.SETUP_URL_NAME),
        }


class NoFields:
    """The account page saves every panel's form; this panel has nothing to save."""

    is_bound = False
    media = forms.Media()

    def is_valid(self):
        return True
