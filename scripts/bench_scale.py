"""The pages of issue 15, item 6, on the data set at scale: `DATABASE_URL=... python
scripts/bench_scale.py [RUNS] [WORD]` after `manage.py load_scale_data` (WORD: only the pages
whose label holds it, e.g. "search").

Requests go through the whole Django stack in this process (middleware, routing, templates),
one at a time, with Django's test client: search for a common word (廉政) and a rare one, the
article index on page 1 and page 500, an event page ahead whose registration is open, and, as
a superuser signed in here, the admin's registration listing (its first page, a surname searched,
one event's) and the suggestion queue; the listing also as a member of 审核. Each is
timed RUNS times with every cache emptied before the request ("cold") and RUNS times as it
comes ("warm"); the script prints p50 and p90 in milliseconds and the queries of a cold request.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Timed as served: DEBUG would log every query and keep templates' debug information.
settings.DEBUG = False

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import EventPage  # noqa: E402
from home import scale  # noqa: E402

TARGETS = {"public": 30, "admin": 200, "reviewer": 200}
REGISTRATIONS = "/admin/events/registrations/"
# A surname in a few thousand of the 100,000 registrations: the search reads every row.
SURNAME = "王"


def pages():
    event = (
        EventPage.objects.live()
        .filter(slug__startswith=scale.SLUG_PREFIX, start__gt=timezone.now())
        .order_by("start")
        .first()
    )
    if event is None:
        sys.exit("No event of the scale data lies ahead: run manage.py load_scale_data first.")
    return [
        ("search 廉政", f"/search/?q={quote(scale.COMMON_WORD)}", "public"),
        (f"search {scale.RARE_WORD}", f"/search/?q={quote(scale.RARE_WORD)}", "public"),
        ("articles page 1", "/articles/", "public"),
        ("articles page 500", "/articles/?page=500", "public"),
        ("event page", event.url, "public"),
        ("admin registrations", REGISTRATIONS, "admin"),
        ("admin registrations reviewer", REGISTRATIONS, "reviewer"),
        ("admin registrations name", f"{REGISTRATIONS}?q={quote(SURNAME)}", "admin"),
        ("admin registrations name reviewer", f"{REGISTRATIONS}?q={quote(SURNAME)}", "reviewer"),
        ("admin registrations by event", f"{REGISTRATIONS}?event={event.pk}", "admin"),
        ("admin suggestions", "/admin/suggestions/", "admin"),
    ]


def staff_client():
    users = get_user_model().objects
    user = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        # A bench database only: a superuser who cannot sign in with a password.
        user = users.create_superuser("bench", "bench@example.invalid", None)
    return signed_in(user)


def reviewer_client():
    """A member of 审核: full numbers and exports, by the group's permissions, not a superuser's."""
    users = get_user_model().objects
    group = Group.objects.get(name="审核")
    user = users.filter(groups=group, is_superuser=False, is_active=True).order_by("pk").first()
    if user is None:
        user = users.create_user("bench-reviewer", "reviewer@example.invalid", None, is_staff=True)
        user.groups.add(group)
    return signed_in(user)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def clear_caches():
    for cache in caches.all():
        cache.clear()


def timed(client, url):
    start = time.perf_counter()
    response = client.get(url, HTTP_HOST="localhost")
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    return elapsed


def percentiles(values):
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, round(len(ordered) * 0.9) - 1)]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    clients = {"public": Client(), "admin": staff_client(), "reviewer": reviewer_client()}
    counts = {
        label: model.objects.count()
        for label, model in (("articles", scale.ArticlePage), ("events", EventPage))
    }
    print(f"{connection.vendor}, {counts}, {runs} runs each, one request at a time, DEBUG off")
    print(
        f"{'page':<36}{'cold p50':>9}{'p90':>8}{'warm p50':>10}{'p90':>8}"
        f"{'queries':>9}{'target':>8}"
    )
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    for label, url, kind in pages():
        if only not in label:
            continue
        client = clients[kind]
        timed(client, url)  # templates and code paths loaded once
        clear_caches()
        with CaptureQueriesContext(connection) as queries:
            timed(client, url)
        # Counted now: the next request clears the connection's log.
        query_count = len(queries)
        cold = []
        for _run in range(runs):
            clear_caches()
            cold.append(timed(client, url))
        warm = [timed(client, url) for _run in range(runs)]
        cold_p50, cold_p90 = percentiles(cold)
        warm_p50, warm_p90 = percentiles(warm)
        print(
            f"{label:<36}{cold_p50:>9.1f}{cold_p90:>8.1f}{warm_p50:>10.1f}{warm_p90:>8.1f}"
            f"{query_count:>9}{'<' + str(TARGETS[kind]):>8}"
        )


if __name__ == "__main__":
    main()
