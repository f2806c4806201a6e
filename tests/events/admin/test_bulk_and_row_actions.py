"""Everyday work in plain sight: 报名记录's row actions, visible export and bulk check-in and
cancel, and the event listing's row links, each shown only to holders of its permission."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission

from events.models import Registration
from tests import factories
from tests.events.admin.helpers import checkin_url, register
from tests.events.helpers import queries, staff, superuser

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

LISTING = "/admin/events/registrations/"
EVENTS = "/admin/events/"


def bulk_url(action, *registrations, next_url=LISTING):
    ids = "&".join(f"id={registration.pk}" for registration in registrations)
    url = reverse("wagtail_bulk_action", args=["events", "registration", action])
    return f"{url}?{ids}&next={next_url}"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- Bulk check-in ----------------------------------------------------------------------------


def test_bulk_check_in_reports_how_many_and_why_not(client, index, event):
    one = register(event, 1, name="张一")
    two = register(event, 2, name="王二")
    done_before = register(event, 3, name="李三")
    client.force_login(staff("office", "view_registration", "check_in_registration"))
    client.post(checkin_url(event), {"code": done_before.code})
    full = factories.event(index, capacity=1, starts_in=datetime.timedelta(hours=1))
    register(full, 4)
    waiting = register(full, 5, name="赵五")
    chosen = (one, two, done_before, waiting)

    confirm = client.get(bulk_url("check_in", *chosen))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert 'data-bulk-items="4"' in html and 'name="outside_window"' in html
    for registration in chosen:
        assert registration.code in html
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1  # GET: nothing

    response = client.post(bulk_url("check_in", *chosen), follow=True)
    assert response.status_code == 200
    for registration in (one, two):
        registration.refresh_from_db()
        assert registration.checked_in_at is not None
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None
    text = " ".join(messages_of(response))
    assert "2" in text and "1" in text and waiting.code in text


def test_bulk_check_in_outside_the_day_needs_the_box_ticked(client, index):
    later = factories.event(index, starts_in=datetime.timedelta(days=3))
    registration = register(later, 1)
    client.force_login(staff("office", "view_registration", "check_in_registration"))
    response = client.post(bulk_url("check_in", registration), follow=True)
    assert registration.code in " ".join(messages_of(response))
    registration.refresh_from_db()
    assert registration.checked_in_at is None

    client.post(bulk_url("check_in", registration), {"outside_window": "on"})
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


# --- Bulk cancel ------------------------------------------------------------------------------


def test_bulk_cancel_promotes_the_waiting_list_as_a_single_cancel_does(client, index):
    event = factories.event(index, capacity=2)
    first = register(event, 1, name="周一")
    second = register(event, 2, name="吴二")
    next_in_line = register(event, 3, name="郑三")
    then = register(event, 4, name="王四")
    last = register(event, 5, name="冯五")
    client.force_login(staff("office", "view_registration", "change_registration"))
    # One seat freed, and one of those waiting cancelled in the same batch.
    response = client.post(bulk_url("cancel", first, next_in_line), follow=True)
    assert response.status_code == 200
    statuses = {
        r.pk: r.status for r in Registration.objects.filter(event=event).order_by("created_at")
    }
    assert statuses == {
        first.pk: Registration.Status.CANCELLED,
        second.pk: Registration.Status.CONFIRMED,
        next_in_line.pk: Registration.Status.CANCELLED,
        then.pk: Registration.Status.CONFIRMED,  # the first still waiting moved up
        last.pk: Registration.Status.WAITLISTED,
    }
    text = " ".join(messages_of(response))
    assert then.code in text and "王四" in text


def test_bulk_cancel_reports_refusals_and_changes_nothing_else(client, index, event):
    past = factories.event(index, starts_in=datetime.timedelta(days=-3))
    gone = Registration.objects.create(
        event=past, code="PASTCODE", name="旧人", phone="13900000099", status="confirmed"
    )
    current = register(event, 1)
    client.force_login(staff("office", "view_registration", "change_registration"))
    response = client.post(bulk_url("cancel", gone, current), follow=True)
    text = " ".join(messages_of(response))
    assert "PASTCODE" in text
    gone.refresh_from_db()
    current.refresh_from_db()
    assert gone.status == Registration.Status.CONFIRMED
    assert current.status == Registration.Status.CANCELLED


def test_bulk_actions_need_their_permissions(client, event):
    registration = register(event, 1)
    client.force_login(staff("reader", "view_registration"))
    for action in ("check_in", "cancel"):
        assert client.post(bulk_url(action, registration)).status_code == 403
    registration.refresh_from_db()
    assert registration.is_active and registration.checked_in_at is None
    html = client.get(LISTING).content.decode()
    assert "bulk-action-checkbox" not in html and "data-bulk-action-footer" not in html

    client.force_login(staff("door", "view_registration", "check_in_registration"))
    html = client.get(LISTING).content.decode()
    assert "bulk-action-checkbox" in html
    assert bulk_url("check_in").split("?")[0] in html
    assert bulk_url("cancel").split("?")[0] not in html


def test_bad_bulk_requests_are_harmless(client, event):
    client.force_login(staff("office", "view_registration", "change_registration"))
    url = reverse("wagtail_bulk_action", args=["events", "registration", "cancel"])
    for query in ("", "?id=abc", "?id=999999", "?id=all"):
        assert client.get(url + query).status_code == 200
        assert client.post(url + query).status_code == 302


# --- Row actions in 报名记录 ------------------------------------------------------------------


def test_row_actions_and_export_in_plain_sight(client, event):
    seated = register(event, 1)
    client.force_login(
        staff(
            "officer",
            "view_registration",
            "check_in_registration",
            "change_registration",
            "view_full_phone",
        )
    )
    html = client.get(LISTING).content.decode()
    assert f'data-row-checkin="{seated.code}"' in html
    assert f'data-row-cancel="{seated.code}"' in html
    assert 'data-export="xlsx"' in html and 'data-export="csv"' in html

    # One click checks in, and comes back to the listing.
    response = client.post(
        checkin_url(event), {"code": seated.code, "next": f"{LISTING}?event={event.pk}"}
    )
    assert response.status_code == 302 and response["Location"] == f"{LISTING}?event={event.pk}"
    seated.refresh_from_db()
    assert seated.checked_in_at is not None
    html = client.get(LISTING).content.decode()
    assert f'data-row-checkin="{seated.code}"' not in html


def test_row_actions_follow_permissions(client, event):
    seated = register(event, 1)
    client.force_login(staff("reader", "view_registration"))
    html = client.get(LISTING).content.decode()
    assert "data-row-checkin" not in html and "data-row-cancel" not in html
    assert "data-export" not in html

    client.force_login(staff("door", "view_registration", "check_in_registration"))
    html = client.get(LISTING).content.decode()
    assert f'data-row-checkin="{seated.code}"' in html and "data-row-cancel" not in html


def test_filtered_listing_links_to_the_events_check_in_and_roster(client, event):
    client.force_login(staff("door", "view_registration", "check_in_registration"))
    html = client.get(f"{LISTING}?event={event.pk}").content.decode()
    assert checkin_url(event) in html
    assert reverse("events_rosters:event", args=[event.pk]) in html


def test_a_foreign_next_address_is_ignored(client, event):
    seated = register(event, 1)
    client.force_login(staff("door", "check_in_registration"))
    response = client.post(
        checkin_url(event), {"code": seated.code, "next": "https://evil.example/"}
    )
    assert response.status_code == 200
    assert 'data-checkin-result="checked_in"' in response.content.decode()


# --- Row links in the event listing -----------------------------------------------------------


def event_links(html, event):
    cell = html[html.index(f'data-event-actions="{event.pk}"') :]
    cell = cell[: cell.index("</td>")]
    return {
        key
        for key in ("registrations", "checkin", "roster", "quiz")
        if f'data-event-action="{key}"' in cell
    }


def test_event_rows_link_to_the_work_each_user_may_do(client, index):
    lecture = factories.event(index, title="讲座")
    quiz_event = factories.event(index, title="竞赛", kind="quiz")
    factories.quiz(quiz_event, questions=1)
    bare_quiz = factories.event(index, title="没有答题的竞赛", kind="quiz")
    client.force_login(superuser())
    html = client.get(EVENTS).content.decode()
    assert event_links(html, lecture) == {"registrations", "checkin", "roster"}
    assert event_links(html, quiz_event) == {"registrations", "checkin", "roster", "quiz"}
    assert event_links(html, bare_quiz) == {"registrations", "checkin", "roster"}
    assert f"{LISTING}?event={lecture.pk}" in html

    # Page permissions alone open the listing, with no links to the events' work.
    pages_only = Group.objects.create(name="只编辑页面")
    for grant in GroupPagePermission.objects.filter(group__name="编辑"):
        GroupPagePermission.objects.create(
            group=pages_only, page=grant.page, permission=grant.permission
        )
    writer = factories.staff_user("writer")
    writer.groups.add(pages_only)
    client.force_login(writer)
    html = client.get(EVENTS).content.decode()
    assert event_links(html, quiz_event) == set()

    writer = factories.staff_user("clerk", "view_registration", app="events")
    writer.groups.add(pages_only)
    client.force_login(writer)
    html = client.get(EVENTS).content.decode()
    assert event_links(html, quiz_event) == {"registrations"}

    editor = factories.staff_user("editor")
    editor.groups.add(Group.objects.get(name="编辑"))
    client.force_login(editor)
    html = client.get(EVENTS).content.decode()
    assert event_links(html, quiz_event) == {"registrations", "checkin", "roster", "quiz"}


def test_event_listing_queries_stay_fixed_with_the_row_links(client, index):
    client.force_login(superuser())
    factories.quiz(factories.event(index, kind="quiz"), questions=1)
    one, _html = queries(client, EVENTS)
    for _ in range(5):
        factories.quiz(factories.event(index, kind="quiz"), questions=0)
    six, _html = queries(client, EVENTS)
    assert one == six, (one, six)
