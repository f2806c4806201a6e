"""Read throughput of public pages on a running server:
`bench_pages.py [BASE_URL] [SECONDS] [PATH ...]` (every page below when no path is given).

Fires requests from a few threads at each URL for a fixed time and prints requests per second
and latency percentiles. Meant for `make serve` on this machine, so only loopback addresses.

A hashed static file (served by whitenoise) is measured first, in the same run: each page's
rate is also printed as a fraction of it, which holds on a noisy machine where an absolute rate
does not. Beside it: how the server answered the last request (X-Page-Cache: hit, miss, pass),
and the queries the page costs when it is built, counted in this process on the database that
DATABASE_URL names (first with empty caches, then with the chrome and fragments kept).
"""

import os
import re
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
STATIC = re.compile(r'(/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js))"')

PATHS = [
    "/",
    "/articles/",
    "/articles/reception-days-and-case-ownership/",
    "/events/",
    "/events/lecture-upright-example/",
    "/notices/",
    "/search/?q=%E5%BB%89%E6%94%BF",
    "/feed/",
    "/discussions/",
    "/suggestions/",
    "/suggestions/replies/",
    "/suggestions/form/",
    "/reception/",
    "/events/integrity-quiz-first-round/quiz/",
    "/events/integrity-quiz-preliminary/quiz/ranking/",
]
THREADS = 8


def run(url, seconds):
    latencies, errors, served = [], [0], [""]
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def worker():
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
                    response.read()
                    ok = response.status == 200
                    served[0] = response.headers.get("X-Page-Cache") or "-"
            except OSError:
                ok = False
            with lock:
                if ok:
                    latencies.append(time.monotonic() - started)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], served[0]


def hashed_static(base):
    """The first fingerprinted stylesheet or script the home page links."""
    with urllib.request.urlopen(base + "/", timeout=10) as response:  # noqa: S310
        match = STATIC.search(response.read().decode())
    if not match:
        sys.exit("the home page links no hashed static file: is this `make serve`?")
    return match.group(1)


def query_counts(paths):
    """Queries per page built in this process: with empty caches, then with them warm."""
    if not os.environ.get("DATABASE_URL"):
        return {}
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    counts = {}
    with override_settings(
        QINGFENG_PAGE_CACHE=False, CACHES={"default": local, "renditions": local}
    ):
        client = Client()
        for path in paths:
            numbers = []
            for _ in range(2):
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                numbers.append(len(queries))
            counts[path] = "{}/{}".format(*numbers)
    return counts


def main():
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    if urlparse(base).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("only servers on this machine (127.0.0.1, localhost) are benchmarked")
    paths = sys.argv[3:] or PATHS
    static = hashed_static(base)
    queries = query_counts(paths)
    print(
        f"{'path':<50}{'req/s':>8}{'÷static':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}"
        f"{'served':>8}{'queries cold/warm':>19}"
    )
    reference = None
    for path in [static, *paths]:
        latencies, errors, served = run(base + path, seconds)
        if not latencies:
            print(f"{path:<50}{'-':>8}{'-':>9}{'-':>9}{'-':>9}{errors:>8}")
            continue
        rate = len(latencies) / seconds
        reference = reference or rate
        cuts = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
        print(
            f"{path[:49]:<50}{rate:>8.1f}{rate / reference:>9.1%}"
            f"{statistics.median(latencies) * 1000:>9.1f}{cuts[18] * 1000:>9.1f}{errors:>8}"
            f"{served:>8}{queries.get(path, '-'):>19}"
        )


if __name__ == "__main__":
    main()
