"""Page routing in a fixed number of queries, whatever the depth of the page.

Wagtail routes a path one level at a time: for each slug, the child page (one query) and then
its specific page (another), so an article costs four queries before its own content is read,
and the view-restriction check then reads the ancestors once more. Here the home page reads
every page on the path in one query (the pages below it whose slug is on the path, plus
its own ancestors), walks them in memory, and fetches only the last page's specific
row, its cover image joined. The pages read on the way are kept on the page, so that the
view-restriction check and the breadcrumbs need no query of their own.

The pages read on the way, and the specific page at the end, are kept until the pages change
(home.versions.Kept): a worker reads them once per address, and each request gets its own copy.

A routable page on the way keeps its sub-routes: where the rest of the path is one of its
routes (an event's ``quiz/``), routing is handed to the page itself as Wagtail would.
"""

from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.images.models import Filter
from wagtail.models import Page, PageViewRestriction

from . import versions

# The pages read on the way to a page, root first, its parent last.
ANCESTORS = "_route_ancestors"
# The ids of the pages read on the way (and of the page itself) that carry a view restriction.
RESTRICTED = "_route_restricted"
# On the request: the live public pages of the main menu, read with the pages on the path.
MENU = "_route_menu_pages"
# The pages on the way to the addresses this worker answered last, and the pages it showed.
ROUTES = versions.Kept("route", size=256, shared=False, copies=True)
SPECIFIC = versions.Kept("page", size=64, shared=False, copies=True)


def _with_restriction_flag(pages):
    """Whether each page carries a view restriction of its own, read in the same query."""
    return pages.annotate(
        has_restriction=Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk")))
    )


def _own_ancestor_paths(page):
    steplen = page.steplen
    return [page.path[:end] for end in range(steplen, len(page.path), steplen)]


def _menu_pages(start):
    """The children of ``start`` shown in the main menu (home.chrome keeps only the public
    ones), to be read in the same query as the pages on the path."""
    # The children's paths as a range on the path index, as treebeard finds children: a
    # prefix match (LIKE) cannot use the index on SQLite and read every page of the site.
    first, last = start.alphabet[0] * start.steplen, start.alphabet[-1] * start.steplen
    return Page.objects.filter(
        path__range=(start.path + first, start.path + last),
        depth=start.depth + 1,
        show_in_menus=True,
        live=True,
    )


def _keep_menu(request, start, rows):
    """Leave the main menu's public pages on the request, for home.chrome to build it from."""
    if request is None or any(row.has_restriction for row in rows if row.depth <= start.depth):
        return  # a restriction above the menu: home.chrome reads the menu itself
    menu = [
        row
        for row in rows
        if row.depth == start.depth + 1
        and row.show_in_menus
        and row.live
        and not row.has_restriction
        and row.path.startswith(start.path)
    ]
    setattr(request, MENU, (start.pk, menu))


def menu_read_while_routing(request, root_pk):
    """The main menu's pages below the page ``root_pk`` if routing read them, else ``None``."""
    found = getattr(request, MENU, None)
    if found is None or found[0] != root_pk:
        return None
    return found[1]


def route_home(page, request=None):
    """Mark the site's root page as routed: its ancestors and their restrictions, with the main
    menu's pages, in one query."""
    rows = ROUTES.get(
        ("home", page.pk, page.path),
        lambda: list(
            _with_restriction_flag(
                Page.objects.filter(path__in=[*_own_ancestor_paths(page), page.path])
                | _menu_pages(page)
            ).order_by("path")
        ),
    )
    setattr(page, ANCESTORS, [row for row in rows if row.depth < page.depth])
    setattr(page, RESTRICTED, {row.pk for row in rows if row.has_restriction})
    _keep_menu(request, page, rows)


def _handles_rest(page, components):
    """Whether a page on the way answers the rest of the path itself (a sub-route)."""
    model = page.specific_class
    if model is None:
        return False
    if issubclass(model, RoutablePageMixin):
        if not page.live:
            return False
        try:
            model.get_resolver().resolve("/" + "/".join(components) + "/")
        except Http404:
            return False
        return True
    # Any other page type that routes in its own way is left to do so.
    return model.route is not Page.route


# The cover as base.html's sharing tags show it: every page with a cover asks for it.
SHARING_RENDITION = "fill-1200x630|format-jpeg"


