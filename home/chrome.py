"""What every public page shows around its content: site settings, the main menu, the root.

Built once and kept in the cache (Redis when several servers run), so a page view spends its
queries on its own content. Publishing, unpublishing, moving or deleting a page and saving the
site settings clear it; the timeout bounds staleness on a per-process cache.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import SiteSettings

CACHE_TIMEOUT = 60
_KEY = "qingfeng:chrome:{site_id}"


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
    children = root.get_children().live().public().in_menu().specific(defer=True)
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
    key = _KEY.format(site_id=site.pk)
    chrome = cache.get(key)
    if chrome is None:
        chrome = _build(site)
        cache.set(key, chrome, CACHE_TIMEOUT)
    return chrome


def clear_chrome(**kwargs):
    cache.delete_many([_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)])


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(clear_chrome, dispatch_uid=f"qingfeng-chrome-{signal!r}")
post_delete.connect(clear_chrome, sender=Page, dispatch_uid="qingfeng-chrome-page-delete")


@receiver(post_save, sender=SiteSettings, dispatch_uid="qingfeng-chrome-settings")
@receiver(post_save, sender=Site, dispatch_uid="qingfeng-chrome-site")
def _settings_saved(**kwargs):
    clear_chrome()
