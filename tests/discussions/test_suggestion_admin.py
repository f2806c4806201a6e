"""The suggestion queue in the Wagtail admin: listing, filters, export, the case screen with its
workflow forms, and the dashboard panel.

Assertions lean on data attributes, codes and phone numbers rather than on wording, so they hold
whichever language the admin speaks; messages are compared with what the services themselves
say in Chinese.
"""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from discussions import services
from discussions.admin_suggestions.common import person_name
from discussions.admin_suggestions.dashboard import queue_counts
from discussions.models import Suggestion
from discussions.models import SuggestionStatus as S
from home.formatting import group_code
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

QUEUE = "/admin/suggestions/"
VIEW = "discussions.view_suggestion"
HANDLE = "discussions.handle_suggestion"
CONTACT = "discussions.view_contact"
QUESTIONS = [("location", "涉及的地点", "singleline", False)]


@pytest.fixture
def index():
    return factories.suggestion_index()


@pytest.fixture
def form(index):
    return factories.suggestion_form(index, questions=QUESTIONS)


@pytest.fixture
def handler():
    return factories.staff_user("zhao", VIEW, HANDLE, first_name="文刚", last_name="赵")


@pytest.fixture
def reader():
    return factories.staff_user("reader", VIEW)


@pytest.fixture
def officer():
    return factories.staff_user("officer", VIEW, HANDLE, CONTACT)


def submit(form, number=1, **fields):
    """A named suggestion with phone 139 0000 NNNN, moved on to ``status`` by ``actor``."""
    fields.setdefault("name", "王久余")
    fields.setdefault("phone", factories.phone(number))
    return factories.suggestion(form, **fields)


def make_overdue(suggestion):
    past = timezone.now() - datetime.timedelta(days=1)
    Suggestion.objects.filter(pk=suggestion.pk).update(accept_due=past, complete_due=past)


def case_url(suggestion):
    return reverse("suggestions:inspect", args=[suggestion.pk])


def rows(html):
    """{grouped tracking code: the row's HTML} of the listing."""
    if '<table class="listing' not in html:
        return {}
    table = html[html.index('<table class="listing') :]
    table = table[: table.index("</table>")]
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)[1:]:
        code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", row)
        found[code.group(0)] = row
    return found


def listed(client, query=""):
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return rows(response.content.decode())


def chinese(text):
    with translation.override("zh-hans"):
        return str(text)


def refusal_of(move):
    """What the service says, in Chinese, when ``move`` is refused."""
    with translation.override("zh-hans"), pytest.raises(services.SuggestionError) as refusal:
        move()
    return refusal.value.message


# --- Listing ------------------------------------------------------------------------------------


def test_listing_shows_the_deadline_that_applies_and_overdue(client, form, handler):
    late = submit(form, 1)
    make_overdue(late)
    fresh = submit(form, 2)
    stuck = submit(form, 3, status=S.IN_PROGRESS, actor=handler)
    make_overdue(stuck)
    answered = submit(form, 4, status=S.REPLIED, actor=handler)
    make_overdue(answered)  # its deadlines have passed, but it was answered
    client.force_login(handler)

    found = listed(client)
    assert list(found) == [
        group_code(item.tracking_code) for item in (answered, stuck, fresh, late)
    ]  # newest first
    overdue = {code for code, row in found.items() if 'data-overdue="true"' in row}
    assert overdue == {group_code(late.tracking_code), group_code(stuck.tracking_code)}
    assert 'data-status="in_progress"' in found[group_code(stuck.tracking_code)]
    assert "赵文刚" in found[group_code(stuck.tracking_code)]  # family name first
    assert "—" in found[group_code(answered.tracking_code)]  # no deadline runs


def test_listing_filters(client, index, form, handler):
    other_form = factories.suggestion_form(index, title="另一张表", categories="环境卫生\n其他")
    other_handler = factories.staff_user("shao", VIEW, HANDLE)
    submitted = submit(form, 1, category="党风廉政")
    accepted = submit(form, 2, status=S.ACCEPTED, actor=handler, category="社区治理")
    handled = submit(form, 3, status=S.IN_PROGRESS, actor=handler, category="社区治理")
    elsewhere = submit(other_form, 4, status=S.IN_PROGRESS, actor=other_handler, category="其他")
    make_overdue(handled)
    client.force_login(handler)

    def codes(query):
        return set(listed(client, query))

    def grouped(*items):
        return {group_code(item.tracking_code) for item in items}

    assert codes("?status=submitted") == grouped(submitted)
    assert codes("?status=accepted&status=in_progress") == grouped(accepted, handled, elsewhere)
    assert codes("?category=社区治理") == grouped(accepted, handled)
    assert codes(f"?assignee={handler.pk}") == grouped(handled)
    assert codes("?overdue=yes") == grouped(handled)
    assert codes("?overdue=no") == grouped(submitted, accepted, elsewhere)
    assert codes(f"?form={other_form.pk}") == grouped(elsewhere)
    assert codes(f"?form={form.pk}&status=in_progress") == grouped(handled)


