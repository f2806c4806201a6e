"""签到 at the door: the desk, each event's check-in screen, and the QR code that opens it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.admin.common import CHECKIN_PERMISSION, PERMISSION_LABELS
from tests import factories
from tests.events.admin.helpers import checkin_url, register
from tests.events.helpers import staff

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


CHECKIN_DESK = "/admin/events/checkin/"


# --- Check-in -----------------------------------------------------------------------------------


def test_check_in_flow(client, event):
    registration = register(event, 1, name="张小三")
    register(event, 2, name="李四")
    client.force_login(staff("door", "check_in_registration"))
    url = checkin_url(event)

    found = client.get(f"{url}?code={registration.code}")
    assert found.status_code == 200
    html = found.content.decode()
    assert "张*三" in html and "张小三" not in html
    assert 'data-checkin-result="found"' in html
    assert f'value="{registration.code}"' in html
    assert "autofocus" in html and 'autocapitalize="characters"' in html
    assert 'data-attended="0" data-confirmed="2" data-capacity="10"' in html

    # Typed in lower case with a stray space, as happens at the door.
    checked = client.post(url, {"code": f" {registration.code.lower()} "})
    assert checked.status_code == 200
    html = checked.content.decode()
    assert 'data-checkin-result="checked_in"' in html
    assert 'data-attended="1" data-confirmed="2" data-capacity="10"' in html
    registration.refresh_from_db()
    first_time = registration.checked_in_at
    assert first_time is not None
    assert "data-recent-checkins" in html and registration.code in html

    again = client.post(url, {"code": registration.code})
    assert again.status_code == 200
    html = again.content.decode()
    assert 'data-checkin-result="already"' in html
    assert f"{timezone.localtime(first_time):%H:%M}" in html
    assert 'data-attended="1"' in html
    registration.refresh_from_db()
    assert registration.checked_in_at == first_time


def test_check_in_with_a_wrong_code_says_so_in_chinese(client, event):
    register(event, 1)
    client.force_login(staff("door", "check_in_registration"))
    for response in (
        client.post(checkin_url(event), {"code": "WRONG234"}),
        client.get(f"{checkin_url(event)}?code=WRONG234"),
    ):
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-checkin-result="error"' in html
        assert "没有找到这个报名码对应的报名记录" in html


def test_code_of_another_event_is_refused(client, index, event):
    other = factories.event(index)
    registration = register(other, 1)
    client.force_login(staff("door", "check_in_registration"))
    response = client.post(checkin_url(event), {"code": registration.code})
    assert 'data-checkin-result="error"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_waitlisted_resident_cannot_check_in(client, index):
    event = factories.event(index, capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    client.force_login(staff("door", "check_in_registration"))
    response = client.post(checkin_url(event), {"code": waiting.code})
    assert response.status_code == 200
    assert 'data-checkin-result="error"' in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_check_in_needs_the_check_in_permission(client, event):
    registration = register(event, 1)
    client.force_login(staff("reader", "view_registration", "change_registration"))
    response = client.post(checkin_url(event), {"code": registration.code})
    assert response.status_code == 403
    html = response.content.decode()
    # The refusal names the permission, as the group editing screen does (可以签到).
    assert "data-permission-denied" in html
    assert str(PERMISSION_LABELS[CHECKIN_PERMISSION]) in html
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert client.get(CHECKIN_DESK).status_code == 403


def test_check_in_desk_lists_todays_and_upcoming_events(client, index):
    today = factories.event(index, title="今天的讲座", starts_in=datetime.timedelta(minutes=30))
    later = factories.event(index, title="下周的竞赛", starts_in=datetime.timedelta(days=7))
    past = factories.event(index, title="上月的讲座", starts_in=datetime.timedelta(days=-30))
    register(today, 1)
    client.force_login(staff("door", "check_in_registration"))
    html = client.get(CHECKIN_DESK).content.decode()
    assert checkin_url(today) in html and checkin_url(later) in html
    assert checkin_url(past) not in html
    assert html.index("今天的讲座") < html.index("下周的竞赛")


def test_checkin_qr_code_points_at_the_admin_screen(event):
    registration = register(event, 1)
    url = reverse("events_checkin", args=[registration.event_id])
    assert url == f"/admin/events/checkin/{event.pk}/"
