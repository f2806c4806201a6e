"""The suggestion queue in the Wagtail admin (意见建议办理).

Staff find cases in the listing (filters, search, and an export for those allowed to see phone
numbers), work each one on its case screen, and see on the dashboard what waits for them.
Like the public views, these only translate: every change is a call into discussions.services,
and a SuggestionError becomes a message on the page (status 400), never a 500.
"""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from home.admin_ui import ServiceOwnedViewSetMixin

from ..models import Suggestion
from .case import SuggestionCaseView
from .common import MENU_LABEL, policy
from .dashboard import SuggestionQueuePanel
from .listing import SuggestionIndexView


class SuggestionViewSet(ServiceOwnedViewSetMixin, ModelViewSet):
    """Staff read, export and work cases here; every write goes through discussions.services."""

    model = Suggestion
    name = "suggestions"
    url_prefix = "suggestions"
    icon = "comment"
    menu_label = MENU_LABEL
    menu_order = 140
    add_to_admin_menu = True
    index_view_class = SuggestionIndexView
    inspect_view_class = SuggestionCaseView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Cases are not content: no reference index rows, no "usage" pages.
    add_to_reference_index = False
    list_per_page = 50
    ordering = "-submit_time"
    export_filename = "suggestions"

    # A case changes only through the services: staff need no add or change permission.
    UNUSED_PERMISSIONS = ("add", "change", "delete")


@hooks.register("register_admin_viewset")
def register_suggestion_queue():
    return SuggestionViewSet()


@hooks.register("construct_homepage_panels")
def add_suggestion_queue_panel(request, panels):
    if policy.user_has_permission(request.user, "view"):
        panels.append(SuggestionQueuePanel())
