"""Listings cost the same number of queries whatever their length (warm, at most 10)."""

import pytest

from events import services
from events.models import EventPage
from home import search_index
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
    for url in (index.url, index.url + "?tag=廉政教育", index.url + f"?page={length}"):
        warm(client, url)
        with django_assert_num_queries(ARTICLE_INDEX_QUERIES):
            client.get(url)
    # After any change routing, the site settings, the tag list and the listing's ids are read
    # again, once; the menu comes with routing.
    content_changed()
    with django_assert_num_queries(ROUTING + ARTICLE_INDEX_QUERIES + 3):
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


@pytest.mark.parametrize("length", [1, 20])
def test_content_pages(client, django_assert_num_queries, length):
    """An article with many tags among many sharing them, a notice, a page below a section."""
    index = factories.article_index()
    tags = [f"标签{number}" for number in range(length)]
    for _number in range(length):
        factories.article(index, tags=tags[:1])
    article = factories.article(index, tags=tags, image=factories.image())
    notice_index = factories.notice_index()
    section = factories.section_page(title="关于", slug="about-us")
    nested = factories.standard_page(parent=section, title="社区简介")
    notice = factories.notice(notice_index)
    for page, expected in (
        (article, ARTICLE_PAGE_QUERIES),
        (notice, NOTICE_PAGE_QUERIES),
        (section, STANDARD_PAGE_QUERIES),
        (nested, STANDARD_PAGE_QUERIES),
    ):
        warm(client, page.url)
        with django_assert_num_queries(expected):
            response = client.get(page.url)
    assert '<a href="/about-us/"' in response.content.decode()  # breadcrumbs from routing


def test_a_registration_keeps_the_listings_ids_and_search_order(
    client, django_assert_num_queries, django_capture_on_commit_callbacks, monkeypatch
):
    """Seats taken retire the pages that show them, not the reads over every page: after a
    registration the article index and a search cost what they cost warm, and still list
    what they listed."""
    monkeypatch.setattr(search_index, "FEW_MATCHES", 0)  # hits put in order by the kept order
    index, _ = build(articles=3)
    event = EventPage.objects.first()
    for url in (index.url, "/search/?q=文章"):
        warm(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event=event, name="王久余", phone=factories.phone(2), consent=True)
    # The site settings are read again with the chrome; the ids and the tag list are kept.
    with django_assert_num_queries(ARTICLE_INDEX_QUERIES + 1):
        response = client.get(index.url)
    assert len(response.context["articles"]) == 3
    # The chrome was built again just now, and the hits are kept: only the pages shown are read.
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get("/search/?q=文章")
    assert response.context["results"].paginator.count == 3
    # A publish moves both: the new article is listed and found at once.
    factories.article(index, title="新文章")
    response = client.get(index.url)
    assert len(response.context["articles"]) == 4
    assert client.get("/search/?q=文章").context["results"].paginator.count == 4


# Routing and the view-restriction check cost 3 queries on any page below the home page
# whatever its depth (the sites with the home page: home.sites; every page on the path with
# whether each is restricted, and the specific page: home.routing) and 2 on the home page
# itself; the worker keeps all three until the pages change (home.versions.Kept), so a page
# viewed again costs only its own reads.
ROUTING = 3
HOME_QUERIES_CACHED = 0  # the task tiles and the lists come from the cached fragments
# + routing (2), settings (the menu comes with routing), notices, next events, articles, the
# card renditions of both lists in one, and the task tiles (the pages they lead to, the events
# not yet over: tests/home/test_home_tasks.py)
HOME_QUERIES = 9
ARTICLE_INDEX_QUERIES = 2  # its articles with images, renditions (the listing's ids and the
# tag list kept until the content changes: home.pagination)
NOTICE_INDEX_QUERIES = 1  # its notices (the listing's ids kept)
ARTICLE_PAGE_QUERIES = 2  # related articles (chosen, else sharing a tag), its tags
NOTICE_PAGE_QUERIES = 0
STANDARD_PAGE_QUERIES = 0
# The specific pages (2): the hits in order (the matching entries, their pages in order) are
# kept until the pages change, and the sites.
SEARCH_QUERIES = 2
