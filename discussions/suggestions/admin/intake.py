"""接访登记: staff log a case that reached them at a reception session, on a home visit, by
phone or by letter. It joins the web's cases in the queue through ``services.log_case``; the
screen after saving gives the tracking code, sends it by text message and prints a receipt."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from home.admin_ui import admin_breadcrumbs, forbidden, phone_for
from home.formatting import format_date, format_datetime, group_code
from home.qr import qr_svg

from .. import services
from ..channels import STAFF_CHANNELS, Channel
from ..deadlines import Deadlines
from ..models import Suggestion
from .common import CONTACT_PERMISSION, MENU_LABEL, status_label
from .intake_forms import LogCaseForm

HANDLE_PERMISSION = "discussions.handle_suggestion"
INTAKE = "case_intake"  # the viewset's name: its URLs are case_intake:index, …


def intake_url(**params):
    query = urlencode({key: value for key, value in params.items() if value})
    return reverse(f"{INTAKE}:index") + (f"?{query}" if query else "")


class HandlersOnly:
    """Open only to staff who handle suggestions; a 403 saying so for everyone else."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(HANDLE_PERMISSION):
            return forbidden(request, _("Only staff who handle suggestions may log cases."))
        return super().dispatch(request, *args, **kwargs)


class LogCaseView(HandlersOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "discussions/suggestions/admin/log_case.html"
    header_icon = "clipboard-list"
    page_title = gettext_lazy("Log a case")
    http_method_names = ["get", "post"]

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(
            (reverse("suggestions:index"), MENU_LABEL), ("", self.get_page_title())
        )

    @cached_property
    def channel(self):
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        value = source.get("channel", "")
        return value if value in STAFF_CHANNELS else Channel.RECEPTION

    def get(self, request, *args, **kwargs):
        initial = {}
        visit = request.GET.get("visit", "")
        if self.channel == Channel.VISIT and visit.isdigit() and len(visit) < 10:
            initial["visit"] = int(visit)
        return self.render(LogCaseForm(channel=self.channel, initial=initial))

    def post(self, request, *args, **kwargs):
        form = LogCaseForm(request.POST, channel=self.channel)
        if not form.is_valid():
            messages.error(request, _("Please correct the items marked below."))
            return self.render(form, status=400)
        data = form.cleaned_data
        if form.needs_repeat_check:
            # Shown once per number: staff decide with the open cases in view, then save.
            posted = request.POST.copy()
            posted["checked_phone"] = data["phone"]
            messages.warning(
                request,
                _("This number already has open cases. Check whether it is the same matter."),
            )
            return self.render(LogCaseForm(posted, channel=self.channel))
        try:
            suggestion = services.log_case(
                page=data["page"],
                channel=self.channel,
                category=data["category"],
                content=data["content"],
                name=data["name"],
                phone=data["phone"],
                consent=data["consent"],
                reception_date=data.get("reception_date"),
                visit=data.get("visit"),
                received_by=data["received_by"],
                repeat_of=data["repeat_of"],
                logged_by=request.user,
            )
        except services.SuggestionError as refusal:
            messages.error(request, refusal.message)
            form.add_error(None, refusal.message)
            return self.render(form, status=400)
        messages.success(
            request,
            _("Case logged with tracking code %(code)s.")
            % {"code": group_code(suggestion.tracking_code)},
        )
        return redirect(reverse(f"{INTAKE}:logged", args=[suggestion.pk]))

    def render(self, form, status=200):
        context = self.get_context_data(
            form=form,
            channel=self.channel,
            channels=[
                {
                    "value": value,
                    "label": Channel(value).label,
                    "url": intake_url(channel=value),
                    "current": value == self.channel,
                }
                for value in STAFF_CHANNELS
            ],
            open_cases=[
                {
                    "code": group_code(case.tracking_code),
                    "received": format_datetime(case.submit_time, weekday=False),
                    "status": status_label(case.status),
                    "url": reverse("suggestions:inspect", args=[case.pk]),
                }
                for case in form.open_cases
            ],
        )
        return self.render_to_response(context, status=status)


def logged_case(pk):
    return get_object_or_404(
        Suggestion.objects.select_related("page", "visit", "repeat_of").filter(
            ~Q(channel=Channel.WEB)
        ),
        pk=pk,
    )


def case_facts(suggestion):
    """What a logged case's screen and its receipt say was received."""
    when = suggestion.reception_date or (suggestion.visit.date if suggestion.visit else None)
    return {
        "code": group_code(suggestion.tracking_code),
        "channel": suggestion.get_channel_display(),
        "when": format_date(when) if when else format_datetime(suggestion.submit_time),
        "received": format_datetime(suggestion.submit_time),
        "promise": Deadlines.for_site(suggestion.page.get_site()).promise,
    }


class LoggedCaseView(HandlersOnly, WagtailAdminTemplateMixin, TemplateView):
    """After logging: the code to tell the resident, the text message and the receipt."""

    template_name = "discussions/suggestions/admin/logged_case.html"
    header_icon = "clipboard-list"
    page_title = gettext_lazy("Case logged")

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(
            (reverse("suggestions:index"), MENU_LABEL),
            (intake_url(), LogCaseView.page_title),
            ("", self.get_page_title()),
        )

    def get_context_data(self, **kwargs):
        suggestion = logged_case(self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "suggestion": suggestion,
                "facts": case_facts(suggestion),
                "phone": phone_for(self.request.user, suggestion.phone or "", CONTACT_PERMISSION),
                "message": services.tracking_code_text(suggestion),
                "send_url": reverse(f"{INTAKE}:send_code", args=[suggestion.pk]),
                "receipt_url": reverse(f"{INTAKE}:receipt", args=[suggestion.pk]),
                "case_url": reverse("suggestions:inspect", args=[suggestion.pk]),
                "again_url": intake_url(
                    channel=suggestion.channel,
                    visit=suggestion.visit_id if suggestion.visit_id else "",
                ),
            }
        )
        return context


class SendCodeView(HandlersOnly, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        suggestion = logged_case(pk)
        try:
            services.send_tracking_code(suggestion=suggestion, actor=request.user)
        except services.SuggestionError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The tracking code is on its way by text message."))
        return redirect(reverse(f"{INTAKE}:logged", args=[pk]))


class ReceiptView(HandlersOnly, View):
    """回执: a half-A4 slip to hand the resident, with a QR code to the status page."""

    def get(self, request, pk):
        suggestion = logged_case(pk)
        status_url = services.status_url(suggestion)
        if not status_url:
            raise Http404
        return TemplateResponse(
            request,
            "discussions/suggestions/admin/receipt.html",
            {
                "suggestion": suggestion,
                "facts": case_facts(suggestion),
                "status_url": status_url,
                "qr": qr_svg(status_url, scale=4),
                "printed": format_datetime(timezone.now(), weekday=False),
                "back_url": reverse(f"{INTAKE}:logged", args=[pk]),
            },
        )


class HandlersMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(HANDLE_PERMISSION)


class IntakeViewSet(ViewSet):
    name = INTAKE
    url_prefix = "cases"
    icon = "clipboard-list"
    menu_label = gettext_lazy("Log a case")
    menu_item_class = HandlersMenuItem

    def get_urlpatterns(self):
        return [
            path("", LogCaseView.as_view(), name="index"),
            path("<int:pk>/", LoggedCaseView.as_view(), name="logged"),
            path("<int:pk>/send-code/", SendCodeView.as_view(), name="send_code"),
            path("<int:pk>/receipt/", ReceiptView.as_view(), name="receipt"),
        ]
