"""Several app servers as production runs them: two `make serve` instances on one PostgreSQL
database and one Redis. A staff member publishes through the admin of one, and the other shows
it at its very next request; residents registering through both at once get exactly the seats
there are. And media on S3-compatible storage, which every server then shares."""

import os
import secrets
import sys
import threading
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from events.models import EventIndexPage, Registration
from home.models import ArticleIndexPage, ArticlePage
from tests import factories
from tests.conftest import require_service
from tests.several_servers import Browser, MakeServe, edit_and_publish

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from register_load import CodeLog, fire  # noqa: E402

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="several servers share PostgreSQL and Redis"
)
SEATS = 3
RESIDENTS = 8  # through each server
SIMPLE_BLOCKS = {"paragraph", "heading"}


def fetch(url, language="zh-hans"):
    """(X-Page-Cache, body) of a page as a visitor without a session gets it, by the address a
    proxy in front of both servers would pass on."""
    headers = {"Host": "127.0.0.1", "Cookie": f"django_language={language}"}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200, url
        return response.headers.get("X-Page-Cache"), response.read().decode()


@pytest.fixture
def make_serve(tmp_path, settings):
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    require_service("redis", url)
    prefix = f"qingfeng-test-{secrets.token_hex(4)}"
    # What this process publishes retires the servers' pages too, as a third server would.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        },
    }
    # The servers check passwords with production's hasher, not the tests' quick one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    servers = MakeServe(tmp_path / "serve.log", REDIS_URL=url, QINGFENG_CACHE_PREFIX=prefix)
    yield servers
    servers.stop()
    print(servers.log_path.read_text(errors="replace")[-3000:])


def a_simple_article():
    """A demo article whose body the edit form posts back as text (paragraphs and headings)."""
    for article in ArticlePage.objects.live().order_by("pk"):
        if {block.block_type for block in article.body} <= SIMPLE_BLOCKS:
            return article
    raise AssertionError("the demo has no article of paragraphs and headings only")


@postgres_only
def test_two_make_serve_instances_publish_and_register_as_one_site(make_serve):
    one = make_serve.up(*make_serve.start(workers=2))
    # The first has migrated and loaded the demo; the second only finds that done.
    second = make_serve.start(workers=1)
    password = secrets.token_urlsafe(12)
    get_user_model().objects.create_superuser("zhuren", "zhuren@example.com", password)
    article, index = a_simple_article(), ArticleIndexPage.objects.live().get()
    event = factories.event(
        EventIndexPage.objects.live().first(), capacity=SEATS, title="两台服务器报名测试"
    )
    two = make_serve.up(*second)

    # Both servers have drawn and kept the pages (the second request of each is the kept copy).
    pages = (article.url, index.url, "/events/")
    for server in (one, two):
        for page in pages:
            fetch(server + page)
    kept = {page: fetch(two + page) for page in pages}
    assert all(state == "hit" for state, _html in kept.values()), kept.keys()
    assert article.title in kept[article.url][1] and index.title in kept["/events/"][1]

    # A staff member signs in through the first and publishes two changes in its admin: an
    # article's title, and the title of the article section, which the menu of every page shows.
    staff = Browser(one)
    staff.sign_in("zhuren", password)
    edit_and_publish(staff, article.pk, title="两台服务器之后的新标题")
    edit_and_publish(staff, index.pk, title="廉政文化栏目")
    article.refresh_from_db()
    assert article.title == "两台服务器之后的新标题" and article.live

    # The second shows both at its very next request, in the page and in the menu.
    _state, html = fetch(two + article.url)
    assert "两台服务器之后的新标题" in html and "廉政文化栏目" in html
    _state, html = fetch(two + index.url)
    assert "两台服务器之后的新标题" in html and kept[article.url][1] != html
    _state, html = fetch(two + "/events/")
    assert "廉政文化栏目" in html and f">{index.title}<" not in html

    # Residents register through both at once, for an event of three seats; two numbers try
    # through both servers at the same moment.
    codes, runs = CodeLog(make_serve.log_path), {}
    first = {one: 13900000000, two: 13900000000 + RESIDENTS - 2}

    def register(server):
        runs[server] = fire(server, event.url, RESIDENTS, 4, codes, first_phone=first[server])

    threads = [threading.Thread(target=register, args=(server,)) for server in (one, two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results = runs[one].results + runs[two].results
    print({server: dict(run.outcomes()) for server, run in runs.items()})
    assert not [result for result in results if result.http_status >= 500]
    # Only a number trying through both at once may be turned away, by the other's registration.
    both = {str(first[two] + number) for number in range(2)}
    assert {result.phone for result in results if not result.registration_status} <= both

    stored = Registration.objects.filter(event=event)
    confirmed = list(stored.filter(status="confirmed").values_list("phone", flat=True))
    assert len(confirmed) == SEATS
    # No number holds two registrations, nor was told twice that it has a seat.
    assert max(Counter(stored.values_list("phone", flat=True)).values()) == 1
    told = Counter(r.phone for r in results if r.registration_status == "confirmed")
    assert set(told) == set(confirmed) and max(told.values()) == 1
    # Everyone else who finished waits in line; both servers now show the event full.
    assert {r.registration_status for r in results} - {"confirmed", ""} == {"waitlisted"}
    for server in (one, two):
        assert "Full (waiting list open)" in fetch(server + event.url, "en")[1], server
