"""Who a case can go to (责任人, 包案): staff by name, family name first, never a bare login;
and a closed case that keeps its responsible person and findings, refusing by name."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from discussions.models import SuggestionStatus as S
from discussions.suggestions import services
from discussions.suggestions.admin.common import handlers, staff_label
from tests import factories
from tests.discussions.suggestions.admin.helpers import (
    HANDLE,
    VIEW,
    case_url,
    refusal_of,
    submit,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def in_chinese(function, *args):
    with translation.override("zh-hans"):
        return function(*args)


def staff_group(name="编辑"):
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="discussions",
            codename__in=["view_suggestion", "handle_suggestion"],
        )
    )
    return group


def offered(html, name):
    """[(value, label)] of the options of the select ``name``, blank option left out."""
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S).group(0)
    return [
        (value, label.strip())
        for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)
    ]


@pytest.fixture
def people(handler):
    """赵文刚 (the handler), 李建国 in 编辑, a handler with no name, the site's superuser
    (admin, in no group), a superuser in 审核, and staff who may only read."""
    li = factories.staff_user("lijianguo", first_name="建国", last_name="李")
    li.groups.add(staff_group())
    nameless = factories.staff_user("wangxf", VIEW, HANDLE)
    admin = factories.staff_user("admin", superuser=True)
    chief = factories.staff_user("chief", superuser=True)
    chief.first_name, chief.last_name = "秀英", "陈"
    chief.save()
    chief.groups.add(staff_group("审核"))
    reader = factories.staff_user("reader2", VIEW, first_name="读", last_name="孙")
    return {"li": li, "nameless": nameless, "admin": admin, "chief": chief, "reader": reader}


def test_choices_name_staff_family_name_first_and_never_by_bare_login(
    client, form, handler, people
):
    accepted = submit(form, 1, status=S.ACCEPTED, actor=handler)
    handled = submit(form, 2, status=S.IN_PROGRESS, actor=handler)
    client.force_login(handler)

    start = offered(client.get(case_url(accepted)).content.decode(), "in_progress-assignee")
    case_file = offered(client.get(case_url(handled)).content.decode(), "case_file-assignee")
    nameless = in_chinese(staff_label, people["nameless"])
    expected = [
        (str(people["li"].pk), "李建国"),
        (str(people["chief"].pk), "陈秀英"),  # a superuser, but a member of 审核
        (str(handler.pk), "赵文刚"),
        (str(people["nameless"].pk), nameless),  # the login only as a last resort, marked
    ]
    assert sorted(start) == sorted(expected) == sorted(case_file)
    assert start[-1] == expected[-1]  # people with a name come first
    labels = [label for _value, label in start]
    assert "admin" not in " ".join(labels)  # the site's own account is nobody's name
    assert "建国 李" not in labels and "wangxf" not in labels
    assert people["nameless"].get_username() in nameless and nameless != "wangxf"
    assert str(people["reader"].pk) not in dict(start)  # may not handle cases


def test_the_responsible_person_filter_uses_the_same_names(client, form, handler, people):
    submit(form, 1, status=S.IN_PROGRESS, actor=handler, assignee=people["li"])
    submit(form, 2, status=S.IN_PROGRESS, actor=handler, assignee=people["nameless"])
    client.force_login(handler)
    html = client.get("/admin/suggestions/").content.decode()
    labels = {label for _value, label in offered(html, "assignee")}
    assert labels == {"李建国", in_chinese(staff_label, people["nameless"])}


def test_handlers_leave_out_superusers_outside_groups_and_inactive_staff(handler, people):
    gone = factories.staff_user("gone", VIEW, HANDLE, first_name="去", last_name="钱")
    gone.is_active = False
    gone.save()
    found = set(handlers())
    assert found == {handler, people["li"], people["nameless"], people["chief"]}


# --- A closed case -----------------------------------------------------------------------------


def test_a_closed_case_offers_only_the_public_summary(client, form, handler):
    item = submit(form, 1, status=S.CLOSED, actor=handler)
    client.force_login(handler)
    html = client.get(case_url(item)).content.decode()
    assert re.findall(r'data-case-action="(\w+)"', html) == ["case_file"]
    fields = set(re.findall(r'name="case_file-(\w+)"', html))
    assert fields == {"public_summary", "publishable"}  # no 责任人, no findings


def post_case_file(client, item, **fields):
    data = {"action": "case_file", **{f"case_file-{k}": v for k, v in fields.items()}}
    return client.post(case_url(item), data)


def test_reassigning_a_closed_case_answers_400_naming_the_field(client, form, handler):
    item = submit(form, 1, status=S.CLOSED, actor=handler)
    other = factories.staff_user("li", VIEW, HANDLE, first_name="建国", last_name="李")
    expected = refusal_of(
        lambda: services.update_case(suggestion=item, actor=handler, assignee=other)
    )
    assert "责任人" in expected  # the field, by the name staff read on the screen
    events = item.events.count()
    client.force_login(handler)

    response = post_case_file(client, item, assignee=other.pk, public_summary="新的摘要")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-case-error="closed"' in html and expected in html
    item.refresh_from_db()
    assert item.assignee == handler and item.public_summary == ""  # nothing changed
    assert item.events.count() == events


def test_rewriting_a_closed_cases_findings_answers_400_naming_them(client, form, handler):
    item = submit(form, 1, status=S.CLOSED, actor=handler)
    measures = item.measures
    client.force_login(handler)
    response = post_case_file(client, item, measures="改写的措施", public_summary="摘要")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-case-error="closed"' in html
    assert "措施落实" in (
        refusal_of(
            lambda: services.update_case(
                suggestion=item,
                actor=handler,
                findings=services.Findings(item.established, item.solved, "改写的措施"),
            )
        )
    )
    item.refresh_from_db()
    assert item.measures == measures and item.public_summary == ""


def test_a_closed_case_still_takes_its_public_summary(client, form, handler):
    item = submit(form, 1, status=S.CLOSED, actor=handler)
    client.force_login(handler)
    # Sending the person already responsible (a page from before) is no change, so no refusal.
    response = post_case_file(
        client, item, assignee=handler.pk, public_summary="建议开设专栏。", publishable="on"
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.public_summary, item.publishable, item.assignee) == (
        "建议开设专栏。",
        True,
        handler,
    )


def test_a_nonsense_person_for_a_closed_case_is_a_400(client, form, handler):
    item = submit(form, 1, status=S.CLOSED, actor=handler)
    client.force_login(handler)
    for value in ("abc", "99999999999999999999999", "424242"):
        response = post_case_file(client, item, assignee=value, public_summary="摘要")
        assert response.status_code == 400, value
    item.refresh_from_db()
    assert item.assignee == handler and item.public_summary == ""
