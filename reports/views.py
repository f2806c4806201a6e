"""工作报告: the report screen in the admin, its period picker and its XLSX export.

Staff who may view suggestions or registrations open it (编辑 and 审核); anyone else gets the
admin's 403 page. Bad dates answer 400 with the reason beside the picker, never a 500.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.admin_ui import admin_breadcrumbs, forbidden
from home.formatting import format_datetime

from .charts import paired_bars
from .export import report_workbook
from .periods import (
    DATES,
    PREVIOUS_QUARTER,
    THIS_QUARTER,
    THIS_YEAR,
    PeriodError,
    choose_period,
    quarter_of,
)
from .report import build_report

PERMISSIONS = ("discussions.view_suggestion", "events.view_registration")
URL_NAME = "reports_work"
XLSX_URL_NAME = "reports_work_xlsx"


def may_view(user) -> bool:
    return any(user.has_perm(permission) for permission in PERMISSIONS)


class ReportAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_view(request.user):
            return forbidden(
                request, _("The work report is for staff who handle suggestions or events.")
            )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def choice(self) -> dict:
        query = self.request.GET
        return {
            "period": query.get("period", "") or THIS_QUARTER,
            "from": query.get("from", "")[:20],
            "to": query.get("to", "")[:20],
        }

    @cached_property
    def period_or_error(self):
        try:
            return choose_period(self.choice["period"], self.choice["from"], self.choice["to"])
        except PeriodError as error:
            return error


class ReportView(ReportAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/report.html"
    page_title = gettext_lazy("Work report")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(("", self.get_page_title()))

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if isinstance(self.period_or_error, PeriodError):
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            choice=self.choice,
            choices=[
                (THIS_QUARTER, _("This quarter")),
                (PREVIOUS_QUARTER, _("Previous quarter")),
                (THIS_YEAR, _("This year")),
                (DATES, _("Dates")),
            ],
            this_quarter=quarter_of(today),
        )
        if isinstance(self.period_or_error, PeriodError):
            context["error"] = str(self.period_or_error)
            return context
        report = build_report(self.period_or_error)
        for section in report.sections:
            for breakdown in section.breakdowns:
                breakdown.chart = paired_bars(breakdown)
        context.update(
            report=report,
            made_at=format_datetime(report.made_at, weekday=False),
            xlsx_url=f"{reverse(XLSX_URL_NAME)}?{urlencode(self.choice)}",
        )
        return context


class ReportXlsxView(ReportAccessMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        period = self.period_or_error
        if isinstance(period, PeriodError):
            return HttpResponse(str(period), status=400, content_type="text/plain; charset=utf-8")
        report = build_report(period)
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"work-report-{period.first:%Y%m%d}-{period.last:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        report_workbook(report).save(response)
        return response
