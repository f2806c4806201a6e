"""The case screen of the suggestion queue: every fact of a case, its log, and the workflow
forms that move it on.

Assertions lean on data attributes, codes and phone numbers rather than on wording, so they hold
whichever language the admin speaks; messages are compared with what the services themselves
say in Chinese.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from discussions.models import SuggestionStatus as S
from discussions.suggestions import services
from discussions.suggestions.admin.common import person_name
from tests import factories
from tests.discussions.suggestions.admin.helpers import (
    HANDLE,
    VIEW,
    case_url,
    chinese,
    make_overdue,
    refusal_of,
    submit,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_case_shows_every_fact_and_the_full_log(client, form, handler):
    item = submit(form, 1, status=S.CLOSED, actor=handler, extra={"location": "3号楼东侧"})
    client.force_login(handler)
    response = client.get(case_url(item))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-suggestion-status="closed"' in html
    assert item.content in html and "王久余" in html
    assert "涉及的地点" in html and "3号楼东侧" in html  # the builder answer with its label
    for finding in (item.established, item.solved, item.measures, item.public_reply):
        assert finding in html
    log = re.findall(r'data-log-status="(\w+)"', html)
    assert log == [S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS, S.REPLIED, S.FOLLOWED_UP, S.CLOSED]
    assert f"{chinese(S.REPLIED.label)} → {chinese(S.FOLLOWED_UP.label)}" in html
    assert "电话回访，居民满意。" in html  # the follow-up note
    assert "赵文刚" in html
    assert "data-no-steps" in html  # closed: nothing further to do


def test_an_anonymous_case_says_so(client, form, handler):
    item = factories.suggestion(form)
    client.force_login(handler)
    html = client.get(case_url(item)).content.decode()
    assert "data-anonymous" in html


def test_the_case_shows_overdue(client, form, handler):
    item = submit(form, 1)
    make_overdue(item)
    client.force_login(handler)
    html = client.get(case_url(item)).content.decode()
    assert 'data-overdue="true"' in html and "data-overdue-badge" in html


def post(client, item, action, **fields):
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(case_url(item), data)


def status_of(item):
    item.refresh_from_db()
    return item.status


def test_a_case_goes_through_every_step_from_the_case_screen(client, form, handler):
    item = submit(form, 1)
    client.force_login(handler)
    html = client.get(case_url(item)).content.decode()
    actions = re.findall(r'data-case-action="(\w+)"', html)
    assert actions == [S.ACCEPTED, S.REJECTED]  # no case file before accepting

    steps = [
        (S.ACCEPTED, {"note": "转宣传委员办理。"}),
        (S.IN_PROGRESS, {"assignee": handler.pk}),
        (S.REPLIED, {"reply": "已开设廉政专栏。"}),
        (
            S.FOLLOWED_UP,
            {"note": "电话回访，满意。", "satisfaction": "satisfied", "method": "phone"},
        ),
        (
            S.CLOSED,
            {"established": "广告占用。", "solved": "已清理。", "measures": "每周巡查。"},
        ),
    ]
    for target, fields in steps:
        response = post(client, item, target, **fields)
        assert response.status_code == 302, (target, response.content.decode()[:500])
        assert response["Location"] == case_url(item)
        assert status_of(item) == target
        page = client.get(response["Location"]).content.decode()
        assert 'class="success"' in page  # the message after the redirect

    assert item.assignee == handler
    assert (item.public_reply, item.measures) == ("已开设廉政专栏。", "每周巡查。")
    log = list(item.events.values_list("to_status", "note"))
    assert (S.ACCEPTED, "转宣传委员办理。") in log and (S.FOLLOWED_UP, "电话回访，满意。") in log


def test_not_accepting_needs_a_reason_the_resident_sees(client, form, handler):
    item = submit(form, 1)
    client.force_login(handler)
    response = post(client, item, S.REJECTED, reason="  ")
    assert response.status_code == 400
    assert 'data-case-error="reason"' in response.content.decode()
    assert status_of(item) == S.SUBMITTED

    response = post(client, item, S.REJECTED, reason="不属于社区受理范围，请拨打12345。")
    assert response.status_code == 302
    assert status_of(item) == S.REJECTED and item.reject_reason.startswith("不属于")


def test_a_case_can_be_sent_back_for_handling(client, form, handler):
    item = submit(form, 1, status=S.REPLIED, actor=handler)
    other = factories.staff_user("shao", VIEW, HANDLE)
    client.force_login(handler)
    html = client.get(case_url(item)).content.decode()
    assert re.findall(r'data-case-action="(\w+)"', html) == [
        S.FOLLOWED_UP,
        S.IN_PROGRESS,
        "case_file",
    ]
    response = post(client, item, S.IN_PROGRESS, assignee=other.pk, note="居民不满意。")
    assert response.status_code == 302
    assert status_of(item) == S.IN_PROGRESS and item.assignee == other


def test_an_illegal_step_is_refused_with_the_services_message(client, form, handler):
    item = submit(form, 1)
    expected = refusal_of(
        lambda: services.transition_suggestion(
            suggestion=item,
            to=S.CLOSED,
            actor=handler,
            findings=services.Findings("查清", "解决", "落实"),
        )
    )
    client.force_login(handler)
    response = post(client, item, S.CLOSED, established="查清", solved="解决", measures="落实")
    assert response.status_code == 400
    html = response.content.decode()
    assert expected in html and 'data-case-error="transition"' in html
    assert status_of(item) == S.SUBMITTED and item.closed_at is None
    assert not item.events.filter(to_status=S.CLOSED).exists()


def test_closing_without_the_three_findings_is_refused(client, form, handler):
    item = submit(form, 1, status=S.FOLLOWED_UP, actor=handler)
    client.force_login(handler)
    response = post(client, item, S.CLOSED, established="查清了", solved="", measures="落实了")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-case-error="findings"' in html
    assert "查清了" in html  # what was typed stays in the form
    assert status_of(item) == S.FOLLOWED_UP and item.established == ""


def test_the_findings_are_asked_for_in_one_place_and_stand_once_closed(client, form, handler):
    client.force_login(handler)

    def fields(status):
        item = submit(form, 1, status=status, actor=handler)
        return set(
            re.findall(r'name="([\w-]+established)"', client.get(case_url(item)).content.decode())
        )

    assert fields(S.IN_PROGRESS) == {"case_file-established"}
    assert fields(S.FOLLOWED_UP) == {"closed-established"}
    assert fields(S.CLOSED) == set()


def test_a_post_without_the_csrf_token_is_refused(form, handler):
    item = submit(form, 1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(handler)
    response = post(client, item, S.ACCEPTED)
    assert response.status_code == 403
    assert status_of(item) == S.SUBMITTED


def test_a_reply_without_text_is_refused(client, form, handler):
    item = submit(form, 1, status=S.IN_PROGRESS, actor=handler)
    expected = refusal_of(
        lambda: services.transition_suggestion(
            suggestion=item, to=S.REPLIED, actor=handler, reply=" "
        )
    )
    client.force_login(handler)
    response = post(client, item, S.REPLIED, reply="   ")
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert status_of(item) == S.IN_PROGRESS and item.public_reply == ""


def test_an_unknown_action_is_refused(client, form, handler):
    item = submit(form, 1)
    client.force_login(handler)
    assert post(client, item, "delete").status_code == 400
    assert status_of(item) == S.SUBMITTED


def test_the_case_file_is_updated_through_the_service(client, form, handler):
    item = submit(form, 1, status=S.REPLIED, actor=handler)
    client.force_login(handler)
    response = post(
        client,
        item,
        "case_file",
        established="查清了",
        solved="",
        measures="",
        assignee=handler.pk,
        public_summary="建议开设廉政宣传专栏。",
        publishable="on",
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.established, item.public_summary, item.publishable) == (
        "查清了",
        "建议开设廉政宣传专栏。",
        True,
    )
    assert item.status == S.REPLIED
    assert item.events.filter(from_status=S.REPLIED, to_status=S.REPLIED).exists()


def test_showing_on_the_board_without_a_summary_is_refused(client, form, handler):
    item = submit(form, 1, status=S.REPLIED, actor=handler)
    client.force_login(handler)
    response = post(client, item, "case_file", assignee=handler.pk, publishable="on")
    assert response.status_code == 400
    assert 'data-case-error="summary"' in response.content.decode()
    item.refresh_from_db()
    assert not item.publishable


def test_reading_staff_get_no_forms_and_a_403_on_post(client, form, reader):
    item = submit(form, 1)
    client.force_login(reader)
    html = client.get(case_url(item)).content.decode()
    assert "data-case-action" not in html
    response = post(client, item, S.ACCEPTED)
    assert response.status_code == 403
    assert "data-permission-denied" in response.content.decode()
    assert status_of(item) == S.SUBMITTED


def test_the_responsible_person_is_chosen_among_active_handlers(client, form, handler):
    item = submit(form, 1, status=S.ACCEPTED, actor=handler)
    boss = factories.staff_user("boss", superuser=True)  # the site's account, in no group
    grouped = factories.staff_user("editor")
    grouped.groups.add(handling_group())
    gone = factories.staff_user("gone", VIEW, HANDLE, is_active=False)
    onlooker = factories.staff_user("onlooker", VIEW)
    client.force_login(handler)
    html = client.get(case_url(item)).content.decode()
    select = re.search(r'<select name="in_progress-assignee".*?</select>', html, flags=re.S)
    offered = set(re.findall(r'value="(\d+)"', select.group(0)))
    assert offered == {str(user.pk) for user in (handler, grouped)}
    for left_out in (boss, gone, onlooker):
        assert str(left_out.pk) not in offered


def handling_group():
    group = Group.objects.create(name="办理组")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="discussions", codename="handle_suggestion")
    )
    return group


def test_person_name_puts_a_chinese_family_name_first(handler):
    assert person_name(handler) == "赵文刚"
    latin = factories.staff_user("jo", first_name="Jo", last_name="Smith")
    assert person_name(latin) == "Jo Smith"
    assert person_name(factories.staff_user("nobody")) == "nobody"
