"""What every public page shows around its content (site settings, the main menu, the root),
and the content version that cached page fragments are keyed on.

The chrome is built once and kept in the cache (Redis when several servers run, else a folder
every worker on the machine shares), so a page view spends its queries on its own content.
Publishing, unpublishing, moving or deleting a page, saving the site settings, saving, switching
or deleting a slogan, and any change to registrations move the content version on, which retires
the chrome, every fragment and every whole page (home.page_cache) cached under the old version
at once.
"""

import time

from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import SiteSettings, Slogan
from .selectors import live_public

CACHE_TIMEOUT = 60
_KEY = "qingfeng:chrome:{site_id}:{version}"
_VERSION_KEY = "qingfeng:content-version"


def content_version():
    version = cache.get(_VERSION_KEY)
    if version is None:
        # Start from the clock, so that a cache that lost the key never reuses an old version.
        cache.add(_VERSION_KEY, int(time.time() * 1000), None)
        version = cache.get(_VERSION_KEY)
    return version


def content_changed(**kwargs):
    """Retire everything cached under the current content version."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        content_version()
        return
    if isinstance(caches["default"], FileBasedCache):
        # Its incr stores the new value with the default timeout: keep it for good.
        cache.touch(_VERSION_KEY, None)


def _entry(page):
    return {
        "pk": page.pk,
        "title": page.title,
        "url": page.get_url(),
        "path": page.path,
        "depth": page.depth,
    }


def _build(site):
    settings = SiteSettings.for_site(site)
    root = site.root_page
    children = live_public(root.get_children().in_menu()).specific(defer=True)
    logo = None
    if settings.logo:
        logo = settings.logo.get_rendition("height-96|format-png")
        logo = {"url": logo.url, "width": logo.width, "height": logo.height}
    return {
        "settings": {
            field: getattr(settings, field)
            for field in (
                "community_name",
                "tagline",
                "address",
                "contact_phone",
                "office_hours",
                "icp_number",
            )
        },
        "logo": logo,
        "root": _entry(root),
        "menu": [_entry(page) for page in children],
    }


def site_chrome(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    version = content_version()
    key = _KEY.format(site_id=site.pk, version=version)
    chrome = cache.get(key)
    if chrome is None:
        chrome = {**_build(site), "version": version}
        cache.set(key, chrome, CACHE_TIMEOUT)
    return chrome


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(content_changed, dispatch_uid=f"qingfeng-content-{signal!r}")
post_delete.connect(content_changed, sender=Page, dispatch_uid="qingfeng-content-page-delete")


@receiver(post_save, sender=SiteSettings, dispatch_uid="qingfeng-content-settings")
@receiver(post_save, sender=Site, dispatch_uid="qingfeng-content-site")
def _settings_saved(created=False, **kwargs):
    # SiteSettings.for_site creates the row with its defaults on first use; nothing changed.
    if not created:
        content_changed()


@receiver(post_save, sender=Slogan, dispatch_uid="qingfeng-content-slogan-saved")
@receiver(post_delete, sender=Slogan, dispatch_uid="qingfeng-content-slogan-deleted")
def _slogan_changed(**kwargs):
    # The home page shows the slogan of the day and /slogans/ lists them; whole pages keep both.
    # After the commit (and after home.slogans forgets the day's choice), so that a page drawn
    # meanwhile cannot be kept under the new version with the old slogans.
    transaction.on_commit(content_changed)
