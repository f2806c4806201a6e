from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.pages import PageListingViewSet

from .admin_help import (
    HANDBOOK_URL_NAME,
    HandbookView,
    handbook_menu_item,
    without_wagtail_guide,
)
from .admin_messages import FailedMessagesPanel, MessageViewSet
from .admin_pages import ChinesePageViewSet, with_chinese_autocomplete
from .admin_slogans import SloganViewSet
from .admin_ui import (
    ChineseSearchMixin,
    LocalDateColumn,
    PageEditorsMenuItem,
    PageEditorsOnlyMixin,
)
from .demo import DEMO_HOOK
from .hooks import PURGE_HOOK
from .login_locks import URL_NAME as LOGIN_LOCKS_URL_NAME
from .login_locks import LoginLocksView, login_locks_menu_item
from .models import NoticePage
from .purge import home_kinds
from .two_factor import SETUP_URL_NAME, VERIFY_URL_NAME
from .two_factor_views import TwoFactorPanel, TwoFactorView, VerifyView
from .verification.dashboard import VerificationBudgetPanel


class NoticeWindowColumn(Column):
    """公示中 / 已结束 with the days left, as residents see it."""

    cell_template_name = "home/admin/notice_window_cell.html"

    def get_value(self, instance):
        return instance


class NoticeIndexView(
    PageEditorsOnlyMixin, ChineseSearchMixin, PageListingViewSet.index_view_class
):
    pass


class NoticeListingViewSet(PageListingViewSet):
    model = NoticePage
    index_view_class = NoticeIndexView
    icon = "warning"
    menu_label = _("Notices")
    menu_order = 110
    add_to_admin_menu = True
    menu_item_class = PageEditorsMenuItem
    columns = [
        *PageListingViewSet.columns,
        BooleanColumn("pinned", label=_("Pinned")),
        LocalDateColumn("date", label=_("Date")),
        NoticeWindowColumn("notice_window", label=_("Public notice period")),
    ]


@hooks.register("register_admin_viewset")
def register_notice_listing():
    return NoticeListingViewSet("notices")


@hooks.register("insert_global_admin_css")
def admin_css():
    # One stylesheet for every admin screen of the project's apps; no inline <style> blocks.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_admin_viewset")
def register_message_log():
    return MessageViewSet()


@hooks.register(PURGE_HOOK)
def purge_home_records(cutoffs):
    return home_kinds(cutoffs)


@hooks.register("construct_homepage_panels")
def add_verification_budget_panel(request, panels):
    if (panel := VerificationBudgetPanel.if_needed()) is not None:
        panels.append(panel)


# --- The admin in Chinese (home.admin_pages, home.admin_help) ---------------------------------


@hooks.register("register_admin_viewset")
def register_chinese_page_search():
    # After Wagtail's own base page viewset (order -1), which this one replaces for Page.
    return ChinesePageViewSet()


@hooks.register("construct_page_chooser_queryset")
def search_chooser_pages_in_chinese(pages, request):
    return with_chinese_autocomplete(pages)


@hooks.register("register_admin_urls")
def register_handbook_url():
    return [path("handbook/", HandbookView.as_view(), name=HANDBOOK_URL_NAME)]


@hooks.register("register_help_menu_item")
def register_handbook_menu_item():
    return handbook_menu_item()


@hooks.register("construct_help_menu")
def remove_wagtail_guide(request, menu_items):
    menu_items[:] = without_wagtail_guide(menu_items)


@hooks.register("construct_homepage_panels")
def add_failed_messages_panel(request, panels):
    if (panel := FailedMessagesPanel.for_user(request.user)) is not None:
        panels.append(panel)


# --- Staff sign-in: unlocking and two-step verification (home.login_locks, home.two_factor) ---


@hooks.register("register_admin_urls")
def register_sign_in_urls():
    return [
        path("login-locks/", LoginLocksView.as_view(), name=LOGIN_LOCKS_URL_NAME),
        path("two-factor/", TwoFactorView.as_view(), name=SETUP_URL_NAME),
        path("two-factor/verify/", VerifyView.as_view(), name=VERIFY_URL_NAME),
    ]


@hooks.register("register_settings_menu_item")
def register_login_locks_menu_item():
    return login_locks_menu_item()


@hooks.register("register_account_settings_panel")
def register_two_factor_panel(request, user, profile):
    return TwoFactorPanel(request, user, profile)


# --- Bulletin-board slogans (home.slogans, home.admin_slogans) ---------------------------------


@hooks.register("register_admin_viewset")
def register_slogans():
    return SloganViewSet()


@hooks.register(DEMO_HOOK)
def load_slogans_demo(home, images, today):
    from .demo_slogans import load

    return load()
