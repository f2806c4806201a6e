"""Extension points that let other apps add to home pages without home importing them."""

from wagtail import hooks

HOME_SECTIONS_HOOK = "qingfeng_home_sections"


def home_sections(request, page):
    """HTML fragments registered by other apps (e.g. upcoming events), in registration order."""
    return [fn(request, page) for fn in hooks.get_hooks(HOME_SECTIONS_HOOK)]


# Apps register a function (cutoffs: home.purge.Cutoffs) -> [home.purge.PurgeKind] that
# declares their kinds of personal data due for removal; manage.py purge_personal_data runs them.
PURGE_HOOK = "qingfeng_purge_personal_data"
