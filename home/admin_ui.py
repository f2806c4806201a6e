"""Pieces the apps' Wagtail admin screens share: columns, Chinese search, the staff export and
the 403 page."""

import datetime
import re
from functools import wraps

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import URLPattern, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.mixins import ExcelDateFormatter, SpreadsheetExportMixin

from .formatting import format_date, format_datetime, mask_phone
from .search import search_queryset


def field_label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def admin_breadcrumbs(*items):
    """The admin home, then each (url, label); the last one, with url "", is the current page."""
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        *({"url": url, "label": label} for url, label in items),
    ]


def forbidden(request, message):
    """A real 403 (raising PermissionDenied in the admin would redirect to the dashboard)."""
    return TemplateResponse(
        request,
        "home/admin/forbidden.html",
        {
            "header_title": _("Permission denied"),
            "breadcrumbs_items": admin_breadcrumbs(("", _("Permission denied"))),
            "message": message,
        },
        status=403,
    )


def refusing_with_403(patterns, refuse):
    """The URL patterns of a viewset whose views refuse by raising PermissionDenied (Wagtail's
    generic and snippet views), answering a refusal with ``refuse(request)`` (a 403 page)
    instead of Wagtail's redirect to the dashboard."""

    def wrap(view):
        @wraps(view)
        def refusing(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    raise
                return refuse(request)

        return refusing

    return [
        URLPattern(pattern.pattern, wrap(pattern.callback), pattern.default_args, pattern.name)
        if isinstance(pattern, URLPattern)
        else pattern
        for pattern in patterns
    ]


class PageEditorsMenuItem(MenuItem):
    """A page listing's menu item, shown to staff who may edit pages somewhere in the tree."""

    def is_shown(self, request):
        return user_has_any_page_permission(request.user)


class PageEditorsOnlyMixin:
    """For a page listing's views: staff without any page permission get a 403 saying why."""

    def dispatch(self, request, *args, **kwargs):
        if not user_has_any_page_permission(request.user):
            return forbidden(request, _("This list is for staff who may edit the site's pages."))
        return super().dispatch(request, *args, **kwargs)


def phone_for(user, phone, permission):
    """The full number for holders of ``permission``, 138****1234 for everyone else."""
    return phone if user.has_perm(permission) else mask_phone(phone)


class LocalDateColumn(Column):
    """A calendar date as staff write it (2026年11月27日), not "3 days ago"."""

    def get_value(self, instance):
        return format_date(super().get_value(instance), weekday=False)


class LocalDateTimeColumn(Column):
    """A date and time as staff write it (2026年11月27日 14:30), not "3 days ago"."""

    def get_value(self, instance):
        return format_datetime(super().get_value(instance), weekday=False)


class PhoneColumn(Column):
    """138****1234, unless the user holds ``permission``."""

    def __init__(self, name, *, permission, **kwargs):
        self.permission = permission
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if not (request and request.user.has_perm(self.permission)):
            context["value"] = mask_phone(context["raw_value"])
        return context


class ChineseSearchMixin:
    """For Wagtail admin page listings: search the way the public site does (home.search).

    Wagtail's own admin search does not split Chinese, so "竞赛" would never find
    "廉政知识竞赛".
    """

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_queryset(
            queryset, self.search_query, order_by_relevance=not self.is_explicitly_ordered
        )


# --- Spreadsheet export ------------------------------------------------------------------------


def local_naive(value):
    value = timezone.make_naive(value) if timezone.is_aware(value) else value
    return value.replace(microsecond=0)


def local_text(value):
    return f"{local_naive(value):%Y-%m-%d %H:%M}"


def csv_safe(value):
    """A cell starting with = + - @ is a formula to a spreadsheet: make it plain text."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def yes_no(value):
    return _("Yes") if value else _("No")


# Excel refuses these in a worksheet's name, and names longer than 31 characters.
SHEET_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_MAX_LENGTH = 31


def sheet_title(title):
    """A worksheet name Excel accepts, made from a listing's title: "报名记录", not "Sheet1"."""
    name = " ".join(SHEET_FORBIDDEN.sub(" ", str(title or "")).split()).strip("'")
    return name[:SHEET_MAX_LENGTH].strip() or _("Export")


class StaffExportMixin:
    """For an admin IndexView: CSV and XLSX export as staff need it.

    Only holders of ``export_permission`` may export (the file carries full phone numbers);
    times are Beijing time, booleans read 是/否, no text cell runs as a formula, Excel opens
    the CSV as UTF-8, and the file name carries the date.
    """

    export_permission = None
    export_refused_message = ""

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_XLSX: local_naive,
            SpreadsheetExportMixin.FORMAT_CSV: local_text,
        },
        bool: {
            SpreadsheetExportMixin.FORMAT_XLSX: yes_no,
            SpreadsheetExportMixin.FORMAT_CSV: yes_no,
        },
        # XLSX needs no guard: Wagtail writes every text cell as a string, never a formula.
        str: {SpreadsheetExportMixin.FORMAT_CSV: csv_safe},
    }

    @cached_property
    def can_export(self):
        return bool(self.export_permission) and self.request.user.has_perm(self.export_permission)

    @cached_property
    def show_export_buttons(self):
        return bool(self.list_export) and self.can_export

    def get(self, request, *args, **kwargs):
        if self.is_export and not self.can_export:
            return forbidden(request, self.export_refused_message)
        return super().get(request, *args, **kwargs)

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y%m%d}"

    def get_sheet_title(self):
        """The XLSX worksheet's name: the listing's own title, as staff see it."""
        return self.get_page_title()

    def write_xlsx(self, queryset, output):
        # Wagtail's export names the worksheet "Sheet1"; this one names it after the listing.
        from openpyxl import Workbook

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=sheet_title(self.get_sheet_title()))
        worksheet.append([self.get_heading(queryset, field) for field in self.list_export])
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            row = self.to_row_dict(item)
            worksheet.append(self.generate_xlsx_row(worksheet, row, date_format=date_format))
        workbook.save(output)

    def stream_csv(self, queryset):
        # A byte-order mark, so that Excel on Windows reads the Chinese as UTF-8.
        yield "\ufeff".encode()
        yield from super().stream_csv(queryset)


class ServiceOwnedViewSetMixin:
    """For a ModelViewSet whose records change only through an app's services: the listing, the
    inspect view (which links stand in for "edit") and export, but no add, edit, copy, delete
    or history views, and no permissions registered for what nobody may do by hand."""

    DISABLED_URL_NAMES = ("add", "edit", "copy", "delete", "history", "history_results", "usage")
    UNUSED_PERMISSIONS = ("delete",)

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in self.DISABLED_URL_NAMES:
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_form_class(self, for_update=False):
        return None

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in self.DISABLED_URL_NAMES
        ]

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_permissions_to_register(self):
        unused = [
            get_permission_codename(action, self.model_opts) for action in self.UNUSED_PERMISSIONS
        ]
        return super().get_permissions_to_register().exclude(codename__in=unused)
