"""工作台: the panel of text messages that failed in the last week."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from home.admin_messages import FailedMessagesPanel
from home.message_log import Message

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


def logged(days_ago, status="failed", phone="13900001234", **fields):
    fields.setdefault("kind", Message.Kind.REGISTERED)
    return Message.objects.create(
        phone=phone,
        text="报名成功：廉政文化讲座",
        status=status,
        provider_answer=fields.pop("answer", "号码已停机"),
        error=Message.Error.INVALID_NUMBER if status == "failed" else "",
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
        last_attempt_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )


def staff(*codenames):
    user = User.objects.create_user("li", password="pw-for-tests-only", last_name="李")
    user.groups.add(Group.objects.get(name="编辑"))
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)  # permissions are cached on the instance


def panel_of(client, user):
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    return BeautifulSoup(html, "html.parser").select_one("[data-failed-messages]")


@time_machine.travel(NOW, tick=False)
def test_the_panel_lists_failed_messages_of_the_week_masked_and_links_to_the_log(client):
    logged(1, phone="13900001234", answer="号码已停机")
    logged(2, kind=Message.Kind.REMINDER, phone="13800005678", answer="")
    logged(9, phone="13700009999")  # older than a week
    logged(1, status="sent", phone="13600001111")
    panel = panel_of(client, staff("view_message"))
    assert panel is not None and panel["data-total"] == "2"
    rows = [row.get_text(" ", strip=True) for row in panel.select("[data-failed-message]")]
    assert len(rows) == 2
    assert "139****1234" in rows[0] and "号码已停机" in rows[0]
    assert "2026年11月29日 17:00" in rows[0]  # Beijing time, one day earlier
    assert "138****5678" in rows[1] and str(Message.Kind.REMINDER.label) in rows[1]
    assert str(Message.Error.INVALID_NUMBER.label) in rows[1]  # no answer: the error's name
    html = str(panel)
    assert "13900001234" not in html and "13700009999" not in html and "136****1111" not in html
    log_url = panel.select_one("a.qf-failed-panel__all")["href"]
    assert log_url == reverse("text_messages:index") + "?status=failed"
    listing = client.get(log_url).content.decode()
    assert "139****1234" in listing and "136****1111" not in listing


@time_machine.travel(NOW, tick=False)
def test_no_panel_without_recent_failures_or_without_the_permission(client):
    logged(8)
    logged(0, status="sent")
    user = staff("view_message")
    assert panel_of(client, user) is None
    logged(0)
    assert panel_of(client, user) is not None
    nobody = User.objects.create_user("wang", password="pw-for-tests-only")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert panel_of(client, nobody) is None


@pytest.mark.parametrize("failures", [1, 20])
@time_machine.travel(NOW, tick=False)
def test_the_panel_takes_two_queries_however_many_failed(failures, django_assert_num_queries):
    for number in range(failures):
        logged(1, phone=f"1390000{number:04d}")
    user = staff("view_message")
    user.has_perm("home.view_message")  # the dashboard has loaded the permissions already
    with django_assert_num_queries(2):
        panel = FailedMessagesPanel.for_user(user)
        html = render_to_string(panel.template_name, panel.get_context_data())
    assert html.count("data-failed-message>") == min(failures, FailedMessagesPanel.shown)
