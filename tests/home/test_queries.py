"""Listings cost the same number of queries whatever their length (warm, at most 10)."""

import pytest

from home.chrome import content_changed
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def warm(client, url):
    """First view fills the caches (site chrome, renditions) as on a running site."""
    assert client.get(url).status_code == 200


def build(articles=0, notices=0):
    index = factories.article_index()
    notice_index = factories.notice_index()
    cover = factories.image()
    for number in range(articles):
        factories.article(index, tags=["廉政教育", f"标签{number}"], image=cover)
    for number in range(notices):
        factories.notice(notice_index, pinned=number % 2 == 0)
    events = factories.event_index()
    for _number in range(articles):
        factories.event(events, image=cover)
    return index, notice_index


@pytest.mark.parametrize("length", [1, 20])
def test_home_page(client, django_assert_num_queries, length):
    build(articles=length, notices=length)
    warm(client, "/")
    with django_assert_num_queries(HOME_QUERIES_CACHED):
        client.get("/")
    # After any change the chrome and the home lists are built again, still at a fixed cost.
    content_changed()
    with django_assert_num_queries(HOME_QUERIES):
        client.get("/")


@pytest.mark.parametrize("length", [1, 20])
def test_article_index(client, django_assert_num_queries, length):
    index, _ = build(articles=length)
    warm(client, index.url)
    with django_assert_num_queries(ARTICLE_INDEX_QUERIES):
        client.get(index.url)


@pytest.mark.parametrize("length", [1, 20])
def test_notice_index(client, django_assert_num_queries, length):
    _, notice_index = build(notices=length)
    warm(client, notice_index.url)
    with django_assert_num_queries(NOTICE_INDEX_QUERIES):
        client.get(notice_index.url)


@pytest.mark.parametrize("length", [1, 20])
def test_search_results(client, django_assert_num_queries, length):
    build(articles=length)
    warm(client, "/search/?q=文章")
    with django_assert_num_queries(SEARCH_QUERIES):
        client.get("/search/?q=文章")


# Wagtail's routing and its view-restriction check cost 6 queries on a page below the home
# page (site, route, specific page, ancestors, restrictions) and 4 on the home page itself.
HOME_QUERIES_CACHED = 4  # the task tiles and the lists come from the cached fragments
# + settings, menu, notices, next events and renditions, articles, renditions, and the task
# tiles (events section, current events, discussions pages: tests/home/test_home_tasks.py)
HOME_QUERIES = 14
ARTICLE_INDEX_QUERIES = 10  # + count, tag list, articles with images, renditions
NOTICE_INDEX_QUERIES = 8  # + count, notices
SEARCH_QUERIES = 5  # site, search, restrictions, specific pages (2)
