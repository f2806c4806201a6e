"""The suggestion queue in the Wagtail admin: listing, filters, search and the staff export.

Assertions lean on data attributes, codes and phone numbers rather than on wording, so they hold
whichever language the admin speaks; messages are compared with what the services themselves
say in Chinese.
"""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from discussions.models import Suggestion
from discussions.models import SuggestionStatus as S
from home.formatting import format_datetime, group_code
from tests import factories
from tests.discussions.suggestions.admin.helpers import (
    HANDLE,
    QUEUE,
    VIEW,
    case_url,
    chinese,
    listed,
    make_overdue,
    rows,
    submit,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


# --- Listing ------------------------------------------------------------------------------------


def test_listing_shows_the_deadline_that_applies_and_overdue(client, form, handler):
    late = submit(form, 1)
    make_overdue(late)
    fresh = submit(form, 2)
    stuck = submit(form, 3, status=S.IN_PROGRESS, actor=handler)
    make_overdue(stuck)
    answered = submit(form, 4, status=S.REPLIED, actor=handler)
    make_overdue(answered)  # its reply deadline passed, but it was answered: closing runs now
    closed = submit(form, 5, status=S.CLOSED, actor=handler)
    client.force_login(handler)

    found = listed(client, "?ordering=-submit_time")
    assert list(found) == [
        group_code(item.tracking_code) for item in (closed, answered, stuck, fresh, late)
    ]  # newest first
    overdue = {code for code, row in found.items() if 'data-overdue="true"' in row}
    assert overdue == {group_code(late.tracking_code), group_code(stuck.tracking_code)}
    assert 'data-status="in_progress"' in found[group_code(stuck.tracking_code)]
    assert "赵文刚" in found[group_code(stuck.tracking_code)]  # family name first
    answered.refresh_from_db()
    closing = format_datetime(answered.close_due, weekday=False)
    assert closing in found[group_code(answered.tracking_code)]  # the closing deadline
    assert "—" in found[group_code(closed.tracking_code)]  # no deadline runs


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
# filters' choices (categories, forms, people), the count, one page of suggestions, and
# whether the staff member has two-step verification.
QUEUE_QUERIES = 15


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
    assert response.status_code == 403
    assert "data-permission-denied" in response.content.decode()
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
