"""Every discussions screen of the admin checks one named permission: a volunteer at the door
(活动志愿者, whose group opens the admin and nothing of ours) meets a 403 on each and sees none
of 意见建议办理 or 议事记录 in the menu or on the dashboard; 编辑 and 审核 work there."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils.http import urlencode

from discussions.models import FollowUpTask, SuggestionSettings
from discussions.models import SuggestionStatus as S
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer():
    """A user in a group holding only wagtailadmin.access_admin, as the door volunteers'."""
    group = Group.objects.create(name="门口志愿者")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user = factories.staff_user("volunteer", first_name="志愿", last_name="周")
    user.user_permissions.clear()
    user.groups.add(group)
    return user


@pytest.fixture
def site_content():
    index = factories.suggestion_index()
    form = factories.suggestion_form(index)
    records = factories.discussion_index()
    record = factories.record(records, tasks=[FollowUpTask(task="传达")])
    item = factories.suggestion(form, name="王久余", phone=factories.phone(1))
    return {"form": form, "record": record, "item": item}


def discussions_urls(content):
    bulk = "wagtail_bulk_action"
    pk = content["item"].pk
    settings = SuggestionSettings.objects.get_or_create(site=content["form"].get_site())[0]
    return [
        reverse("suggestions:index"),
        reverse("suggestions:index_results"),
        reverse("suggestions:index") + "?export=csv",
        reverse("suggestions:inspect", args=[pk]),
        reverse(bulk, args=["discussions", "suggestion", "accept"]) + f"?id={pk}",
        reverse(bulk, args=["discussions", "suggestion", "assign"]) + f"?id={pk}",
        reverse("meeting_records:index"),
        reverse("meeting_records:index_results"),
        reverse("meeting_records:choose_parent"),
        reverse("discussions_suggestion_settings"),
        reverse("discussions_suggestion_settings", args=[settings.pk]),
        reverse("discussions_delete_submissions", args=[content["form"].pk]),
    ]


def menu_urls(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    return json.dumps(json.loads(props.group(1)), ensure_ascii=False), html


def test_a_volunteer_meets_a_403_on_every_discussions_screen(client, volunteer, site_content):
    client.force_login(volunteer)
    for url in discussions_urls(site_content):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "data-permission-denied" in response.content.decode(), url
        assert factories.phone(1) not in response.content.decode()
    item = site_content["item"]
    for url, data in (
        (reverse("suggestions:inspect", args=[item.pk]), {"action": S.ACCEPTED}),
        (
            reverse("wagtail_bulk_action", args=["discussions", "suggestion", "accept"])
            + "?"
            + urlencode({"id": item.pk}),
            {},
        ),
        (reverse("discussions_delete_submissions", args=[site_content["form"].pk]), {}),
    ):
        assert client.post(url, data).status_code == 403, url
    item.refresh_from_db()
    assert item.status == S.SUBMITTED


def test_a_volunteer_sees_none_of_it_in_the_menu_or_on_the_dashboard(
    client, volunteer, site_content
):
    client.force_login(volunteer)
    menu, html = menu_urls(client)
    for url in (reverse("suggestions:index"), reverse("meeting_records:index")):
        assert url not in menu
    assert "data-suggestion-queue" not in html and "data-overdue-tasks" not in html


@pytest.mark.parametrize("group", ["编辑", "审核"])
def test_staff_groups_work_the_queue_and_the_records(client, site_content, group):
    user = factories.staff_user("staff", first_name="文刚", last_name="赵")
    user.user_permissions.clear()
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    menu, html = menu_urls(client)
    assert reverse("suggestions:index") in menu and reverse("meeting_records:index") in menu
    assert "data-suggestion-queue" in html and "data-overdue-tasks" in html
    for url in (
        reverse("suggestions:index"),
        reverse("suggestions:inspect", args=[site_content["item"].pk]),
        reverse("meeting_records:index"),
    ):
        assert client.get(url).status_code == 200, url
    # Full numbers and the export stay with 审核.
    export = client.get(reverse("suggestions:index") + "?export=csv")
    assert export.status_code == (200 if group == "审核" else 403)
