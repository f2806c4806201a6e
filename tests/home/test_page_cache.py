"""Whole pages for visitors from the shared cache (home.page_cache): who gets the shared copy,
what is never kept, what retires it, and the Cache-Control a CDN reads."""

import datetime
import sys
import urllib.request
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events import services
from home import search_index
from tests import factories

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.QINGFENG_PAGE_CACHE = True


def state(response):
    return response.get("X-Page-Cache")


def test_a_visitor_gets_the_stored_page_without_a_query(client, django_assert_num_queries):
    index = factories.article_index()
    factories.article(index, title="廉洁家风故事")
    first = client.get(index.url)
    assert state(first) == "miss"
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=60"
    assert "Cookie" in first["Vary"]
    with django_assert_num_queries(0):
        second = client.get(index.url)
    assert state(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "廉洁家风故事" in second.content.decode()
    # HEAD is answered from the same copy; a query string is another page.
    assert state(client.head(index.url)) == "hit"
    assert state(client.get(index.url, {"page": "1"})) == "miss"


def test_switched_off_no_page_is_stored(client, settings):
    settings.QINGFENG_PAGE_CACHE = False
    index = factories.article_index()
    client.get(index.url)
    response = client.get(index.url)
    assert state(response) is None
    # What a CDN may keep does not depend on it.
    assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=60"


def test_a_browser_with_a_session_or_messages_never_gets_the_shared_copy(client):
    index = factories.article_index()
    client.get(index.url)
    for cookie in (settings.SESSION_COOKIE_NAME, "messages"):
        client.cookies.clear()
        client.cookies[cookie] = "something"
        response = client.get(index.url)
        assert state(response) is None
        assert response.status_code == 200


def test_a_page_with_a_form_is_neither_stored_nor_public(client):
    """The registration form carries a CSRF token: that page is built for each browser."""
    event = factories.event(factories.event_index(), title="廉政讲座")
    for _ in range(2):
        response = client.get(event.url)
        assert state(response) == "pass"
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"
    assert "csrftoken" in response.cookies


def test_personal_pages_are_never_stored_and_tell_every_cache_not_to_keep_them(
    client, django_capture_on_commit_callbacks
):
    event = factories.event(factories.event_index())
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.register(
            event=event, name="王久余", phone=factories.phone(1), consent=True
        )
    url = f"{event.url}registration/{outcome.registration.code}/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert state(response) == "pass"
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
    assert "no-store" in client.get("/admin/login/")["Cache-Control"]


def test_type_size_and_language_each_have_their_own_copy(client):
    index = factories.article_index()
    assert state(client.get(index.url)) == "miss"
    client.cookies["qf_large_text"] = "1"
    large = client.get(index.url)
    assert state(large) == "miss"
    assert 'class="large-text"' in large.content.decode()
    assert state(client.get(index.url)) == "hit"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(index.url)
    assert state(english) == "miss"
    assert english["Content-Language"] == "en"
    del client.cookies["qf_large_text"], client.cookies[settings.LANGUAGE_COOKIE_NAME]
    standard = client.get(index.url)
    assert state(standard) == "hit"
    assert 'class="large-text"' not in standard.content.decode()


def test_publishing_and_unpublishing_retire_the_stored_pages(client):
    index = factories.article_index()
    old = factories.article(index, title="旧文章")
    client.get(index.url)
    assert state(client.get(old.url)) in ("miss", "hit")

    factories.article(index, title="新发布的文章")
    response = client.get(index.url)
    assert state(response) == "miss"
    assert "新发布的文章" in response.content.decode()

    old.unpublish()
    assert client.get(old.url).status_code == 404
    assert "旧文章" not in client.get(index.url).content.decode()


def test_a_view_restriction_retires_the_stored_pages_and_the_search_order(client, monkeypatch):
    """A section made private (a password, say) is private from the next request: neither its
    kept pages nor the kept order of search results show it to visitors any more."""
    monkeypatch.setattr(search_index, "FEW_MATCHES", 0)  # hits put in order by the kept order
    index = factories.article_index()
    article = factories.article(index, title="廉洁家风故事")
    assert "廉洁家风故事" in client.get(article.url).content.decode()
    assert state(client.get(article.url)) == "hit"
    assert "廉洁家风故事" in client.get("/search/", {"q": "廉洁"}).content.decode()

    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="lianjie2026"
    )
    response = client.get(article.url)
    assert state(response) != "hit"
    assert "廉洁家风故事" not in response.content.decode()
    assert "廉洁家风故事" not in client.get("/search/", {"q": "廉洁"}).content.decode()

    restriction.delete()
    assert "廉洁家风故事" in client.get(article.url).content.decode()
    assert "廉洁家风故事" in client.get("/search/", {"q": "廉洁"}).content.decode()


