"""Site search at scale: `DATABASE_URL=... python scripts/bench_search.py [RUNS] [WORD ...]`.

Runs the search view in this process against the database in DATABASE_URL (load it with
`manage.py load_scale_data` first), one request at a time, with no page cache in front, and
prints for each query the p50 and p90 in milliseconds, the queries one request makes, and how
many pages matched. The words default to a common one (廉政), a rare one and two words together;
each is measured on page 1 and on a deep page (?page=50), since both must stay as fast.
`--before` measures the generic path instead (every hit read and sorted in Python), which is
what the site did before home/search_index.py, for a comparison in the same run.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from home import search_index  # noqa: E402
from home.views import search  # noqa: E402

DEFAULT_WORDS = ["廉政", "罕见词汇", "廉政 教育"]


def one(factory, params):
    request = factory.get("/search/", params)
    request.user = AnonymousUser()
    request.session = {}
    start = time.perf_counter()
    response = search(request)
    response.render()
    return (time.perf_counter() - start) * 1000, response


def main():
    args = sys.argv[1:]
    before = "--before" in args
    args = [arg for arg in args if arg != "--before"]
    if before:
        search_index.backend_kind = lambda: None
    runs = int(args[0]) if args else 30
    words = args[1:] or DEFAULT_WORDS
    factory = RequestFactory()
    path = "generic path (before)" if before else "full-text index in SQL"
    print(f"{connection.vendor}, {path}, {runs} runs each, one at a time")
    print(f"{'query':<16}{'page':>5}{'p50 ms':>9}{'p90 ms':>9}{'queries':>9}{'matches':>9}")
    for word in words:
        for page in ("1", "50"):
            params = {"q": word, "page": page}
            one(factory, params)  # warm
            with CaptureQueriesContext(connection) as queries:
                _elapsed, response = one(factory, params)
            results = response.context_data["results"]
            matches = results.paginator.count if results is not None else 0
            times = sorted(one(factory, params)[0] for _ in range(runs))
            p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
            print(
                f"{word:<16}{page:>5}{statistics.median(times):>9.1f}{p90:>9.1f}"
                f"{len(queries):>9}{matches:>9}"
            )


if __name__ == "__main__":
    main()
