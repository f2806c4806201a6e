"""The site of a request, its home page and every site's root path, read in one query.

Wagtail finds the site of a request in one query (the sites whose host matches), the site's
home page in a second (its specific row), and the root paths that every page address is built
from in a third (every site, kept for an hour in the shared cache). A page view needs all
three, and a cold one pays for all three. Here a middleware reads every site with its root
page, that page's home-page row and its locale in one query, chooses the site as Wagtail
chooses it, and leaves the three answers where Wagtail looks for them on the request. A site
is a row or two, so reading them all costs no more than reading the one.

The sites are kept until the pages or the sites change (home.versions.Kept), so that a worker
reads them once and not on every request; each request gets its own copy.

It runs after the page cache, so a page served whole spends nothing; not for the admin, which
finds its site in its own way, nor for files and the health check.
"""

from django.conf import settings
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import SiteRootPath

from . import versions
from .models import HomePage

SITES = versions.Kept("sites", size=1, shared=False, copies=True)

# Wagtail's order of preference (wagtail.models.sites.get_site_for_hostname).
HOSTNAME_AND_PORT, HOSTNAME_AND_DEFAULT, DEFAULT, HOSTNAME = range(4)


def _match(site, hostname, port):
    if site.hostname == hostname:
        if site.port == port:
            return HOSTNAME_AND_PORT
        return HOSTNAME_AND_DEFAULT if site.is_default_site else HOSTNAME
    return DEFAULT if site.is_default_site else None


def choose(sites, hostname, port):
    """The site answering ``hostname``:``port``, by Wagtail's rules: the site with that host and
    port; else the default site if it has that host; else the only site with that host; else
    the default site; ``None`` when none fits."""
    ranked = sorted(
        ((rank, site) for site in sites if (rank := _match(site, hostname, port)) is not None),
        key=lambda pair: pair[0],
    )
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (HOSTNAME_AND_PORT, HOSTNAME_AND_DEFAULT):
        return ranked[0][1]
    if ranked[0][0] == DEFAULT:
        # The default site, unless exactly one other site has the host asked for.
        return ranked[len(ranked) == 2][1]
    return None


def root_paths(sites):
    """Every site's root path, most specific first, as Site.get_site_root_paths gives them."""
    ordered = sorted(sites, key=lambda site: site.hostname)
    ordered.sort(key=lambda site: site.is_default_site, reverse=True)
    ordered.sort(key=lambda site: site.root_page.url_path, reverse=True)
    return [
        SiteRootPath(
            site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code
        )
        for site in ordered
    ]


def _keep_home_page(site):
    """The home page read with the site is the root page's specific page: routing starts there."""
    root = site.root_page
    try:
        home = root.homepage
    except HomePage.DoesNotExist:
        return  # another kind of root page: Wagtail reads its specific row itself
    home.locale = root.locale
    root.specific = home


def read_sites(request):
    """Leave the request's site and every site's root path on the request, for Wagtail."""
    sites = SITES.get(
        "sites",
        lambda: list(Site.objects.select_related("root_page__homepage", "root_page__locale")),
    )
    hostname = split_domain_port(request._get_raw_host())[0]
    try:
        port = int(request.get_port())
    except ValueError:
        port = None
    site = choose(sites, hostname, port)
    if site is not None:
        _keep_home_page(site)
    request._wagtail_site = site
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        # With translations each site has a root path per language: Wagtail reads them.
        request._wagtail_cached_site_root_paths = root_paths(sites)


class SitesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The admin, files and the health check do not show pages of a site.
        self.skipped = ("/admin/", settings.MEDIA_URL, settings.STATIC_URL, "/healthz")

    def __call__(self, request):
        if not request.path_info.startswith(self.skipped):
            read_sites(request)
        return self.get_response(request)
