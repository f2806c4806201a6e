"""The dashboard's follow-up panel: tasks past their due date from every meeting record, the
longest overdue first, each opening its record in the page editor; for staff who edit pages."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from discussions.models import FollowUpTask
from discussions.records.dashboard import PANEL_ROWS, OverdueTasksPanel
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=timezone.get_fixed_timezone(8 * 60))
TODAY = datetime.date(2026, 11, 27)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def editor():
    user = factories.staff_user("editor", first_name="建国", last_name="李")
    user.groups.add(Group.objects.get(name="编辑"))
    return user


def tasks_in(html):
    """[(task, edit url)] of the panel, in order."""
    panel = html[html.index("data-overdue-tasks") :]
    return re.findall(r'<a class="qf-work-list__link" href="([^"]+)">\s*<span[^>]*>([^<]+)', panel)


def test_overdue_tasks_from_every_record_longest_overdue_first(client, editor):
    index = factories.discussion_index()
    with time_machine.travel(NOW, tick=False):
        council = factories.record(
            index,
            title="居民议事会",
            tasks=[
                FollowUpTask(task="更新宣传栏", owner="王主任", due_date=TODAY - 2 * DAY),
                FollowUpTask(task="已办的事", due_date=TODAY - 9 * DAY, done=True),
                FollowUpTask(task="还没到期", due_date=TODAY),
                FollowUpTask(task="没有期限"),
            ],
        )
        committee = factories.record(
            index,
            title="支部委员会",
            tasks=[FollowUpTask(task="开展廉政讲座", due_date=TODAY - 10 * DAY)],
        )
        client.force_login(editor)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        # The editor opens the record from the panel (in the same sitting: staff sessions end
        # after two idle hours).
        opened = client.get(tasks_in(html)[0][0]).status_code
    assert opened == 200
    assert 'data-count="2"' in html
    assert tasks_in(html) == [
        (reverse("wagtailadmin_pages:edit", args=[committee.pk]), "开展廉政讲座"),
        (reverse("wagtailadmin_pages:edit", args=[council.pk]), "更新宣传栏"),
    ]
    assert "支部委员会" in html and "居民议事会" in html and "王主任" in html
    assert "2026年11月17日" in html  # the due date, as staff write it


def test_the_panel_reads_two_queries_however_many_tasks(editor, django_assert_num_queries):
    index = factories.discussion_index()
    request = RequestFactory().get("/admin/")
    request.user = editor

    def rendered():
        with django_assert_num_queries(2):  # the count; the first rows with their record
            return OverdueTasksPanel().render_html({"request": request})

    with time_machine.travel(NOW, tick=False):
        factories.record(index, tasks=[FollowUpTask(task="事项0", due_date=TODAY - DAY)])
        assert len(tasks_in(rendered())) == 1
        for number in range(1, 5):
            factories.record(
                index,
                tasks=[
                    FollowUpTask(task=f"事项{number}-{n}", due_date=TODAY - number * DAY)
                    for n in range(5)
                ],
            )
        html = rendered()
    assert len(tasks_in(html)) == PANEL_ROWS
    assert 'data-count="21"' in html


def test_only_staff_who_edit_pages_see_the_panel(client, editor):
    index = factories.discussion_index()
    factories.record(index, tasks=[FollowUpTask(task="传达", due_date=TODAY - DAY)])
    handler = factories.staff_user(
        "handler", "discussions.view_suggestion", "discussions.handle_suggestion"
    )
    with time_machine.travel(NOW, tick=False):
        client.force_login(handler)
        assert "data-overdue-tasks" not in client.get(reverse("wagtailadmin_home")).content.decode()
        client.force_login(editor)
        assert "data-overdue-tasks" in client.get(reverse("wagtailadmin_home")).content.decode()
