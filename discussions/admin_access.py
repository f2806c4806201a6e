"""Who may open the discussions screens of the admin, and what a refusal looks like.

Every screen checks one named permission, and its menu item shows only to holders of it:
the suggestion queue ``discussions.view_suggestion`` (changing a case
``discussions.handle_suggestion``), the meeting records the page permission
``wagtailcore.change_page`` (the records are pages, written in the page editor). A refusal is
a 403 page that says why, not Wagtail's redirect to the dashboard, so that a volunteer who
follows a link sees plainly that the screen is not theirs.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.admin_ui import forbidden

# The page permission policy's action for wagtailcore.change_page.
EDIT_PAGES = "change"
# 设置 → 意见建议办理时限 (Wagtail's settings screen, answered with a 403 here when refused).
SETTINGS_PERMISSION = "discussions.change_suggestionsettings"

page_policy = PagePermissionPolicy()


def can_edit_pages(user):
    """Whether ``user`` may edit pages somewhere in the tree (编辑 and 审核 may)."""
    return page_policy.user_has_permission(user, EDIT_PAGES)


class RefusedWith403Mixin:
    """For an admin view: a refused permission answers 403 with ``refused_message``."""

    refused_message = _("This screen is not open to your account. Ask the office if you need it.")

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request, str(self.refused_message))