def _renditions_if_cold(image):
    """Every rendition of the cover in one query when the shared cache holds not even the one
    every page shows (it was emptied, or the content changed long ago); else none, the cache
    answers each."""
    rendition = image.get_rendition_model()
    spec = Filter(spec=SHARING_RENDITION)
    key = rendition.construct_cache_key(image, spec.get_cache_key(image), spec.spec)
    if rendition.cache_backend.get(key) is None:
        prefetch_related_objects([image], "renditions")


def _joins_image(model):
    return any(field.name == "image" and field.is_relation for field in model._meta.fields)


def _read_specific(model, pk):
    query = model._default_manager.all()
    if _joins_image(model):
        query = query.select_related("image")
    return query.filter(pk=pk).first()


def specific_for_route(page, request):
    """The specific page, its cover image joined (read by the page and its sharing tags)."""
    model = page.specific_class
    if model is None or model is type(page):
        return page
    specific = SPECIFIC.get((page.pk, model._meta.label), lambda: _read_specific(model, page.pk))
    if specific is None:
        raise Http404  # deleted since the pages on the way were read
    shown = getattr(request, "method", "GET") in ("GET", "HEAD")
    if shown and _joins_image(model) and specific.image is not None:
        _renditions_if_cold(specific.image)
    if getattr(page, "_cached_parent_obj", None) is not None:
        specific._cached_parent_obj = page._cached_parent_obj
    return specific


def _rows_on_the_way(start, components):
    """The pages that may be on the way from ``start`` to ``components``, in path order.

    By slug, which is indexed (url_path is not); pages elsewhere with the same slug are left
    out by the walk in route_below, which follows the tree by path. Each row says whether it
    carries a view restriction, so that the check after routing needs no query of its own;
    the main menu's pages come with them.
    """
    rows = (
        Page.objects.filter(
            slug__in=set(components),
            path__startswith=start.path,
            depth__gt=start.depth,
            depth__lte=start.depth + len(components),
        )
        | Page.objects.filter(path__in=[*_own_ancestor_paths(start), start.path])
        | _menu_pages(start)
    )
    return sorted(_with_restriction_flag(rows), key=lambda page: page.path)


def route_below(start, request, components):
    """Route ``components`` (the path split on /) below ``start``, a specific page."""
    rows = ROUTES.get(
        ("below", start.pk, start.path, components), lambda: _rows_on_the_way(start, components)
    )
    restricted = {page.pk for page in rows if page.has_restriction}
    _keep_menu(request, start, rows)
    chain = [page for page in rows if page.depth < start.depth] + [start]
    below = {page.path: page for page in rows if page.depth > start.depth}

    current = start
    for index, slug in enumerate(components):
        if current is not start and _handles_rest(current, components[index:]):
            page = specific_for_route(current, request)
            setattr(page, ANCESTORS, chain[:-1])
            setattr(page, RESTRICTED, restricted)
            return page.route(request, components[index:])
        child = next(
            (
                page
                for path, page in below.items()
                if page.depth == current.depth + 1
                and path.startswith(current.path)
                and page.slug == slug
            ),
            None,
        )
        if child is None:
            raise Http404
        # Wagtail's routing leaves the specific parent on the page (views call get_parent() for
        # it); its own fields are read only if a view asks for one.
        child._cached_parent_obj = current if current is start else current.specific_deferred
        chain.append(child)
        current = child

    page = specific_for_route(current, request)
    setattr(page, ANCESTORS, chain[:-1])
    setattr(page, RESTRICTED, restricted)
    return page.route(request, [])


def view_restrictions(page):
    """The restrictions on a routed page and its ancestors, read in one query; ``None`` when
    the page was not routed here (or an alias is on the way), so Wagtail's own check runs."""
    ancestors = getattr(page, ANCESTORS, None)
    if ancestors is None or any(p.alias_of_id for p in [*ancestors, page]):
        return None
    on_the_way = [p.pk for p in [*ancestors, page]]
    restricted = getattr(page, RESTRICTED, None)
    if restricted is not None and not restricted.intersection(on_the_way):
        return []  # routing read that none of them is restricted
    return PageViewRestriction.objects.filter(page_id__in=on_the_way)


def routed_ancestors(page):
    """The ancestors read while routing to this page, or ``None``."""
    return getattr(page, ANCESTORS, None)
