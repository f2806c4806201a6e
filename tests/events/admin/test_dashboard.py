"""The dashboard's panels for running events: 工作台 (today's and this week's events with their
counts and links) and the quizzes open now, each in one query however many events there are."""

import datetime

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import timezone

from events import services
from events.admin.dashboard import OpenQuizzesPanel, WorkbenchPanel
from tests import factories
from tests.events.admin.helpers import register
from tests.events.helpers import staff

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime(2026, 12, day, hour, minute))


NOW = at(2, 9)  # Wednesday 2 December 2026


def render(panel, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return panel.render_html({"request": request})


def warm(user):
    """The user's permissions are read once per request, before any panel."""
    user.has_perm("events.view_registration")
    return user


@pytest.fixture
def week(index):
    with time_machine.travel(NOW, tick=False):
        today = factories.event(index, title="今天的讲座", start=at(2, 14, 30), capacity=2)
        friday = factories.event(index, title="周五的竞赛", start=at(4, 9), kind="quiz")
        next_week = factories.event(index, title="下周的讲座", start=at(8, 9))
        first = register(today, 1)
        register(today, 2)
        register(today, 3)  # waits
    with time_machine.travel(at(2, 13), tick=False):
        services.check_in(event=today, code=first.code)
    return {"today": today, "friday": friday, "next_week": next_week}


def test_workbench_shows_today_and_this_week_with_counts_and_links(week):
    user = warm(staff("door", "check_in_registration"))
    with time_machine.travel(NOW, tick=False):
        html = render(WorkbenchPanel.for_user(user), user)
    today = html[html.index('data-workbench="today"') : html.index('data-workbench="week"')]
    later = html[html.index('data-workbench="week"') :]
    assert "今天的讲座" in today and "周五的竞赛" not in today
    assert 'data-confirmed="2" data-waitlisted="1" data-attended="1"' in today
    assert "周五的竞赛" in later and "下周的讲座" not in html
    assert f"/admin/events/checkin/{week['today'].pk}/" in today
    assert f"/admin/events/rosters/{week['today'].pk}/" in today
    # Without the list of names, other days' rosters are not offered; nor the list itself.
    assert f"/admin/events/rosters/{week['friday'].pk}/" not in later
    assert "/admin/events/registrations/" not in html


def test_workbench_links_follow_permissions(week):
    user = warm(staff("clerk", "view_registration"))
    with time_machine.travel(NOW, tick=False):
        html = render(WorkbenchPanel.for_user(user), user)
    assert f"/admin/events/registrations/?event={week['friday'].pk}" in html
    assert "/admin/events/checkin/" not in html and "/admin/events/rosters/" not in html
    assert WorkbenchPanel.for_user(staff("nobody")) is None


@pytest.mark.parametrize("extra", [0, 5])
def test_workbench_reads_in_one_query(index, week, extra, django_assert_num_queries):
    with time_machine.travel(NOW, tick=False):
        for number in range(extra):
            event = factories.event(index, start=at(3, 9 + number))
            register(event, 100 + number)
        user = warm(staff("office", "check_in_registration", "view_registration"))
        panel = WorkbenchPanel.for_user(user)
        with django_assert_num_queries(1):
            html = render(panel, user)
    assert html.count("data-event-id=") == 2 + extra


def test_open_quizzes_panel(index, django_assert_num_queries):
    quizzes = [factories.quiz(factories.event(index, kind="quiz"), questions=2) for _ in range(3)]
    closed = factories.quiz(
        factories.event(index, kind="quiz"),
        questions=1,
        opens_at=timezone.now() - datetime.timedelta(days=3),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    factories.quiz_attempt(quizzes[0], factories.phone(1))
    factories.quiz_attempt(quizzes[0], factories.phone(2))
    factories.quiz_attempt(quizzes[1], factories.phone(3), submit=False)  # not handed in yet
    user = warm(staff("quizmaster", "view_quiz"))
    panel = OpenQuizzesPanel.for_user(user)
    with django_assert_num_queries(1):
        html = render(panel, user)
    assert f'data-quiz-id="{quizzes[0].pk}" data-handed-in="2"' in html
    assert f'data-quiz-id="{quizzes[1].pk}" data-handed-in="0"' in html
    assert f'data-quiz-id="{closed.pk}"' not in html
    assert f"/admin/events/quizzes/{quizzes[0].pk}/results/" in html
    assert OpenQuizzesPanel.for_user(staff("door", "check_in_registration")) is None


def test_the_dashboard_shows_the_panels_to_those_who_hold_the_permissions(client, week):
    client.force_login(staff("door", "check_in_registration"))
    html = client.get("/admin/").content.decode()
    assert "data-events-workbench" in html and "data-open-quizzes" not in html
    client.force_login(staff("quizmaster", "view_quiz"))
    html = client.get("/admin/").content.decode()
    assert "data-events-workbench" not in html and "data-open-quizzes" in html
