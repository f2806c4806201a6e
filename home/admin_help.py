"""The admin's help menu: the office's own staff handbook (使用说明) instead of Wagtail's online
editor guide and release notes, which are in English and fetched from outside."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

HANDBOOK_URL_NAME = "home_staff_handbook"
# Wagtail's help menu items that lead to its English pages on the internet.
WAGTAIL_GUIDE_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


class HandbookView(WagtailAdminTemplateMixin, TemplateView):
    """Open to every staff member who may use the admin (register_admin_urls requires that)."""

    template_name = "home/admin/handbook.html"
    page_title = _("Staff handbook")
    header_icon = "help"
    http_method_names = ["get", "head"]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


def handbook_menu_item():
    return MenuItem(
        _("Staff handbook"),
        reverse_lazy(HANDBOOK_URL_NAME),
        name="staff-handbook",
        icon_name="help",
        order=900,
    )


def without_wagtail_guide(menu_items):
    """The help menu without the links to Wagtail's online guide and release notes."""
    return [item for item in menu_items if not item.name.startswith(WAGTAIL_GUIDE_ITEMS)]
