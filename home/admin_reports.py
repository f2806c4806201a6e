"""报表 → 网站历史 for the staff its menu item is shown to.

Wagtail shows the site-history report in the menu only to users who have pages to explore,
yet serves it to anyone who opens the admin. Here the screen follows its menu item: the door
volunteers (活动志愿者), who edit no pages, get a 403 like every other screen not theirs.
"""

from django.urls import path
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .admin_ui import forbidden


class SiteHistoryView(LogEntriesView):
    def dispatch(self, request, *args, **kwargs):
        if policy_registry.get_by_type(Page).explorable_root_instance(request.user) is None:
            return forbidden(request, _("The site history is for staff who edit the site's pages."))
        return super().dispatch(request, *args, **kwargs)


# Ahead of Wagtail's admin URLs in the URLconf, at the same paths.
urlpatterns = [
    path("reports/site-history/", require_admin_access(SiteHistoryView.as_view())),
    path(
        "reports/site-history/results/",
        require_admin_access(SiteHistoryView.as_view(results_only=True)),
    ),
]
