"""The purge on a big site: `DATABASE_URL=… python scripts/bench_purge.py [SCALE]`.

Migrates the database DATABASE_URL names (use one of its own: the rows stay), fills it with a
community's years of records, all past their retention period — SCALE × 100,000 registrations,
20,000 quiz attempts, 50,000 cases with 150,000 log notes, 100,000 text messages (SCALE 1 by
default) — and purges it as ``manage.py purge_personal_data`` does. Prints, per kind, the rows
purged, the time taken and the longest single transaction: what another request may have to
wait for.
"""

import datetime
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def fill(scale, now):
    from discussions.models import Suggestion, SuggestionEvent, SuggestionStatus
    from events.models import Attempt, EventKind, Registration
    from home.notifications import Message
    from tests import factories

    long_ago = now - datetime.timedelta(days=400)
    events = factories.event_index(slug="bench-purge-events")
    lectures = [factories.event(events, start=long_ago, slug=f"bench-purge-{n}") for n in range(20)]
    Registration.objects.bulk_create(
        (
            Registration(
                event=lectures[n % 20],
                code=f"P{n:09d}",
                name="王久余",
                phone=f"139{n:08d}",
                status="confirmed",
                created_at=long_ago,
            )
            for n in range(scale * 100_000)
        ),
        batch_size=2000,
    )
    quiz = factories.quiz(
        factories.event(events, kind=EventKind.QUIZ, start=long_ago, slug="bench-purge-quiz"),
        questions=0,
        question_count=5,
        opens_at=long_ago,
        closes_at=long_ago + datetime.timedelta(days=1),
    )
    Attempt.objects.bulk_create(
        (
            Attempt(
                quiz=quiz,
                token=f"bench{n}",
                name="李秀英",
                phone=f"138{n:08d}",
                deadline=long_ago,
                max_score=100,
                score=80,
                submitted_at=long_ago,
            )
            for n in range(scale * 20_000)
        ),
        batch_size=2000,
    )
    form = factories.suggestion_form(factories.suggestion_index(slug="bench-purge-cases"))
    cases = Suggestion.objects.bulk_create(
        (
            Suggestion(
                page=form,
                form_data={"identity": "社区党员", "place": f"{n % 30}号楼"},
                tracking_code=f"PURGE{n:09d}",
                category="社区治理",
                content="楼道灯坏了，晚上看不见。",
                name="赵文刚",
                phone=f"137{n % 5000:08d}",
                status=SuggestionStatus.CLOSED,
                accept_due=long_ago,
                accepted_at=long_ago,
                closed_at=long_ago + datetime.timedelta(days=n % 60),
                established="灯泡老化",
                solved="已更换",
                measures="每月巡查",
            )
            for n in range(scale * 50_000)
        ),
        batch_size=2000,
    )
    SuggestionEvent.objects.bulk_create(
        (
            SuggestionEvent(suggestion=case, to_status="closed", at=long_ago, note="电话回访居民。")
            for case in cases
            for _step in range(3)
        ),
        batch_size=2000,
    )
    Message.objects.bulk_create(
        (
            Message(
                phone=f"136{n:08d}", phone_masked="136****0000", text="通知", created_at=long_ago
            )
            for n in range(scale * 100_000)
        ),
        batch_size=2000,
    )


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from home import purge

    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    call_command("migrate", verbosity=0)
    now = timezone.now()
    began = time.perf_counter()
    fill(scale, now)
    print(f"{connection.vendor}: filled in {time.perf_counter() - began:.0f} s")

    longest = {}

    class TimedTransactions:
        """Stands in for django.db.transaction inside home.purge, timing each batch."""

        @staticmethod
        @contextmanager
        def atomic():
            started = time.perf_counter()
            with transaction.atomic():
                yield
            longest[current[0]] = max(longest.get(current[0], 0), time.perf_counter() - started)

    current = [""]
    purge.transaction = TimedTransactions
    cutoffs = purge.Cutoffs.from_settings(now=now)
    total = time.perf_counter()
    for kind in purge.all_kinds(cutoffs):
        current[0] = kind.key
        started = time.perf_counter()
        count = purge.run(kind)
        if count:
            print(
                f"  {kind.key}: {count} rows in {time.perf_counter() - started:.1f} s, "
                f"longest transaction {longest[kind.key] * 1000:.0f} ms"
            )
    print(f"{connection.vendor}: purge took {time.perf_counter() - total:.1f} s")


if __name__ == "__main__":
    main()
