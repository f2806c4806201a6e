"""The staff groups made by the migrations (编辑, 审核, 活动志愿者) run events: each member opens
every 活动报名 menu item it is shown, and every events admin screen its group may use, and is
refused (403) every other one. Members hold no permission of their own and no staff flag."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

from events import services
from events.models import EventKind, Question
from tests import factories
from tests.events.admin.helpers import register

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

EDITORS, MODERATORS, VOLUNTEERS = "编辑", "审核", "活动志愿者"
GROUPS = (EDITORS, MODERATORS, VOLUNTEERS)
STAFF = {EDITORS, MODERATORS}
EVERYONE = set(GROUPS)
ONLY_MODERATORS = {MODERATORS}


def member(group):
    user = get_user_model().objects.create_user(f"member-{GROUPS.index(group)}", password="pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def world():
    index = factories.event_index()
    today = factories.event(index, title="今天的讲座", starts_in=datetime.timedelta(hours=1))
    tomorrow = factories.event(index, title="明天的讲座", starts_in=datetime.timedelta(days=1))
    quiz = factories.quiz(
        factories.event(index, title="知识竞赛", kind=EventKind.QUIZ), questions=3
    )
    registration = register(today, 1, name="张小三")
    arrived = register(today, 2, name="李四")
    services.check_in(event=today, code=arrived.code)
    return {
        "today": today,
        "tomorrow": tomorrow,
        "quiz": quiz,
        "registration": registration,
        "arrived": arrived,
        "question": Question.objects.first(),
    }


def screens(world):
    """(what, url, groups that may open it): every events admin screen."""
    today, tomorrow, quiz = world["today"], world["tomorrow"], world["quiz"]
    registration, question = world["registration"], world["question"]
    registrations = reverse("event_registrations:index")
    quiz_url = lambda name: reverse(f"event_quizzes:{name}", args=[quiz.pk])  # noqa: E731
    bulk = reverse("wagtail_bulk_action", args=["events", "registration", "check_in"])
    bulk_cancel = reverse("wagtail_bulk_action", args=["events", "registration", "cancel"])
    bank = "question_bank"
    return [
        ("全部活动", reverse("event_pages:index"), STAFF),
        ("报名记录", registrations, STAFF),
        ("报名记录 (one event)", f"{registrations}?event={today.pk}", STAFF),
        ("报名记录 results", reverse("event_registrations:index_results"), STAFF),
        ("报名记录 export", f"{registrations}?export=csv", ONLY_MODERATORS),
        (
            "details",
            reverse("event_registrations:inspect", args=[registration.pk]),
            STAFF,
        ),
        ("取消报名", reverse("event_registrations:cancel", args=[registration.pk]), STAFF),
        ("bulk check-in", f"{bulk}?id={registration.pk}", STAFF),
        ("bulk cancel", f"{bulk_cancel}?id={registration.pk}", STAFF),
        ("代报名", reverse("events_register:index"), STAFF),
        ("签到", reverse("events_checkin_desk:index"), EVERYONE),
        ("签到 (event)", reverse("events_checkin", args=[today.pk]), EVERYONE),
        (
            "撤销签到",
            f"{reverse('events_checkin_undo', args=[today.pk])}?code={world['arrived'].code}",
            EVERYONE,
        ),
        ("今日签到表", reverse("events_rosters:index"), EVERYONE),
        ("签到表 today", reverse("events_rosters:event", args=[today.pk]), EVERYONE),
        ("签到表 tomorrow", reverse("events_rosters:event", args=[tomorrow.pk]), STAFF),
        ("线上答题", reverse("event_quizzes:index"), STAFF),
        ("成绩", quiz_url("results"), STAFF),
        ("成绩 export", f"{quiz_url('results')}?export=csv", ONLY_MODERATORS),
        ("统计", quiz_url("statistics"), STAFF),
        ("代录纸质成绩", quiz_url("paper_scores"), STAFF),
        ("线上答题 settings", quiz_url("edit"), STAFF),
        ("题库", reverse(f"{bank}:list"), STAFF),
        ("题库 add", reverse(f"{bank}:add"), STAFF),
        ("题库 edit", reverse(f"{bank}:edit", args=[question.pk]), STAFF),
        ("题库 import", reverse(f"{bank}:import"), STAFF),
    ]


def events_menu(user):
    """(label, url) of the 活动报名 group's menu items ``user`` is shown."""
    reverse("wagtailadmin_home")  # the viewsets add their menu items as the admin URLs load
    request = RequestFactory().get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if isinstance(item, SubmenuMenuItem) and str(item.label) == "活动报名":
            return {
                str(entry.url): str(entry.label)
                for entry in item.menu.menu_items_for_request(request)
            }
    return {}


@pytest.mark.parametrize("group", GROUPS)
def test_each_group_opens_its_screens_and_is_refused_the_rest(client, world, group):
    user = member(group)
    assert not user.is_staff and not user.is_superuser
    client.force_login(user)
    assert client.get("/admin/").status_code == 200  # the group alone opens the admin
    for what, url, groups in screens(world):
        status = client.get(url).status_code
        expected = 200 if group in groups else 403
        assert status == expected, f"{group}: {what} {url} answered {status}"


@pytest.mark.parametrize("group", GROUPS)
def test_each_group_opens_every_events_menu_item_it_sees(client, world, group):
    everything = events_menu(factories.staff_user("boss", superuser=True))
    user = member(group)
    shown = events_menu(user)
    client.force_login(user)
    for url, label in shown.items():
        assert client.get(url).status_code == 200, f"{group}: {label} {url}"
    for url, label in everything.items():
        if url not in shown:
            assert client.get(url).status_code == 403, f"{group}: {label} {url}"


def test_menu_labels_by_group(world):
    staff_labels = set(events_menu(member(EDITORS)).values())
    assert {"报名记录", "代报名", "签到", "线上答题", "题库"} <= staff_labels
    assert set(events_menu(member(MODERATORS)).values()) == staff_labels
    volunteer = events_menu(member(VOLUNTEERS))
    assert set(volunteer) == {
        reverse("events_checkin_desk:index"),
        reverse("events_rosters:index"),
    }
    assert volunteer[reverse("events_checkin_desk:index")] == "签到"


def test_only_moderators_see_full_numbers(client, world):
    registration = world["registration"]
    for group, shown in ((EDITORS, "139****0001"), (MODERATORS, registration.phone)):
        client.force_login(member(group))
        html = client.get(reverse("event_registrations:index")).content.decode()
        assert shown in html
        assert (registration.phone in html) == (group == MODERATORS)
        assert ("export=csv" in html) == (group == MODERATORS)


def test_volunteers_check_in_and_undo(client, world):
    registration = world["registration"]
    client.force_login(member(VOLUNTEERS))
    url = reverse("events_checkin", args=[world["today"].pk])
    response = client.post(url, {"code": registration.code})
    assert 'data-checkin-result="checked_in"' in response.content.decode()
    undo = reverse("events_checkin_undo", args=[world["today"].pk])
    client.post(undo, {"code": registration.code})
    registration.refresh_from_db()
    assert registration.checked_in_at is None
