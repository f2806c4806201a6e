"""工作报告 in the admin menu, for staff who may view suggestions or registrations."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import URL_NAME, XLSX_URL_NAME, ReportView, ReportXlsxView, may_view


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view(request.user)


@hooks.register("register_admin_urls")
def report_urls():
    return [
        path("work-report/", ReportView.as_view(), name=URL_NAME),
        path("work-report/xlsx/", ReportXlsxView.as_view(), name=XLSX_URL_NAME),
    ]


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return ReportMenuItem(
        _("Work report"), reverse(URL_NAME), icon_name="doc-full", name="work-report", order=900
    )
