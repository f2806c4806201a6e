"""工作台: the admin dashboard of a 审核 member, who sees every panel, reads in a fixed number
of queries however much work is waiting."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from discussions.models import FollowUpTask
from events.models import EventKind
from home.message_log import Message
from tests import factories

pytestmark = pytest.mark.django_db

# A Wednesday morning in Beijing.
NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
# Measured with the work below (one of them asks whether the staff member has two-step
# verification); a panel that starts reading per row changes it.
DASHBOARD_QUERIES = 33


def sections():
    return {
        "events": factories.event_index(),
        "form": factories.suggestion_form(factories.suggestion_index()),
        "records": factories.discussion_index(),
    }


def add_work(start, stop, *, events, form, records):
    """Items ``start``…``stop - 1`` of each kind of waiting work: events today, open quizzes,
    suggestions, overdue follow-up tasks and failed text messages."""
    for i in range(start, stop):
        factories.event(events, title=f"讲座{i}", starts_in=datetime.timedelta(hours=1 + i))
        quiz_event = factories.event(events, title=f"知识竞赛{i}", kind=EventKind.QUIZ)
        factories.quiz(quiz_event, questions=1)
        factories.suggestion(form, status="submitted", name=f"居民{i}")
        factories.record(
            records,
            title=f"议事会{i}",
            tasks=[FollowUpTask(task=f"跟进{i}", due_date=NOW.date() - datetime.timedelta(days=3))],
        )
        Message.objects.create(
            phone="13900001234",
            text="报名成功",
            kind=Message.Kind.REGISTERED,
            status="failed",
            error=Message.Error.INVALID_NUMBER,
            created_at=timezone.now(),
            last_attempt_at=timezone.now(),
        )


def test_the_workbench_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    reviewer = factories.staff_user("reviewer", first_name="红", last_name="周")
    reviewer.groups.add(Group.objects.get(name="审核"))
    client.force_login(reviewer)
    with time_machine.travel(NOW, tick=False):
        where = sections()
        add_work(0, 1, **where)
        client.get(reverse("wagtailadmin_home"))  # the session and caches settle
        with django_assert_num_queries(DASHBOARD_QUERIES):
            html = client.get(reverse("wagtailadmin_home")).content.decode()
        for marker in ("讲座0", "知识竞赛0", "居民", "跟进0", "139****1234"):
            assert marker in html, marker
        add_work(1, 6, **where)
        with django_assert_num_queries(DASHBOARD_QUERIES):
            html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "讲座5" in html and "跟进5" in html
