"""Wagtail's own admin text, worded for this office's staff.

The project's catalogue (locale/) comes first on LOCALE_PATHS, so its translations of these
Wagtail msgids win over Wagtail's: a live page reads 已发布 rather than 在用, the forms
listing's "Origin" column reads 表单类型, and no text names "Wagtail". They are listed here so
that ``make messages`` finds them in the project and keeps them in the catalogue.
"""

from django.utils.translation import gettext_noop

WAGTAIL_WORDING = [
    # Page states in listings and the status side panel.
    gettext_noop("live"),
    gettext_noop("Live"),
    gettext_noop("live + scheduled"),
    gettext_noop("live + draft"),
    gettext_noop("View live"),
    # The forms listing: the column that names each form's page type.
    gettext_noop("Origin"),
    # The group editing screen and the account settings.
    gettext_noop("Can access Wagtail admin"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    # The page editor's help for the slug.
    gettext_noop(
        "The name of the page as it will appear in URLs e.g http://domain.com/blog/[my-slug]/"
    ),
]
