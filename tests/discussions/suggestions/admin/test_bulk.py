"""Bulk actions of the queue: accept the selected cases, or give them a responsible person.

Each case goes through the same service call as on its own screen; the report names each
refused case by its tracking code with the service's own reason, and nothing changes for it.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import ngettext

from discussions.models import SuggestionStatus as S
from discussions.suggestions import services
from discussions.suggestions.admin.bulk import AcceptBulkAction
from home.formatting import group_code
from tests import factories
from tests.discussions.suggestions.admin.helpers import (
    HANDLE,
    QUEUE,
    VIEW,
    chinese,
    refusal_of,
    submit,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def bulk_url(action, *items, **params):
    query = [("id", item.pk) for item in items] + [("next", QUEUE), *params.items()]
    url = reverse("wagtail_bulk_action", args=["discussions", "suggestion", action])
    return f"{url}?{urlencode(query)}"


def report(singular, plural, count, **values):
    """A line of the report as staff read it in Chinese."""
    with translation.override("zh-hans"):
        return ngettext(singular, plural, count) % {"count": count, **values}


def refused_in(html):
    """{tracking code: reason} of the refusals the report lists."""
    return dict(re.findall(r'data-bulk-refused="(\w+)" data-reason="(\w+)"', html))


def test_accepting_several_reports_each_refusal_by_code(client, form, handler):
    waiting = [submit(form, 1), submit(form, 2)]
    closed = submit(form, 3, status=S.CLOSED, actor=handler)
    expected = refusal_of(
        lambda: services.transition_suggestion(suggestion=closed, to=S.ACCEPTED, actor=handler)
    )
    client.force_login(handler)

    url = bulk_url("accept", *waiting, closed)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert set(re.findall(r'data-bulk-item="(\w+)"', html)) == {
        item.tracking_code for item in (*waiting, closed)
    }
    assert re.findall(r'data-bulk-item="(\w+)" data-bulk-will-refuse', html) == [
        closed.tracking_code
    ]

    response = client.post(url, {"note": "统一受理。"})
    assert response.status_code == 200  # the report, a page of its own
    html = response.content.decode()
    assert f'href="{QUEUE}"' in html  # back to the queue, as it was filtered
    assert set(re.findall(r'data-bulk-done-item="(\w+)"', html)) == {
        item.tracking_code for item in waiting
    }
    for item in waiting:
        item.refresh_from_db()
        assert item.status == S.ACCEPTED and item.complete_due is not None
        assert item.events.filter(to_status=S.ACCEPTED, note="统一受理。", actor=handler).exists()
    assert report("%(count)s suggestion accepted.", "%(count)s suggestions accepted.", 2) in html
    assert refused_in(html) == {closed.tracking_code: "transition"}
    line = re.search(rf'data-bulk-refused="{closed.tracking_code}".*?</li>', html).group(0)
    text = re.sub(r"<[^>]+>", "", line.split(">", 1)[1])
    assert text == f"{group_code(closed.tracking_code)}：{expected}"  # the code and the why
    closed.refresh_from_db()
    assert closed.status == S.CLOSED
    assert not closed.events.filter(to_status=S.ACCEPTED, actor=handler, note="统一受理。")


def test_assigning_starts_accepted_cases_and_hands_over_the_others(client, form, handler):
    li = factories.staff_user("li", VIEW, HANDLE, first_name="建国", last_name="李")
    accepted = submit(form, 1, status=S.ACCEPTED, actor=handler)
    handled = submit(form, 2, status=S.IN_PROGRESS, actor=handler)
    waiting = submit(form, 3)
    closed = submit(form, 4, status=S.CLOSED, actor=handler)
    expected = refusal_of(
        lambda: services.update_case(suggestion=closed, actor=handler, assignee=li)
    )
    assert "责任人" in expected  # the service names the field
    client.force_login(handler)

    url = bulk_url("assign", accepted, handled, waiting, closed)
    html = client.get(url).content.decode()
    select = re.search(r'<select name="assignee".*?</select>', html, flags=re.S).group(0)
    assert "李建国" in select

    response = client.post(url, {"assignee": li.pk})
    html = response.content.decode()
    accepted.refresh_from_db()
    handled.refresh_from_db()
    assert (accepted.status, accepted.assignee) == (S.IN_PROGRESS, li)  # 包案: handling starts
    assert (handled.status, handled.assignee) == (S.IN_PROGRESS, li)
    assert (
        report(
            "%(name)s is now responsible for %(count)s suggestion.",
            "%(name)s is now responsible for %(count)s suggestions.",
            2,
            name="李建国",
        )
        in html
    )
    assert refused_in(html) == {waiting.tracking_code: "transition", closed.tracking_code: "closed"}
    assert expected in html
    for item, status, person in ((waiting, S.SUBMITTED, None), (closed, S.CLOSED, handler)):
        item.refresh_from_db()
        assert (item.status, item.assignee) == (status, person)


def test_assigning_needs_a_person_from_the_list(client, form, handler):
    item = submit(form, 1, status=S.ACCEPTED, actor=handler)
    outsider = factories.staff_user("outsider", VIEW)  # may not handle cases
    client.force_login(handler)
    url = bulk_url("assign", item)
    for data, message in (
        ({}, "Choose the person responsible."),
        ({"assignee": outsider.pk}, "Choose one of the people listed."),
        ({"assignee": "abc"}, "Choose one of the people listed."),
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data  # the form again, saying what is missing
        assert chinese(message) in response.content.decode()
        item.refresh_from_db()
        assert (item.status, item.assignee) == (S.ACCEPTED, None)


def test_nothing_selected_or_nonsense_ids_answer_400(client, form, handler):
    item = submit(form, 1)
    client.force_login(handler)
    base = reverse("wagtail_bulk_action", args=["discussions", "suggestion", "accept"])
    for query in ("", "?id=", "?id=abc&id=-1", "?id=99999999999999999999999"):
        response = client.get(base + query)
        assert response.status_code == 400, query
        assert "data-bulk-nothing-selected" in response.content.decode()
        response = client.post(base + query, {})
        assert response.status_code == 400, query
    item.refresh_from_db()
    assert item.status == S.SUBMITTED


def test_reading_staff_get_no_checkboxes_and_a_403(client, form, reader):
    item = submit(form, 1)
    client.force_login(reader)
    html = client.get(QUEUE).content.decode()
    assert "data-bulk-action-checkbox" not in html and "data-bulk-form" not in html
    for action in ("accept", "assign"):
        assert client.get(bulk_url(action, item)).status_code == 403
        assert client.post(bulk_url(action, item), {"assignee": reader.pk}).status_code == 403
    item.refresh_from_db()
    assert item.status == S.SUBMITTED


def test_the_queue_is_a_form_that_works_without_javascript(client, form, handler):
    """Ticking boxes and pressing a button sends GET ?id=…&id=… to the action's confirmation
    page, which is what a browser without JavaScript does with the listing's own form."""
    first, second = submit(form, 1), submit(form, 2)
    client.force_login(handler)
    html = client.get(QUEUE + "?status=submitted").content.decode()
    form_html = re.search(r"<form[^>]*data-bulk-form.*?</form>", html, flags=re.S).group(0)
    boxes = re.findall(r'<input type="checkbox" name="id" value="(\d+)"', form_html)
    assert set(boxes) == {str(first.pk), str(second.pk)}
    assert 'name="next" value="/admin/suggestions/?status=submitted"' in form_html
    noscript = re.search(r"<noscript>.*?</noscript>", form_html, flags=re.S).group(0)
    actions = re.findall(r'formaction="([^"]+)"', noscript)
    assert actions == [
        reverse("wagtail_bulk_action", args=["discussions", "suggestion", name])
        for name in ("accept", "assign")
    ]
    assert str(AcceptBulkAction.display_name) in noscript

    # What the browser sends for the first box ticked and 受理 pressed:
    page = client.get(f"{actions[0]}?{urlencode({'next': QUEUE, 'id': first.pk})}")
    assert page.status_code == 200
    assert re.findall(r'data-bulk-item="(\w+)"', page.content.decode()) == [first.tracking_code]


def test_select_all_follows_the_listings_filters(client, form, handler):
    waiting = [submit(form, 1), submit(form, 2)]
    handled = submit(form, 3, status=S.IN_PROGRESS, actor=handler)
    client.force_login(handler)
    url = reverse("wagtail_bulk_action", args=["discussions", "suggestion", "accept"])
    html = client.get(f"{url}?id=all&status=submitted").content.decode()
    assert set(re.findall(r'data-bulk-item="(\w+)"', html)) == {
        item.tracking_code for item in waiting
    }
    assert handled.tracking_code not in html
