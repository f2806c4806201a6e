"""Reads that listings share. Each returns a query whose cost does not grow with its length."""

from django.db.models import Count, Prefetch
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models

from .models import ArticlePage, ArticlePageTag, NoticePage
from .search import build_query, title_matches


CARD_RENDITION = "fill-240x160|format-jpeg"


def _card_images():
    """Cover images with the card rendition, fetched in two queries for the whole listing."""
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return Prefetch("image", queryset=images)


def _live(model, parent):
    return model.objects.live().public().descendant_of(parent)


def article_listing(index_page, tag=""):
    articles = (
        _live(ArticlePage, index_page)
        .defer_streamfields()
        .prefetch_related("tags", _card_images())
        .order_by("-date", "-pk")
    )
    if tag:
        articles = articles.filter(tags__name=tag)
    return articles


def tag_cloud(index_page):
    """Tags used by live articles under this index, most used first."""
    article_ids = _live(ArticlePage, index_page).values("pk")
    return (
        Tag.objects.filter(home_articlepagetag_items__content_object__in=article_ids)
        .annotate(uses=Count("home_articlepagetag_items"))
        .order_by("-uses", "name")[:30]
    )


def notice_listing(index_page):
    return (
        _live(NoticePage, index_page)
        .defer_streamfields()
        .order_by("-pinned", "-date", "-pk")
    )


def pinned_notices(home, limit):
    return list(
        NoticePage.objects.live()
        .public()
        .descendant_of(home)
        .defer_streamfields()
        .order_by("-pinned", "-date", "-pk")[:limit]
    )


def latest_articles(home, limit):
    return list(
        ArticlePage.objects.live()
        .public()
        .descendant_of(home)
        .defer_streamfields()
        .prefetch_related(_card_images())
        .order_by("-date", "-pk")[:limit]
    )


def related_articles(article, limit=3):
    """Articles the editor chose; without a choice, the newest sharing a tag with this one."""
    chosen = [
        link.article
        for link in article.related_links.select_related("article").all()
        if link.article.live
    ]
    if chosen:
        return chosen[:limit]
    tag_ids = ArticlePageTag.objects.filter(content_object=article).values("tag_id")
    return list(
        ArticlePage.objects.live()
        .public()
        .filter(tagged_items__tag_id__in=tag_ids)
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
