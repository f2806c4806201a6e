"""工作报告 on a year of 10,000 cases: `DATABASE_URL=postgres://… python scripts/bench_report.py`.

Migrates the database DATABASE_URL names, fills it (once) with 10,000 cases spread over the
365 days before today — every channel, accepted, refused, closed with verdicts, repeats — and
times the admin rendering the report for those 365 days (the page, with the previous year
beside it) through Django's test client: the median of 5 after one warm-up. Prints the figure.
Run it on a database of its own: the cases it adds stay there for the next run.
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

CASES = 10_000
RUNS = 5


def fill(today):
    from django.utils import timezone

    from discussions.models import Channel, Satisfaction, Suggestion, SuggestionStatus
    from tests import factories

    have = Suggestion.objects.count()
    if have >= CASES:
        return have
    if factories.home_page().get_children().filter(slug="bench-suggestions").exists():
        index = factories.home_page().get_children().get(slug="bench-suggestions").specific
    else:
        index = factories.suggestion_index(title="意见建议（测试）", slug="bench-suggestions")
    form = factories.suggestion_form(index)
    chance = random.Random(20251001)
    channels = [choice.value for choice in Channel]
    verdicts = [Satisfaction.SATISFIED] * 6 + [Satisfaction.BASIC] * 3 + [Satisfaction.UNSATISFIED]
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9)))
    rows = []
    for number in range(have, CASES):
        received = start - datetime.timedelta(minutes=chance.randrange(365 * 24 * 60))
        accepted = received + datetime.timedelta(days=chance.choice((1, 2, 3, 5)))
        closed = accepted + datetime.timedelta(days=chance.randrange(10, 50))
        done = closed < start
        rows.append(
            Suggestion(
                page=form,
                form_data={},
                tracking_code=f"BENCH{number:07d}",
                category=chance.choice(form.category_list),
                content="测试用意见建议。",
                phone=f"1390{chance.randrange(2000):07d}",
                channel=chance.choice(channels),
                status=SuggestionStatus.CLOSED if done else SuggestionStatus.IN_PROGRESS,
                accept_due=received + datetime.timedelta(days=3),
                accepted_at=accepted,
                close_due=accepted + datetime.timedelta(days=30),
                closed_at=closed if done else None,
                satisfaction=chance.choice(verdicts) if done and chance.random() < 0.8 else "",
                evaluated_at=closed if done else None,
            )
        )
    rows = Suggestion.objects.bulk_create(rows, batch_size=1000)
    # submit_time is set on creation; spread it as the cases were received.
    for row in rows:
        row.submit_time = row.accepted_at - datetime.timedelta(days=1)
    Suggestion.objects.bulk_update(rows, ["submit_time"], batch_size=1000)
    return Suggestion.objects.count()


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    count = fill(today)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-report", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    query = {
        "period": "dates",
        "from": (today - datetime.timedelta(days=364)).isoformat(),
        "to": today.isoformat(),
    }
    url = reverse("reports_work")
    assert client.get(url, query).status_code == 200  # warm-up
    times = []
    for _run in range(RUNS):
        began = time.perf_counter()
        response = client.get(url, query)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200
    print(
        f"{connection.vendor}: {count} cases, report for {query['from']}–{query['to']}: "
        f"median {statistics.median(times) * 1000:.0f} ms of {RUNS} "
        f"(fastest {min(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
