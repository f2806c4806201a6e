"""Reads that listings share. Each returns a query whose cost does not grow with its length.

The page models call these with their own pages (``ArticlePage.objects.descendant_of(self)``),
so this module imports none of them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.query import PageQuerySet

from .search import build_query, title_matches
from .search_index import ordered_hits

# A card's cover in the formats its <picture> offers: WebP, and JPEG for old browsers. Not AVIF:
# its encoder leaves about 10 MB in the app server process that makes a rendition.
CARD_RENDITIONS = [f"fill-240x160|format-{kind}" for kind in ("webp", "jpeg")]


def live_public(queryset):
    """Live pages with no view restriction on themselves or an ancestor.

    Wagtail's ``public()`` reads every restriction in a query of its own each time it is
    called; this asks the same question inside the listing's own query.
    """
    # The restricted page's path is read by its id inside the restriction's row, not joined:
    # with the restrictions as the only table of the subquery, SQLite reads those few rows,
    # whereas a join lets its planner (once ANALYZE has run on an empty restrictions table)
    # scan every page for each page listed, seconds on a deep page.
    restricted_path = Page.objects.filter(pk=OuterRef("page_id")).values("path")[:1]
    restricted = PageViewRestriction.objects.annotate(restricted_path=restricted_path).filter(
        restricted_path=Substr(OuterRef("path"), 1, Length("restricted_path"))
    )
    return queryset.live().exclude(Exists(restricted))


def with_card_images(queryset):
    """Cover image joined, card renditions in one more query for the whole listing."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITIONS)
    )
    return queryset.select_related("image").prefetch_related(
        Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )


def attach_card_renditions(*page_lists):
    """Card renditions for the cover images of several evaluated lists, in one query.

    For pages listed with ``select_related("image")``: where a view shows two lists (upcoming
    and past events, say), one query serves both instead of one prefetch each.
    """
    images = {}
    for pages in page_lists:
        for page in pages:
            if page.image_id:
                page.image.prefetched_renditions = []
                images.setdefault(page.image_id, []).append(page.image)
    if not images:
        return
    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(image_id__in=images, filter_spec__in=CARD_RENDITIONS)
    )
    for rendition in renditions:
        # The rendition's own image is read for its alt text: give it, do not fetch it.
        rendition.image = images[rendition.image_id][0]
        for image in images[rendition.image_id]:
            image.prefetched_renditions.append(rendition)


def article_listing(articles: PageQuerySet, tag: str = "") -> PageQuerySet:
    articles = with_card_images(live_public(articles).defer_streamfields()).order_by("-date", "-pk")
    if tag:
        articles = articles.filter(tags__name=tag)
    return articles


def tag_cloud(articles: PageQuerySet) -> QuerySet[Tag]:
    """Tags used by the live ones of these articles, most used first."""
    article_ids = live_public(articles).values("pk")
    return (
        Tag.objects.filter(home_articlepagetag_items__content_object__in=article_ids)
        .annotate(uses=Count("home_articlepagetag_items"))
        .order_by("-uses", "name")[:30]
    )


def notice_listing(notices: PageQuerySet) -> PageQuerySet:
    return live_public(notices).defer_streamfields().order_by("-pinned", "-date", "-pk")


def pinned_notices(notices: PageQuerySet, limit: int) -> PageQuerySet:
    # Lazy: the home template evaluates it only when its cached fragment has expired.
    return notice_listing(notices)[:limit]


def latest_articles(articles: PageQuerySet, limit: int) -> PageQuerySet:
    # The covers' renditions are read with the home page's other lists (home.hooks.home_lists).
    return article_listing(articles).prefetch_related(None)[:limit]


def related_articles(article: Page, limit: int = 3, preview: bool = False) -> list[Page]:
    """Articles the editor chose; without a choice, the newest sharing a tag with this one.

    A published article reads both in one query (the chosen ones first, in their order); a
    preview shows the choices and tags in its form, which are not saved yet.
    """
    if preview or article.pk is None:
        return _related_in_form(article, limit)
    links = article.related_links.model.objects.filter(
        page_id=article.pk, article_id=OuterRef("pk")
    )
    tag_ids = article.tags.through.objects.filter(content_object=article).values("tag_id")
    found = list(
        live_public(type(article).objects.exclude(pk=article.pk))
        .annotate(chosen=Subquery(links.values("sort_order")[:1]))
        .filter(Q(chosen__isnull=False) | Q(tagged_items__tag_id__in=tag_ids))
        .defer_streamfields()
        .distinct()
        .order_by(F("chosen").asc(nulls_last=True), "-date", "-pk")[:limit]
    )
    if found and found[0].chosen is not None:
        return [page for page in found if page.chosen is not None]
    return found


def _related_in_form(article: Page, limit: int) -> list[Page]:
    chosen = [
        link.article
        for link in article.related_links.select_related("article").all()
        if link.article.live
    ]
    if chosen:
        return chosen[:limit]
    if article.pk is None:  # the preview of an article not saved yet: the tags in its form
        tag_ids = [tag.pk for tag in article.tags.all() if tag.pk]
    else:
        tag_ids = article.tags.through.objects.filter(content_object=article).values("tag_id")
    return list(
        live_public(type(article).objects.filter(tagged_items__tag_id__in=tag_ids))
        .exclude(pk=article.pk)
        .defer_streamfields()
        .distinct()
        .order_by("-date", "-pk")[:limit]
    )


def searchable_page_types():
    return [model for model in get_page_models() if getattr(model, "show_in_search", False)]


def search_pages(query_string):
    """Ids of live public pages matching every word, title matches first, then newest first.

    The order is computed here rather than taken from the backend's score so that SQLite and
    PostgreSQL give the same list.
    """
    query = build_query(query_string)
    if query is None:
        return []
    # Where the database's full-text index can answer (see home/search_index.py); the generic
    # path below reads every hit as a page. The index entries' content types stand for the page
    # types (see ordered_hits).
    types = searchable_page_types()
    hits = ordered_hits(
        live_public(Page.objects.all()),
        query_string,
        (ct.pk for ct in ContentType.objects.get_for_models(*types).values()),
    )
    if hits is not None:
        return hits
    # The search backend accepts only indexed filter fields, so Wagtail's own public() here.
    pages = (
        Page.objects.live()
        .public()
        .type(*searchable_page_types())
        .only("pk", "title", "first_published_at")
    )
    hits = list(pages.search(query, order_by_relevance=False))

    def rank(page):
        published = page.first_published_at.timestamp() if page.first_published_at else 0
        return (not title_matches(page.title, query_string), -published, -page.pk)

    hits.sort(key=rank)
    return [page.pk for page in hits]


def pages_in_order(page_ids):
    """The specific pages for these ids, in the same order, in a fixed number of queries."""
    pages = Page.objects.filter(pk__in=page_ids).defer_streamfields().specific()
    by_id = {page.pk: page for page in pages}
    return [by_id[pk] for pk in page_ids if pk in by_id]
