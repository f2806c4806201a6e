"""The queue's viewset: the listing, the case screen and the export under one menu item."""

from wagtail.admin.viewsets.model import ModelViewSet

from home.admin_ui import ServiceOwnedViewSetMixin

from ..models import Suggestion
from .case import SuggestionCaseView
from .common import MENU_LABEL
from .listing import SuggestionIndexView


class SuggestionViewSet(ServiceOwnedViewSetMixin, ModelViewSet):
    """Staff read, export and work cases here; every write goes through the services."""

    model = Suggestion
    name = "suggestions"
    url_prefix = "suggestions"
    icon = "comment"
    menu_label = MENU_LABEL
    index_view_class = SuggestionIndexView
    inspect_view_class = SuggestionCaseView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Cases are not content: no reference index rows, no "usage" pages.
    add_to_reference_index = False
    list_per_page = 50
    # The work in the order it is due: overdue first, finished cases last (see the listing).
    ordering = "deadline"
    export_filename = "suggestions"

    # A case changes only through the services: staff need no add or change permission.
    UNUSED_PERMISSIONS = ("add", "change", "delete")
