"""短信记录 (设置 menu): every text message with its status and the provider's answer, numbers
masked for everyone, and a way to send a failed one again."""

import datetime

from django.contrib.admin.utils import quote
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from .admin_ui import LocalDateTimeColumn, ServiceOwnedViewSetMixin, admin_breadcrumbs, field_label
from .formatting import format_datetime
from .message_log import Message
from .notifications import resend

RESEND_PERMISSION = "home.resend_message"
URL_NAMESPACE = "text_messages"


def choice_column(name, width):
    return Column(
        name,
        label=field_label(Message, name),
        accessor=f"get_{name}_display",
        sort_key=name,
        width=width,
    )


def resend_url(message):
    return reverse(f"{URL_NAMESPACE}:resend", args=[quote(message.pk)])


class MessageIndexView(IndexView):
    default_ordering = "-created_at"

    @cached_property
    def columns(self):
        return [
            LocalDateTimeColumn(
                "created_at", label=field_label(Message, "created_at"), sort_key="created_at"
            ),
            choice_column("kind", "12%"),
            Column("phone_masked", label=field_label(Message, "phone_masked"), width="11%"),
            self._get_title_column("text", width="30%"),
            choice_column("status", "7%"),
            choice_column("error", "10%"),
            Column("attempts", label=field_label(Message, "attempts"), width="6%"),
            Column("provider_code", label=field_label(Message, "provider_code"), width="12%"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.can_resend and self.request.user.has_perm(RESEND_PERMISSION):
            buttons.append(
                MenuItem(_("Send again"), url=resend_url(instance), icon_name="redo", priority=5)
            )
        return buttons


class MessageInspectView(InspectView):
    def get_page_subtitle(self):
        return str(self.object)

    def get_field_display_value(self, field_name, field):
        # Times as staff write them (2026年11月30日（星期一）9:00), a dash for "not yet".
        if isinstance(field, models.DateTimeField):
            return format_datetime(getattr(self.object, field_name)) or "—"
        return super().get_field_display_value(field_name, field)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.can_resend and self.request.user.has_perm(RESEND_PERMISSION):
            buttons.append(Button(_("Send again"), url=resend_url(self.object), icon_name="redo"))
        return buttons


class ResendMessageView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET asks for confirmation; only POST queues the message again."""

    model = Message
    permission_required = "resend_message"
    http_method_names = ["get", "post"]
    template_name = "home/admin/message_resend.html"
    index_url_name = None
    header_icon = "redo"
    page_title = gettext_lazy("Send again")

    @cached_property
    def object(self):
        return get_object_or_404(Message, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(
            (reverse(self.index_url_name), _("Text messages")), ("", self.get_page_title())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"message": self.object, "done_url": reverse(self.index_url_name)})
        return context

    def post(self, request, *args, **kwargs):
        if resend(self.object):
            messages.success(
                request,
                _("The message to %(phone)s is queued again.")
                % {"phone": self.object.phone_masked},
            )
        else:
            messages.error(request, _("Only a failed message whose number is kept can be resent."))
        return redirect(self.index_url_name)


class MessageViewSet(ServiceOwnedViewSetMixin, ModelViewSet):
    """Messages are written by home.notifications only; staff read them and resend failed ones."""

    model = Message
    name = URL_NAMESPACE
    url_prefix = "text-messages"
    icon = "mail"
    menu_label = gettext_lazy("Text messages")
    add_to_settings_menu = True
    menu_order = 900
    index_view_class = MessageIndexView
    inspect_view_class = MessageInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_per_page = 50
    list_filter = ["status", "kind", "error"]
    inspect_view_fields = [
        "kind",
        "phone_masked",
        "text",
        "status",
        "error",
        "attempts",
        "provider",
        "provider_code",
        "provider_answer",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
    ]

    @property
    def resend_view(self):
        return self.construct_view(ResendMessageView, index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resend/<int:pk>/", self.resend_view, name="resend")
        ]


# --- The dashboard's panel of failed messages ---------------------------------------------------

VIEW_PERMISSION = "home.view_message"


class FailedMessagesPanel(Component):
    """工作台: text messages that failed in the last week, for those who may read the log, so a
    resident who never got a confirmation is noticed while it still matters."""

    name = "failed_messages"
    template_name = "home/admin/failed_messages_panel.html"
    order = 90
    days = 7
    shown = 5

    def __init__(self, messages, total):
        self.messages, self.total = messages, total

    @classmethod
    def for_user(cls, user):
        """The panel, or None: nothing failed lately, or the user may not read the log. Two
        queries at most, however many messages failed."""
        if not user.has_perm(VIEW_PERMISSION):
            return None
        since = timezone.now() - datetime.timedelta(days=cls.days)
        failed = Message.objects.filter(status=Message.Status.FAILED, created_at__gte=since)
        total = failed.count()
        if not total:
            return None
        latest = failed.order_by("-created_at", "-pk").only(
            "kind", "phone_masked", "created_at", "last_attempt_at", "error", "provider_answer"
        )[: cls.shown]
        return cls(list(latest), total)

    def get_context_data(self, parent_context=None):
        index_url = reverse(f"{URL_NAMESPACE}:index")
        rows = [
            {
                "url": reverse(f"{URL_NAMESPACE}:inspect", args=[quote(message.pk)]),
                "phone": message.phone_masked,
                "kind": message.get_kind_display(),
                "time": format_datetime(message.last_attempt_at or message.created_at, False),
                "answer": message.provider_answer or message.get_error_display(),
            }
            for message in self.messages
        ]
        return {
            "rows": rows,
            "total": self.total,
            "days": self.days,
            "failed_url": f"{index_url}?{urlencode({'status': Message.Status.FAILED})}",
        }
