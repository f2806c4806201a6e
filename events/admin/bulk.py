"""Bulk actions of 报名记录: check in, or cancel, the registrations staff ticked.

Each registration goes through the same service as a single action (events.services.check_in,
events.services.cancel_registration), in a transaction of its own: one refusal (an event that
has ended, a resident still waiting) stops nothing else, and the report says in Chinese how
many went through and why any did not. Registered with Wagtail's register_bulk_action hook in
events.wagtail_hooks; the listing shows each action only to holders of its permission.
"""

from abc import abstractmethod

from django import forms
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from home.formatting import format_datetime, mask_name, mask_phone

from .. import services
from ..models import Registration
from .cancel import promoted_message
from .common import (
    CANCEL_PERMISSION,
    CHECKIN_PERMISSION,
    VIEW_PERMISSION,
    RequiresPermission,
    refused,
)


class CheckInForm(forms.Form):
    outside_window = forms.BooleanField(
        label=gettext_lazy(
            "Also check in registrations whose event is not on today (outside check-in time)"
        ),
        required=False,
    )


def reasons(failures):
    return " ".join(f"{code}：{message}" for code, message in failures)


class RegistrationBulkAction(RequiresPermission, BulkAction):
    models = [Registration]
    template_name = "events/admin/bulk_confirm.html"
    header_icon = ""
    intro = ""
    submit_label = ""

    def dispatch(self, request, *args, **kwargs):
        # Reached from 报名记录, so it needs the list of names as well as the action's own.
        if not request.user.has_perm(VIEW_PERMISSION):
            return refused(request, VIEW_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        return list(
            Registration.objects.select_related("event")
            .filter(pk__in=ids)
            .defer("event__body")
            .order_by("event__start", "event_id", "code")
        )

    def get_all_objects_in_listing_query(self, parent_id):
        # "Every registration in the listing" is not offered: only what staff ticked.
        return []

    def object_context(self, registration):
        user = self.request.user
        return {
            "item": registration,
            "name": registration.name
            if user.has_perm(VIEW_PERMISSION)
            else mask_name(registration.name),
            "phone": mask_phone(registration.phone),
            "event": registration.event.title,
            "event_start": format_datetime(registration.event.start, weekday=False),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            header_title=self.display_name,
            header_icon=self.header_icon,
            intro=self.intro,
            submit_label=self.submit_label,
        )
        return context

    def form_valid(self, form):
        registrations, _without_access = self.get_actionable_objects()
        if not registrations:
            messages.warning(self.request, _("No registrations were selected."))
        else:
            self.act(registrations, form.cleaned_data)
        return redirect(self.next_url)

    @abstractmethod
    def act(self, registrations, options):
        """Check in or cancel ``registrations`` through the services, saying how it went."""


class BulkCheckIn(RegistrationBulkAction):
    required_permission = CHECKIN_PERMISSION
    display_name = gettext_lazy("Check in")
    action_type = "check_in"
    aria_label = gettext_lazy("Check in the selected registrations")
    action_priority = 10
    form_class = CheckInForm
    header_icon = "calendar-check"
    intro = gettext_lazy(
        "Check these residents in? Waiting and cancelled registrations are left as they are."
    )
    submit_label = gettext_lazy("Yes, check them in")

    def act(self, registrations, options):
        done, already, failures = 0, 0, []
        for registration in registrations:
            try:
                _registration, was_in = services.check_in(
                    event=registration.event,
                    code=registration.code,
                    outside_window=options.get("outside_window", False),
                    user=self.request.user,
                )
            except services.RegistrationError as refusal:
                failures.append((registration.code, refusal.message))
                continue
            already += was_in
            done += not was_in
        request = self.request
        if done:
            messages.success(
                request,
                ngettext("%(count)s resident checked in.", "%(count)s residents checked in.", done)
                % {"count": done},
            )
        if already:
            messages.info(
                request,
                ngettext(
                    "%(count)s resident was already checked in.",
                    "%(count)s residents were already checked in.",
                    already,
                )
                % {"count": already},
            )
        if failures:
            messages.error(
                request,
                ngettext(
                    "%(count)s registration was not checked in: %(reasons)s",
                    "%(count)s registrations were not checked in: %(reasons)s",
                    len(failures),
                )
                % {"count": len(failures), "reasons": reasons(failures)},
            )


class BulkCancel(RegistrationBulkAction):
    required_permission = CANCEL_PERMISSION
    display_name = gettext_lazy("Cancel registration")
    action_type = "cancel"
    aria_label = gettext_lazy("Cancel the selected registrations")
    action_priority = 20
    classes = {"serious"}
    header_icon = "circle-xmark"
    intro = gettext_lazy(
        "Cancel these registrations on the residents' behalf? Each gets a text message, and "
        "each confirmed seat freed goes to the first in line on the waiting list at once."
    )
    submit_label = gettext_lazy("Yes, cancel them")

    def act(self, registrations, options):
        # Those waiting go first, so that a freed seat never goes to someone who is being
        # cancelled in the same batch.
        registrations = sorted(
            registrations, key=lambda r: r.status != Registration.Status.WAITLISTED
        )
        done, already, promoted, failures = 0, 0, [], []
        for registration in registrations:
            if not registration.is_active:
                already += 1
                continue
            try:
                cancelled, moved_up = services.cancel_registration(registration=registration)
            except services.RegistrationError as refusal:
                failures.append((registration.code, refusal.message))
                continue
            done += cancelled.status == Registration.Status.CANCELLED
            if moved_up:
                promoted.append(moved_up)
        request = self.request
        if done:
            messages.success(
                request,
                ngettext(
                    "%(count)s registration cancelled.", "%(count)s registrations cancelled.", done
                )
                % {"count": done},
            )
        if already:
            messages.info(
                request,
                ngettext(
                    "%(count)s registration was already cancelled.",
                    "%(count)s registrations were already cancelled.",
                    already,
                )
                % {"count": already},
            )
        for moved_up in promoted:
            messages.success(request, promoted_message(moved_up, request.user))
        if failures:
            messages.error(
                request,
                ngettext(
                    "%(count)s registration was not cancelled: %(reasons)s",
                    "%(count)s registrations were not cancelled: %(reasons)s",
                    len(failures),
                )
                % {"count": len(failures), "reasons": reasons(failures)},
            )


BULK_ACTIONS = (BulkCheckIn, BulkCancel)
