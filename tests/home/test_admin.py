"""Staff work in the Wagtail admin in Chinese: groups, moderation, the notice listing."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests import factories

pytestmark = pytest.mark.django_db


def staff(group_name):
    user = User.objects.create_user("staff-" + group_name, password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_groups_and_moderation_workflow_exist_in_chinese():
    editors, moderators = Group.objects.get(name="编辑"), Group.objects.get(name="审核")
    home = factories.home_page()
    notice_index = factories.notice_index()
    workflow = notice_index.get_workflow()
    assert workflow == Workflow.objects.get(name="审核发布")
    assert [task.name for task in workflow.tasks] == ["审核"]
    assert list(workflow.tasks[0].specific.groups.all()) == [moderators]

    editor_perms = home.permissions_for_user(staff("编辑"))
    moderator_perms = home.permissions_for_user(staff("审核"))
    assert editor_perms.can_add_subpage() and not editor_perms.can_publish()
    assert moderator_perms.can_publish()
    assert editors.permissions.filter(codename="access_admin").exists()


def test_editor_cannot_publish_but_can_submit_for_moderation(client):
    index = factories.notice_index()
    client.force_login(staff("编辑"))
    response = client.get(f"/admin/pages/add/home/noticepage/{index.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html


def test_notice_listing_shows_pin_and_window_in_chinese(client):
    index = factories.notice_index()
    today = timezone.localdate()
    factories.notice(index, title="置顶的通知", pinned=True, date=datetime.date(2026, 11, 20))
    factories.notice(
        index,
        title="公示名单",
        notice_start=today,
        notice_end=today + datetime.timedelta(days=2),
    )
    client.force_login(User.objects.create_superuser("boss", password="pw-for-tests-only"))
    response = client.get("/admin/notices/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("置顶", "公示期", "公示中，还剩 3 天", "2026年11月20日", "置顶的通知"):
        assert text in html, text


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/admin/notices/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_page_editor_loads_for_every_page_type(client):
    client.force_login(User.objects.create_superuser("boss", password="pw-for-tests-only"))
    articles = factories.article_index()
    home = factories.home_page()
    for model, parent in [
        ("articlepage", articles),
        ("standardpage", home),
        ("sectionpage", home),
    ]:
        response = client.get(f"/admin/pages/add/home/{model}/{parent.pk}/")
        assert response.status_code == 200, model
    article = factories.article(articles, title="编辑测试")
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    assert Page.objects.filter(pk=article.pk).exists()


def test_a_new_article_can_be_previewed_before_it_is_saved(client):
    """The preview shows related articles from the tags typed in the form, saved or not."""
    client.force_login(User.objects.create_superuser("boss", password="pw-for-tests-only"))
    articles = factories.article_index()
    factories.article(articles, title="好家风代代传", tags=["家风"])
    url = f"/admin/pages/add/home/articlepage/{articles.pk}/preview/"
    form = nested_form_data(
        {
            "title": "家训里的廉洁",
            "slug": "jiaxun",
            "date": "2026-11-02",
            "tags": "家风",
            "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
            "related_links": inline_formset([]),
        }
    )
    assert client.post(url, form).json()["is_valid"]
    response = client.get(url + "?in_preview_panel=true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "家训里的廉洁" in html and "好家风代代传" in html


def test_notice_listing_finds_a_word_inside_a_chinese_title(client):
    index = factories.notice_index()
    factories.notice(index, title="社区廉政监督员拟聘人选公示")
    factories.notice(index, title="停水通知")
    client.force_login(User.objects.create_superuser("boss", password="pw-for-tests-only"))
    html = client.get("/admin/notices/", {"q": "监督员"}).content.decode()
    assert "社区廉政监督员拟聘人选公示" in html
    assert "停水通知" not in html