def test_the_form_builders_submissions_link_opens_the_queue_for_that_form(client, form, handler):
    mine = submit(form, 1)
    other = submit(factories.suggestion_form(form.get_parent()), 2)
    client.force_login(factories.staff_user("boss", superuser=True))
    response = client.get(reverse("wagtailforms:list_submissions", args=[form.pk]), follow=True)
    assert response.redirect_chain[-1][0] == f"{QUEUE}?form={form.pk}"
    found = rows(response.content.decode())
    assert set(found) == {group_code(mine.tracking_code)}
    assert group_code(other.tracking_code) not in found


def test_search_by_tracking_code_and_chinese_text(client, form, handler):
    board = submit(form, 1, content="小区宣传栏里贴满了广告，建议改成廉政宣传专栏。")
    lamp = submit(form, 2, content="北门的路灯坏了好几天。")
    client.force_login(handler)

    assert set(listed(client, "?q=宣传栏")) == {group_code(board.tracking_code)}
    assert set(listed(client, "?q=栏传宣")) == set()  # not the characters in any order
    typed = group_code(lamp.tracking_code).lower()  # as read out, dashes and all
    assert set(listed(client, f"?q={typed}")) == {group_code(lamp.tracking_code)}


def test_phones_are_masked_without_the_contact_permission(client, form, reader, officer):
    item = submit(form, 1234)
    client.force_login(reader)
    for url in (QUEUE, case_url(item)):
        html = client.get(url).content.decode()
        assert "139****1234" in html and factories.phone(1234) not in html, url

    client.force_login(officer)
    for url in (QUEUE, case_url(item)):
        html = client.get(url).content.decode()
        assert factories.phone(1234) in html, url


# For a handler: session, user, profile and permission checks, Wagtail's menu and locale, the
# filters' choices (categories, forms, people), the count, one page of suggestions.
QUEUE_QUERIES = 14


def test_queries_do_not_grow_with_the_number_of_suggestions(client, form, handler, reader):
    def count(user, query=""):
        client.force_login(user)
        client.get(QUEUE + query)  # warm caches (content types, site root paths)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUE + query).status_code == 200
        return len(queries)

    submit(form, 0, status=S.IN_PROGRESS, actor=handler)
    one = [count(user, query) for user in (handler, reader) for query in ("", "?overdue=yes")]
    for number in range(1, 20):
        submit(form, number, status=[S.SUBMITTED, S.IN_PROGRESS][number % 2], actor=handler)
    assert Suggestion.objects.count() == 20
    twenty = [count(user, query) for user in (handler, reader) for query in ("", "?overdue=yes")]
    # The reader (no handling permission) is spared one permission check.
    assert one == twenty == [QUEUE_QUERIES, QUEUE_QUERIES - 1] * 2, (one, twenty)


def test_no_one_edits_a_suggestion_directly(client, form, handler):
    item = submit(form, 1)
    client.force_login(factories.staff_user("boss", superuser=True))
    for url in (f"{QUEUE}new/", f"{QUEUE}edit/{item.pk}/", f"{QUEUE}delete/{item.pk}/"):
        assert client.get(url).status_code == 404, url


def test_the_queue_needs_the_view_permission(client, form):
    submit(form, 1)
    client.force_login(factories.staff_user("outsider", HANDLE))
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert QUEUE not in client.get(reverse("wagtailadmin_home")).content.decode()  # nor the menu


def test_the_menu_leads_to_the_queue(client, reader):
    client.force_login(reader)
    assert QUEUE in client.get(reverse("wagtailadmin_home")).content.decode()


# --- Export -------------------------------------------------------------------------------------


def test_export_is_refused_without_the_contact_permission(client, form, reader):
    submit(form, 1234)
    client.force_login(reader)
    html = client.get(QUEUE).content.decode()
    assert "export=csv" not in html and "export=xlsx" not in html
    for url in (f"{QUEUE}?export=csv", f"{QUEUE}?export=xlsx", f"{QUEUE}results/?export=csv"):
        refused = client.get(url)
        assert refused.status_code == 403, url
        assert factories.phone(1234).encode() not in refused.content


