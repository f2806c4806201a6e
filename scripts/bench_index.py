"""Listings at scale: `DATABASE_URL=... python scripts/bench_index.py [RUNS] [--analyze]`.

Requests the article index (page 1, page 500, a tag), the notice index (page 1, page 200) and
one article through the whole Django stack in this process, one request at a time, with the
page cache off so that Wagtail's routing and the page's own reads run every time (the site
chrome, the listing's count and its tags stay cached, as on a running site: each is read once
per content change). Load the data with `manage.py load_scale_data` first. Prints for each page
its p50 and p90 in milliseconds and the queries one request makes.

--analyze (SQLite): guards against the planner statistics that once made the article index take
44 s. The script copies the database file to a temporary folder (the original is never written),
times the pages there, runs ANALYZE on the copy, times them again, and prints both with their
ratio; it exits with status 1 when a page got more than three times slower or takes over a
second after ANALYZE.
"""

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["QINGFENG_PAGE_CACHE"] = "0"
ANALYZE = "--analyze" in sys.argv


def use_a_copy():
    """Point DATABASE_URL at a copy of the SQLite file it names, removed at exit."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("sqlite:///"):
        sys.exit("--analyze needs DATABASE_URL=sqlite:///... (the file is copied, not changed)")
    folder = tempfile.mkdtemp(prefix="bench-index-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    copy = Path(folder) / "analyze.sqlite3"
    shutil.copyfile(url.removeprefix("sqlite:///").replace("//", "/", 1), copy)
    os.environ["DATABASE_URL"] = f"sqlite:///{copy}"
    # Its own cache folder, so that nothing cached for the original is read.
    os.environ["QINGFENG_CACHE_DIR"] = str(Path(folder) / "cache")
    print(f"ANALYZE runs on a copy: {copy}")


if ANALYZE:
    use_a_copy()

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


def measure(client, pages, runs):
    """{page name: p50 ms}, printing p50, p90 and the queries of each."""
    medians = {}
    print(f"{'page':32} {'p50 ms':>7} {'p90 ms':>7} {'queries':>7}")
    for name, url in pages:
        assert client.get(url).status_code == 200, url  # fills the chrome, count and tags
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p90 = statistics.quantiles(times, n=10)[-1]
        medians[name] = statistics.median(times)
        print(f"{name:32} {medians[name]:7.1f} {p90:7.1f} {len(queries):7d}")
    return medians


def main():
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    runs = int(args[0]) if args else 30
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    pages = urls()
    before = measure(client, pages, runs)
    if not ANALYZE:
        return 0
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM sqlite_stat1")
        (statistics_rows,) = cursor.fetchone()
    print(
        f"\nANALYZE took {time.perf_counter() - start:.1f} s ({statistics_rows} rows of "
        "statistics); the same pages after it:"
    )
    connection.close()  # a new connection plans with the statistics from the start
    after = measure(client, pages, runs)
    print(f"\n{'page':32} {'before':>7} {'after':>7} {'ratio':>6}")
    slow = []
    for name, ms in before.items():
        ratio = after[name] / ms
        print(f"{name:32} {ms:7.1f} {after[name]:7.1f} {ratio:6.2f}")
        if ratio > 3 or after[name] > 1000:
            slow.append(name)
    if slow:
        print("Slower after ANALYZE: " + ", ".join(slow))
        return 1
    print("No page got slower after ANALYZE.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
