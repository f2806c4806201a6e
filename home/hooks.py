"""Extension points that let other apps add to home pages without home importing them."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.models import Page

from .selectors import attach_card_renditions, live_public

HOME_SECTIONS_HOOK = "qingfeng_home_sections"


@dataclass(frozen=True)
class HomeSection:
    """A list another app adds to the home page (upcoming events, say), drawn from ``template``
    with ``context``. ``cards`` are its pages with a cover, read with ``select_related("image")``:
    the home page reads the card renditions of every list it shows in one query."""

    template: str
    context: dict
    cards: list = field(default_factory=list)


def home_lists(request, page, notices, articles):
    """The home page's lists: its own (``notices``, ``articles``, evaluated here) and the
    sections of other apps, registered as functions (request, page) -> HomeSection and drawn in
    registration order. Called inside the page's cached fragment only."""
    notices, articles = list(notices), list(articles)
    sections = [fn(request, page) for fn in hooks.get_hooks(HOME_SECTIONS_HOOK)]
    attach_card_renditions(articles, *(section.cards for section in sections))
    drawn = [
        render_to_string(section.template, {**section.context, "request": request})
        for section in sections
    ]
    return {"notices": notices, "sections": drawn, "articles": articles}


# Apps register a function (cutoffs: home.purge.Cutoffs) -> [home.purge.PurgeKind] that
# declares their kinds of personal data due for removal; manage.py purge_personal_data runs them.
PURGE_HOOK = "qingfeng_purge_personal_data"


# The front page's task tiles (活动报名, 线上答题 …): apps register a TileSource, whose tiles the
# home page draws inside a cached fragment.
HOME_TASKS_HOOK = "qingfeng_home_tasks"

# The order residents meet them in, and the icon each one gets (home/includes/tasks_icon.html).
TASK_ORDER = ("events", "quiz", "suggest", "track", "reception", "my_registrations")


@dataclass(frozen=True)
class HomeTask:
    key: str  # one of TASK_ORDER: the tile's place and icon
    label: str
    url: str


@dataclass(frozen=True)
class TileSource:
    """An app's tiles: ``tiles(request, pages)`` -> [HomeTask], a tile only while it has something
    to offer. ``pages`` holds, for each of ``page_types``, its live public pages below the home
    page in tree order, each with ``has_live_below`` (whether a live page sits under it). The
    pages of every app are read in one query; ``tiles`` may query more, a fixed number of times."""

    page_types: tuple
    tiles: Callable


def _pages_for_tiles(page, page_types):
    """The live public pages of ``page_types`` below ``page``, grouped by type, in one query."""
    of_type = Q()
    for model in page_types:
        of_type |= Q(content_type__app_label=model._meta.app_label) & Q(
            content_type__model=model._meta.model_name
        )
    live_below = Page.objects.live().filter(
        path__startswith=OuterRef("path"), depth__gt=OuterRef("depth")
    )
    found = (
        live_public(Page.objects.descendant_of(page))
        .filter(of_type)
        .annotate(has_live_below=Exists(live_below))
        .select_related("content_type")
        .order_by("path")
    )
    pages = {model: [] for model in page_types}
    for row in found:
        model = row.content_type.model_class()
        if model in pages:
            pages[model].append(row)
    return pages


def home_tasks(request, page):
    """The tiles of every app, in TASK_ORDER (tiles of keys it does not know come last)."""
    sources = hooks.get_hooks(HOME_TASKS_HOOK)
    if not sources:
        return []
    pages = _pages_for_tiles(page, {model for source in sources for model in source.page_types})
    tiles = [
        tile
        for source in sources
        for tile in source.tiles(request, {model: pages[model] for model in source.page_types})
    ]
    rank = {key: number for number, key in enumerate(TASK_ORDER)}
    return sorted(tiles, key=lambda tile: rank.get(tile.key, len(rank)))
