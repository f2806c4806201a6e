"""Words the quiz's staff screens and exports share."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PASS_HEADING = gettext_lazy("Pass or fail")


def pass_or_fail(passed):
    """合格 or 不合格, for a table cell or an exported row."""
    return _("Pass") if passed else _("Fail")
