"""The report's figures of events, the quiz, meeting records and reception days, aggregated
in the database: a fixed number of queries for a period however much happened in it.

Only what has happened counts: events and meetings that have begun, sessions up to today.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from discussions.models import FollowUpTask, MeetingRecordPage, ReceptionDay, ReceptionRule
from discussions.reception.schedule import occurrences
from events.models import Attempt, EventKind, EventPage, Registration

from .periods import Period

CONFIRMED = Registration.Status.CONFIRMED
CANCELLED = Registration.Status.CANCELLED


def event_figures(period: Period, now: datetime.datetime) -> dict:
    """Events held (begun within the period), their registrations and attendance, by kind."""
    rows = (
        EventPage.objects.live()
        .filter(start__gte=period.start, start__lt=period.until(now))
        .order_by()
        .values("kind")
        .annotate(
            n_events=Count("pk", distinct=True),
            n_registrations=Count(
                "registrations", filter=~Q(registrations__status=CANCELLED), distinct=True
            ),
            n_confirmed=Count(
                "registrations", filter=Q(registrations__status=CONFIRMED), distinct=True
            ),
            n_checked_in=Count(
                "registrations",
                filter=Q(
                    registrations__status=CONFIRMED, registrations__checked_in_at__isnull=False
                ),
                distinct=True,
            ),
        )
    )
    by_kind = {row["kind"]: row for row in rows}
    kinds = []
    for kind in EventKind:
        row = by_kind.get(kind.value, {})
        kinds.append(
            {
                "kind": kind.value,
                "label": kind.label,
                **{
                    name: row.get(f"n_{name}", 0)
                    for name in ("events", "registrations", "confirmed", "checked_in")
                },
            }
        )
    totals = {
        name: sum(row[name] for row in kinds)
        for name in ("events", "registrations", "confirmed", "checked_in")
    }
    return {**totals, "kinds": kinds}


def quiz_figures(period: Period, now: datetime.datetime) -> dict:
    """Results handed in or entered within the period, online and on paper."""
    done = Q(score__isnull=False)
    return Attempt.objects.filter(
        done, submitted_at__gte=period.start, submitted_at__lt=period.until(now)
    ).aggregate(
        participants=Count("pk"),
        online=Count("pk", filter=Q(source=Attempt.Source.ONLINE)),
        paper=Count("pk", filter=Q(source=Attempt.Source.PAPER)),
        # Each quiz has its own pass mark.
        passed=Count("pk", filter=Q(score__gte=F("quiz__pass_mark"))),
        average=Avg("score"),
        average_max=Avg("max_score"),
    )


def record_figures(period: Period, now: datetime.datetime) -> dict:
    """Meetings held in the period, and the follow-up tasks they set: done, open and overdue
    (open past the due date, as of the period's last day or today when that is sooner)."""
    held = Q(start__gte=period.start, start__lt=period.until(now))
    meetings = MeetingRecordPage.objects.live().filter(held).count()
    as_of = min(period.last, timezone.localdate(now))
    tasks = FollowUpTask.objects.filter(
        page__live=True,
        page__start__gte=period.start,
        page__start__lt=period.until(now),
    ).aggregate(
        n_tasks=Count("pk"),
        n_done=Count("pk", filter=Q(done=True)),
        n_open=Count("pk", filter=Q(done=False)),
        n_overdue=Count("pk", filter=Q(done=False, due_date__lt=as_of)),
    )
    return {"meetings": meetings, **{name[2:]: value for name, value in tasks.items()}}


def reception_sessions(period: Period, today: datetime.date) -> int:
    """Sessions held by every live schedule from the period's first day up to today: the weekly
    sessions and one-off days, less those a holiday called off (as the public schedule)."""
    last = min(period.last, today)
    if last < period.first:
        return 0
    rules, days = defaultdict(list), defaultdict(list)
    for rule in ReceptionRule.objects.filter(page__live=True):
        rules[rule.page_id].append(rule)
    for day in ReceptionDay.objects.filter(page__live=True, date__gte=period.first, date__lte=last):
        days[day.page_id].append(day)
    return sum(
        1
        for page_id in set(rules) | set(days)
        for session in occurrences(rules[page_id], days[page_id], period.first, last)
        if not session.is_cancelled
    )
