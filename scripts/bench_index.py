"""Listings at scale: `DATABASE_URL=... python scripts/bench_index.py [RUNS]`.

Requests the article index (page 1, page 500, a tag), the notice index (page 1, page 200) and
one article through the whole Django stack in this process, one request at a time, with the
page cache off so that Wagtail's routing and the page's own reads run every time (the site
chrome, the listing's count and its tags stay cached, as on a running site: each is read once
per content change). Load the data with `manage.py load_scale_data` first. Prints for each page
its p50 and p90 in milliseconds and the queries one request makes.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["QINGFENG_PAGE_CACHE"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from home.models import ArticleIndexPage, ArticlePage, NoticeIndexPage  # noqa: E402


def urls():
    articles = ArticleIndexPage.objects.live().first()
    notices = NoticeIndexPage.objects.live().first()
    newest = ArticlePage.objects.live().order_by("-date", "-pk").first()
    tag = newest.tags.first()
    found = [
        ("article index, page 1", articles.url),
        ("article index, page 500", articles.url + "?page=500"),
        ("article index, last page", articles.url + "?page=99999"),
    ]
    if tag:
        found.append(("article index, a tag, page 2", f"{articles.url}?tag={tag.name}&page=2"))
    found += [
        ("notice index, page 1", notices.url),
        ("notice index, page 200", notices.url + "?page=200"),
        ("an article", newest.url),
    ]
    return found


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    print(f"{'page':32} {'p50 ms':>7} {'p90 ms':>7} {'queries':>7}")
    for name, url in urls():
        assert client.get(url).status_code == 200, url  # fills the chrome, count and tags
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p90 = statistics.quantiles(times, n=10)[-1]
        print(f"{name:32} {statistics.median(times):7.1f} {p90:7.1f} {len(queries):7d}")


if __name__ == "__main__":
    main()
