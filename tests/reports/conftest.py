import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group

from discussions.models import FollowUpTask
from events.models import EventKind, Registration
from tests import factories

from .data import at, fourth_quarter_cases, reception_schedule, repeat_case

# Monday 5 January 2026: the fourth quarter of 2025 is the previous quarter, and over.
NOW = at("2026-01-05 10:00")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def reviewer(db):
    user = factories.staff_user("reviewer")
    user.groups.add(Group.objects.get(name="审核"))
    return user


@pytest.fixture
def form(db):
    return factories.suggestion_form(factories.suggestion_index())


@pytest.fixture
def quarter(frozen, form):
    """Cases, an event with registrations, a quiz, a reception schedule and a meeting."""
    cases = fourth_quarter_cases(form)
    cases["repeat"] = repeat_case(form, cases)
    index = factories.event_index()
    lecture = factories.event(index, start=at("2025-11-10 14:00"), kind=EventKind.LECTURE)
    for number, (status, checked_in) in enumerate(
        [("confirmed", True), ("confirmed", True), ("confirmed", False), ("cancelled", False)]
    ):
        Registration.objects.create(
            event=lecture,
            code=f"R{number:07d}",
            name="王久余",
            phone=factories.phone(100 + number),
            status=status,
            checked_in_at=at("2025-11-10 13:50") if checked_in else None,
        )
    quiz_event = factories.event(index, start=at("2025-11-12 09:00"), kind=EventKind.QUIZ)
    quiz = factories.quiz(
        quiz_event, opens_at=at("2025-11-12 09:00"), closes_at=at("2025-11-20 18:00")
    )
    from events.models import Question

    every = list(Question.objects.values_list("pk", flat=True))
    factories.quiz_attempt(quiz, factories.phone(200), right=every, now=at("2025-11-12 10:00"))
    factories.quiz_attempt(quiz, factories.phone(201), right=(), now=at("2025-11-12 11:00"))
    reception_schedule()
    factories.record(
        factories.discussion_index(),
        start=at("2025-11-05 19:00"),
        tasks=[
            FollowUpTask(task="更新宣传栏", due_date=datetime.date(2025, 11, 30), done=True),
            FollowUpTask(task="走访独居老人", due_date=datetime.date(2025, 12, 15)),
            FollowUpTask(task="年度总结", due_date=datetime.date(2026, 2, 1)),
        ],
    )
    return cases
