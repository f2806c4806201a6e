"""The schedule as a resident sees it at every weekday and at the hours that matter: just after
midnight Beijing time, around each session's start and end, and just before midnight.

Two weekly sessions (Monday 9:00–12:00, Thursday 14:30–17:30) shown two weeks ahead: today's
session is upcoming, in progress or over, the rest of this week and next week follow, and the
recent list starts with the last session that has ended. The page is built once for the module
(tests/once.py) and the clock set for each case.
"""

import datetime
import re

import pytest
import time_machine
from django.utils.translation import override

from home.formatting import format_date
from tests.discussions.reception.helpers import MONDAY, SHANGHAI, THURSDAY, at, rule, schedule
from tests.once import built_once

pytestmark = pytest.mark.django_db

SESSIONS = {MONDAY: (at(9), at(12)), THURSDAY: (at(14, 30), at(17, 30))}
WEEK = [datetime.date(2026, 11, 30) + datetime.timedelta(days=n) for n in range(7)]
TIMES = [
    at(0),
    at(0, 30),
    at(8, 59),
    at(9),
    at(10, 30),
    at(11, 59),
    at(12),
    at(14, 29),
    at(14, 30),
    at(16),
    at(17, 29),
    at(17, 30),
    at(23, 59),
]


@pytest.fixture(scope="module")
def page(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker):
        rules = [rule(day, start, end) for day, (start, end) in SESSIONS.items()]
        yield schedule(rules=rules, weeks_ahead=2)


def expected_sessions(now):
    """(start, status) of every session from today to 13 days on, as the resident should see
    them: today's "now" while it runs and "ended" once over, the others with no status."""
    found = []
    for offset in range(14):
        day = now.date() + datetime.timedelta(days=offset)
        if day.weekday() not in SESSIONS:
            continue
        start, end = (
            datetime.datetime.combine(day, moment, SHANGHAI) for moment in SESSIONS[day.weekday()]
        )
        status = ""
        if day == now.date():
            status = "ended" if now >= end else "now" if now >= start else ""
        found.append((start.isoformat(), status))
    return found


def last_held(now):
    """The date of the last session that has ended by ``now``."""
    day = now.date()
    while True:
        if day.weekday() in SESSIONS:
            end = datetime.datetime.combine(day, SESSIONS[day.weekday()][1], SHANGHAI)
            if end <= now:
                return day
        day -= datetime.timedelta(days=1)


def shown_sessions(html):
    upcoming = html.split('id="upcoming-heading"')[1].split('id="regular-heading"')[0]
    found = re.findall(
        r'<li class="reception-session regular ?(now|ended)?">\s*<p class="reception-when">\s*'
        r'<span><time datetime="([^"]+)"',
        upcoming,
    )
    return [(start, status) for status, start in found]


@pytest.mark.parametrize("moment", TIMES, ids=lambda moment: moment.strftime("%H%M"))
@pytest.mark.parametrize("today", WEEK, ids=lambda day: day.strftime("%a"))
def test_the_schedule_at_every_weekday_and_hour(client, page, today, moment):
    now = datetime.datetime.combine(today, moment, SHANGHAI)
    with time_machine.travel(now, tick=False):
        html = client.get(page.url).content.decode()
    assert shown_sessions(html) == expected_sessions(now)
    # The two weeks shown start today, Beijing time, even just after midnight.
    with override("zh-hans"):
        first, last = format_date(today), format_date(today + datetime.timedelta(days=13))
    assert first in html and last in html
    # The 今天 badge, on a day with a session.
    assert ("badge today" in html) == (today.weekday() in SESSIONS)
    # Both weekly sessions stay listed under 每周, whatever the hour.
    regular = html.split('id="regular-heading"')[1].split("</section>")[0]
    assert regular.count('class="reception-session regular"') == 2
    recent = re.findall(r'data-recent-date="([\d-]+)"', html)
    assert recent[0] == last_held(now).isoformat()
