"""取消报名 on a resident's behalf (permission events.change_registration): GET asks, only POST
cancels, through events.services, which gives a freed seat to the first in line."""

from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.admin_ui import admin_breadcrumbs, phone_for
from home.formatting import format_datetime, mask_name

from .. import services
from ..models import Registration
from .common import (
    CANCEL_PERMISSION,
    CHECKIN_INDEX_URL_NAME,
    FULL_PHONE_PERMISSION,
    VIEW_PERMISSION,
    RequiresPermission,
)


def promoted_message(promoted, user):
    return _(
        "%(name)s (code %(code)s) moved up from the waiting list "
        "and is now confirmed; we have told them by text message."
    ) % {
        "name": promoted.name if user.has_perm(VIEW_PERMISSION) else mask_name(promoted.name),
        "code": promoted.code,
    }


class CancelRegistrationView(RequiresPermission, WagtailAdminTemplateMixin, TemplateView):
    """GET asks for confirmation; only POST cancels."""

    required_permission = CANCEL_PERMISSION
    http_method_names = ["get", "post"]
    template_name = "events/admin/cancel_confirm.html"
    index_url_name = None
    inspect_url_name = None
    header_icon = "circle-xmark"
    page_title = gettext_lazy("Cancel registration")

    @cached_property
    def may_view(self):
        return self.request.user.has_perm(VIEW_PERMISSION)

    @cached_property
    def object(self):
        # Looked up after the permission check, so a refused user learns nothing from a 404.
        return get_object_or_404(Registration.objects.select_related("event"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.object.code

    def get_breadcrumbs_items(self):
        items = []
        if self.index_url_name and self.may_view:
            items.append((reverse(self.index_url_name), _("Registration records")))
        items.append(("", self.get_page_title()))
        return admin_breadcrumbs(*items)

    def get_done_url(self):
        if next_url := get_valid_next_url_from_request(self.request):
            return next_url
        if self.may_view:
            if self.inspect_url_name:
                return reverse(self.inspect_url_name, args=[quote(self.object.pk)])
            return reverse(self.index_url_name)
        return reverse(CHECKIN_INDEX_URL_NAME)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.object
        context.update(
            {
                "registration": registration,
                "name": registration.name if self.may_view else mask_name(registration.name),
                "event_start": format_datetime(registration.event.start),
                "phone": phone_for(self.request.user, registration.phone, FULL_PHONE_PERMISSION),
                "position": registration.waiting_position(),
                "done_url": self.get_done_url(),
                "next_url": get_valid_next_url_from_request(self.request),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            registration, promoted = services.cancel_registration(registration=self.object)
        except services.RegistrationError as refusal:
            messages.error(request, refusal.message)
            return redirect(self.get_done_url())
        messages.success(
            request,
            _("Registration %(code)s for %(event)s has been cancelled.")
            % {"code": registration.code, "event": self.object.event.title},
        )
        if promoted:
            messages.success(request, promoted_message(promoted, request.user))
        return redirect(self.get_done_url())
