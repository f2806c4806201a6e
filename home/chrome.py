"""What every public page shows around its content (site settings, the main menu, the root),
and the content version that cached page fragments are keyed on.

The chrome is built once and kept in the cache (Redis when several servers run, else a folder
every worker on the machine shares), so a page view spends its queries on its own content.
Publishing, unpublishing, moving or deleting a page, adding or lifting a view restriction,
saving the site settings, saving, switching or deleting a slogan, and any change to
registrations move the content version on (home.versions), which retires the chrome, every
fragment and every whole page (home.page_cache) cached under the old version at once.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import versions
from .models import SiteSettings, Slogan
from .routing import menu_read_while_routing
from .selectors import live_public

CACHE_TIMEOUT = 60
_KEY = "qingfeng:chrome:{site_id}:{version}"


def content_version():
    return versions.current(versions.CONTENT)


def content_changed(**kwargs):
    """Retire everything cached under the current content version, and every read over the
    pages (home.versions.Kept)."""
    versions.move(versions.CONTENT, versions.PAGES)


def seats_changed():
    """Retire the kept pages and fragments, which show the seats left; the reads over the pages
    stay (seats change neither a listing nor search)."""
    versions.move(versions.CONTENT)


LOGO_RENDITION = "height-96|format-png"
_SETTINGS_FIELDS = (
    "community_name",
    "tagline",
    "address",
    "contact_phone",
    "office_hours",
    "icp_number",
)


def _entry(page, root):
    """Title and address of a page of this site; its URL from the paths alone, as Wagtail's
    relative URL of a page under the site's root page is."""
    return {
        "pk": page.pk,
        "title": page.title,
        "url": "/" + page.url_path[len(root.url_path) :],
        "path": page.path,
        "depth": page.depth,
    }


def _settings(site):
    """The site settings with the logo's rendition, in one query (the rendition's file, width
    and height read beside the settings); the rendition is made only where it is missing."""
    rendition = get_image_model().get_rendition_model()
    made = rendition.objects.filter(
        image_id=OuterRef("logo_id"), filter_spec=LOGO_RENDITION
    ).order_by("-pk")
    settings = (
        SiteSettings.objects.filter(site=site)
        .annotate(
            logo_file=Subquery(made.values("file")[:1]),
            logo_width=Subquery(made.values("width")[:1]),
            logo_height=Subquery(made.values("height")[:1]),
        )
        .first()
    )
    if settings is None:  # the first view of a new site creates the row with its defaults
        return SiteSettings.for_site(site), None
    if settings.logo_id is None:
        return settings, None
    if settings.logo_file:
        url = rendition(file=settings.logo_file).url
        return settings, {"url": url, "width": settings.logo_width, "height": settings.logo_height}
    made = settings.logo.get_rendition(LOGO_RENDITION)
    return settings, {"url": made.url, "width": made.width, "height": made.height}


def _build(site, request):
    settings, logo = _settings(site)
    root = site.root_page
    # A page found by home.routing read the menu's pages with the pages on its path.
    children = menu_read_while_routing(request, root.pk)
    if children is None:
        children = live_public(root.get_children().in_menu()).only(
            "pk", "title", "url_path", "path", "depth"
        )
    return {
        "settings": {field: getattr(settings, field) for field in _SETTINGS_FIELDS},
        "logo": logo,
        "root": _entry(root, root),
        "menu": [_entry(page, root) for page in children],
    }


def site_chrome(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    version = content_version()
    key = _KEY.format(site_id=site.pk, version=version)
    chrome = cache.get(key)
    if chrome is None:
        chrome = {**_build(site, request), "version": version}
        cache.set(key, chrome, CACHE_TIMEOUT)
    return chrome


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(content_changed, dispatch_uid=f"qingfeng-content-{signal!r}")
post_delete.connect(content_changed, sender=Page, dispatch_uid="qingfeng-content-page-delete")
# A restriction added or lifted decides who may see a page and its place in listings and search.
for signal in (post_save, post_delete):
    signal.connect(
        content_changed,
        sender=PageViewRestriction,
        dispatch_uid=f"qingfeng-content-restriction-{signal!r}",
    )


@receiver(post_save, sender=SiteSettings, dispatch_uid="qingfeng-content-settings")
def _settings_saved(created=False, **kwargs):
    # SiteSettings.for_site creates the row with its defaults on first use; nothing changed.
    if not created:
        content_changed()


# A site added, changed or removed: the sites kept for routing (home.sites) are read again.
post_save.connect(content_changed, sender=Site, dispatch_uid="qingfeng-content-site")
post_delete.connect(content_changed, sender=Site, dispatch_uid="qingfeng-content-site-deleted")


@receiver(post_save, dispatch_uid="qingfeng-pages-saved")
def _page_saved(instance, **kwargs):
    """A page saved in any way (a draft, a new page, a lock, a script): the reads kept over the
    pages (routes, listings) are read again. What visitors see changes with publishing alone."""
    if isinstance(instance, Page):
        versions.move(versions.PAGES)


@receiver(post_save, sender=Slogan, dispatch_uid="qingfeng-content-slogan-saved")
@receiver(post_delete, sender=Slogan, dispatch_uid="qingfeng-content-slogan-deleted")
def _slogan_changed(**kwargs):
    # The home page shows the slogan of the day and /slogans/ lists them; whole pages keep both.
    # After the commit (and after home.slogans forgets the day's choice), so that a page drawn
    # meanwhile cannot be kept under the new version with the old slogans.
    transaction.on_commit(content_changed)
