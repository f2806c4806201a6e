"""Each staff group opens every admin menu item it is shown, and is refused every one it is not.

The groups are the ones the data migrations make (编辑, 审核, 活动志愿者); their members hold no
permission of their own and no ``is_staff`` flag: group membership alone opens the admin. The
superuser's menu is the whole menu, so what a member is not shown is the superuser's menu
less the member's own.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

from tests import factories

pytestmark = pytest.mark.django_db

GROUPS = ["编辑", "审核", "活动志愿者"]
# The menu labels staff know: each of 编辑 and 审核 finds all of them, a door volunteer only 签到.
STAFF_MENU = {
    "报名记录",
    "代报名",
    "签到",
    "线上答题",
    "题库",
    "意见建议办理",
    "接访登记",
    "下访记录",
    "工作报告",
    "通知公告",
    "议事记录",
}
MUST_SEE = {"编辑": STAFF_MENU, "审核": STAFF_MENU, "活动志愿者": {"签到", "今日签到表"}}
MUST_NOT_SEE = {"活动志愿者": STAFF_MENU - {"签到"}}


def menu(user):
    """(label, url) of every link in ``user``'s admin menu, submenus opened."""
    reverse("wagtailadmin_home")  # the viewsets add their menu items as the admin URLs load
    request = RequestFactory().get("/admin/")
    request.user = user

    def walk(items):
        for item in items:
            if isinstance(item, SubmenuMenuItem):
                yield from walk(item.menu.menu_items_for_request(request))
            elif str(item.url).startswith("/admin/"):
                yield str(item.label), str(item.url)

    return dict(walk(admin_menu.menu_items_for_request(request)))


@pytest.fixture
def site_with_an_event():
    index = factories.event_index()
    factories.event(index, title="廉政知识讲座")


def member(name):
    user = get_user_model().objects.create_user(f"member-{GROUPS.index(name)}", password="pw")
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.mark.parametrize("group", GROUPS)
def test_a_member_opens_what_the_menu_shows_and_is_refused_the_rest(
    client, group, site_with_an_event
):
    everything = menu(factories.staff_user("boss", superuser=True))
    user = member(group)
    shown = menu(user)
    labels = set(shown)
    assert MUST_SEE[group] <= labels, MUST_SEE[group] - labels
    assert not (MUST_NOT_SEE.get(group, set()) & labels)
    client.force_login(user)
    for label, url in shown.items():
        status = client.get(url).status_code
        assert status == 200, f"{group} {label} {url}: {status}"
    for label, url in everything.items():
        if label in shown:
            continue
        status = client.get(url).status_code
        assert status == 403, f"{group} {label} {url}: {status}"


def test_membership_alone_opens_the_admin(client):
    for group in GROUPS:
        user = member(group)
        assert not user.is_staff and not user.is_superuser
        client.force_login(user)
        assert client.get("/admin/").status_code == 200
    # Without a staff group, the same kind of account does not get in.
    client.force_login(get_user_model().objects.create_user("resident", password="pw"))
    refused = client.get("/admin/")
    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")


def test_the_dashboard_search_shows_only_to_staff_with_pages_to_search(client):
    for group, shown in (("编辑", True), ("活动志愿者", False)):
        client.force_login(member(group))
        html = client.get("/admin/").content.decode()
        assert ('role="search"' in html) is shown, group
        assert 'value="Search"' not in html