def test_a_seat_taken_shows_at_once(client, django_capture_on_commit_callbacks):
    index = factories.event_index()
    factories.event(index, capacity=20)
    assert "20 seats left" in english(client, index.url)
    assert "20 seats left" in english(client, index.url)
    event = index.get_children().specific().first()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event=event, name="王久余", phone=factories.phone(2), consent=True)
    response = client.get(index.url)
    assert state(response) == "miss"
    assert "19 seats left" in response.content.decode()


def english(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(url).content.decode()


def test_pages_that_change_with_the_clock_last_a_minute_and_never_past_midnight(client):
    """A notice's countdown, the slogan of the day, a registration window that opens: no
    stored page outlives the minute it was kept for, nor the day it was drawn on."""
    index = factories.article_index()
    evening = datetime.datetime(2026, 11, 30, 23, 59, 30, tzinfo=SHANGHAI)
    with time_machine.travel(evening, tick=False) as clock:
        assert state(client.get(index.url)) == "miss"
        clock.shift(20)
        assert state(client.get(index.url)) == "hit"
        clock.shift(20)  # 00:00:10 the next day, 40 s after it was kept
        assert timezone.localdate() == datetime.date(2026, 12, 1)
        assert state(client.get(index.url)) == "miss"
        clock.shift(61)
        assert state(client.get(index.url)) == "miss"


def fetch(url, language="en"):
    # Behind one address, as a proxy in front of both servers passes it on.
    headers = {"Cookie": f"django_language={language}", "Host": "127.0.0.1"}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
        return response.headers.get("X-Page-Cache"), response.read().decode()


# Without Redis (the cache folder). Two `make serve` instances on Redis and PostgreSQL, with a
# page published through one's admin, are tests/test_several_servers.py.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_servers_share_the_pages_and_retire_them_together(
    start_server, codes, settings, tmp_path
):
    """Two gunicorn servers on one machine sharing the cache folder, no Redis: a page one kept
    is served by the other, a page published shows on both at their next request, and a seat
    taken through one shows on both."""
    from register_load import attempt

    shared = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "cache"),
    }
    # Publishing in this process moves the version the servers read.
    settings.CACHES = {**settings.CACHES, "default": shared}
    index = factories.article_index()
    factories.article(index, title="First article")
    events = factories.event_index()
    event = factories.event(events, capacity=5)

    one, two = start_server(), start_server()
    assert fetch(one + "/articles/")[0] == "miss"
    assert fetch(two + "/articles/")[0] == "hit"

    factories.article(index, title="Published since")
    for server in (two, one):
        kept, html = fetch(server + "/articles/")
        assert "Published since" in html, server

    assert "5 seats left" in fetch(two + "/events/")[1]
    assert fetch(one + "/events/")[0] == "hit"
    assert attempt(one, event.url, factories.phone(3), codes).registration_status == "confirmed"
    for server in (two, one):
        assert "4 seats left" in fetch(server + "/events/")[1], server


def test_publishing_purges_the_page_from_a_cdn(settings):
    """With FRONTEND_CACHE_URL (a proxy that takes PURGE) a published page is purged there."""
    import http.server
    import threading

    purged = []

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 - the HTTP method's name
            purged.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    proxy = http.server.HTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{proxy.server_port}",
        }
    }
    try:
        factories.article(factories.article_index(), slug="purged")
    finally:
        proxy.shutdown()
    assert ("localhost", "/articles/purged/") in purged


def test_the_content_version_outlives_the_file_cache_timeout(settings, tmp_path):
    """Without Redis the version is a file every worker reads; a change must not make it expire
    (which would retire every kept page a few minutes later for nothing)."""
    from home.chrome import content_changed, content_version

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=SHANGHAI)) as clock:
        first = content_version()
        content_changed()
        moved = content_version()
        assert moved > first
        clock.shift(3600)
        assert content_version() == moved


def test_a_draft_preview_neither_gets_nor_leaves_a_kept_page(client):
    index = factories.article_index()
    page = factories.article(index, title="已发布的标题", slug="draft")
    # At the address the stand-in request of a preview uses.
    assert state(client.get(page.url, HTTP_HOST="localhost")) == "miss"
    page.title = "草稿标题"
    page.save_revision()
    preview = page.make_preview_request()
    assert "草稿标题" in preview.content.decode()
    public = client.get(page.url, HTTP_HOST="localhost")
    assert state(public) == "hit"
    assert "草稿标题" not in public.content.decode()