def test_export_has_full_phones_answers_chinese_status_and_local_times(client, form, officer):
    named = submit(form, 1234, extra={"location": "3号楼东侧"})
    formula = submit(form, 5678, name="李四", content='=HYPERLINK("http://x","点我")')
    anonymous = factories.suggestion(form, status=S.ACCEPTED, actor=officer)
    client.force_login(officer)
    assert "export=csv" in client.get(QUEUE).content.decode()

    response = client.get(f"{QUEUE}?export=csv")
    assert response.status_code == 200
    assert 'filename="suggestions-' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # so that Excel reads the Chinese as UTF-8
    table = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    header, lines = (
        table[0],
        {line[0]: dict(zip(table[0], line, strict=True)) for line in table[1:]},
    )
    assert set(lines) == {item.tracking_code for item in (named, formula, anonymous)}
    assert "涉及的地点" in header  # the form builder's question, by its label

    row = lines[named.tracking_code]
    assert factories.phone(1234) in row.values()
    assert row["涉及的地点"] == "3号楼东侧"
    assert chinese(S.SUBMITTED.label) in row.values()
    local = timezone.localtime(named.submit_time)
    assert f"{local:%Y-%m-%d %H:%M}" in row.values()
    assert chinese(S.ACCEPTED.label) in lines[anonymous.tracking_code].values()

    # A cell a spreadsheet would run as a formula is written as plain text.
    assert '\'=HYPERLINK("http://x","点我")' in lines[formula.tracking_code].values()
    assert not any(value.startswith("=") for line in table for value in line)

    xlsx = client.get(f"{QUEUE}?export=xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    cells = list(sheet.iter_rows())
    assert len(cells) == 4
    values = [[cell.value for cell in line] for line in cells]
    assert {line[0] for line in values[1:]} == set(lines)
    assert any(factories.phone(5678) in line for line in values)
    content = next(
        cell for line in cells for cell in line if cell.value and "HYPERLINK" in str(cell.value)
    )
    assert content.data_type == "s"  # text, never a formula
    received = next(line for line in values if line[0] == named.tracking_code)
    assert local.replace(tzinfo=None, microsecond=0) in received


def test_export_follows_the_filters(client, index, form, officer):
    other_form = factories.suggestion_form(index, title="另一张表")
    kept = submit(form, 1, extra={"location": "北门"})
    dropped = submit(other_form, 2)
    client.force_login(officer)
    body = b"".join(client.get(f"{QUEUE}?form={form.pk}&export=csv").streaming_content)
    body = body.decode()
    assert kept.tracking_code in body and dropped.tracking_code not in body


# --- The case screen ----------------------------------------------------------------------------


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
        (S.FOLLOWED_UP, {"note": "电话回访，满意。"}),
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
    boss = factories.staff_user("boss", superuser=True)
    grouped = factories.staff_user("editor")
    grouped.groups.add(handling_group())
    gone = factories.staff_user("gone", VIEW, HANDLE, is_active=False)
    onlooker = factories.staff_user("onlooker", VIEW)
    client.force_login(handler)
    html = client.get(case_url(item)).content.decode()
    select = re.search(r'<select name="in_progress-assignee".*?</select>', html, flags=re.S)
    offered = set(re.findall(r'value="(\d+)"', select.group(0)))
    assert offered == {str(user.pk) for user in (handler, boss, grouped)}
    assert str(gone.pk) not in offered and str(onlooker.pk) not in offered


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


# --- Dashboard ----------------------------------------------------------------------------------


def panel_counts(html):
    return {
        key: int(count)
        for key, count in re.findall(r'data-queue-count="(\w+)" data-count="(\d+)"', html)
    }


def test_the_dashboard_counts_what_waits(client, form, handler, django_assert_num_queries):
    waiting = [submit(form, 1), submit(form, 2)]
    make_overdue(waiting[0])
    handled = [
        submit(form, n, status=status, actor=handler)
        for n, status in enumerate((S.ACCEPTED, S.IN_PROGRESS, S.REPLIED, S.FOLLOWED_UP), 3)
    ]
    make_overdue(handled[1])
    make_overdue(handled[2])  # replied: no longer overdue
    submit(form, 8, status=S.CLOSED, actor=handler)
    submit(form, 9, status=S.REJECTED, actor=handler)

    with django_assert_num_queries(1):
        assert queue_counts() == {"waiting": 2, "open": 4, "overdue": 2}

    client.force_login(handler)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert panel_counts(html) == {"waiting": 2, "open": 4, "overdue": 2}
    assert f'href="{QUEUE}?overdue=yes"' in html
    # Each figure opens the queue filtered to what it counts.
    assert len(listed(client, "?overdue=yes")) == 2
    assert (
        len(listed(client, "?status=accepted&status=in_progress&status=replied&status=followed_up"))
        == 4
    )


def test_the_dashboard_panel_is_only_for_staff_who_see_suggestions(client, form):
    submit(form, 1)
    client.force_login(factories.staff_user("editor"))
    assert "data-suggestion-queue" not in client.get(reverse("wagtailadmin_home")).content.decode()
