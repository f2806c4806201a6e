"""代报名: staff register a resident at the office, with seats and the waiting list applying."""

import datetime

import pytest
from django.utils import timezone

from events.models import Registration
from tests import factories
from tests.events.admin.helpers import register
from tests.events.helpers import staff
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


REGISTER = "/admin/events/register/"


# --- Register and cancel on a resident's behalf ---------------------------------------------


def test_register_on_behalf_creates_a_staff_registration(client, event):
    client.force_login(staff("office", "add_registration", "view_registration"))
    form = client.get(f"{REGISTER}?event={event.pk}")
    assert form.status_code == 200
    assert "廉政知识讲座" in form.content.decode()

    response = client.post(
        REGISTER,
        {"event": event.pk, "name": " 王 大妈 ", "phone": "139 0000 0042", "consent": "on"},
    )
    assert response.status_code == 200
    registration = Registration.objects.get(event=event)
    assert registration.source == Registration.Source.STAFF
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.phone == phone(42)
    assert registration.name == "王 大妈"
    html = response.content.decode()
    assert f'data-registration-code="{registration.code}"' in html
    assert 'data-registration-status="confirmed"' in html


def test_register_on_behalf_shows_the_waiting_position(client, index):
    event = factories.event(index, capacity=1)
    register(event, 1)
    register(event, 2)
    client.force_login(staff("office", "add_registration"))
    response = client.post(
        REGISTER, {"event": event.pk, "name": "钱七", "phone": phone(3), "consent": "on"}
    )
    html = response.content.decode()
    registration = Registration.objects.get(phone=phone(3))
    assert registration.status == Registration.Status.WAITLISTED
    assert 'data-registration-status="waitlisted"' in html
    assert registration.waiting_position() == 2
    assert 'data-waiting-position="2"' in html


def test_register_on_behalf_needs_consent_and_a_valid_number(client, event):
    client.force_login(staff("office", "add_registration"))
    for data in (
        {"event": event.pk, "name": "王五", "phone": phone(1)},
        {"event": event.pk, "name": "王五", "phone": "12345", "consent": "on"},
    ):
        response = client.post(REGISTER, data)
        assert response.status_code == 200
        assert "data-registration-code" not in response.content.decode()
    assert not Registration.objects.exists()


def test_staff_may_register_after_online_registration_closed(client, index):
    event = factories.event(index, registration_closes=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(staff("office", "add_registration"))
    client.post(REGISTER, {"event": event.pk, "name": "孙八", "phone": phone(8), "consent": "on"})
    assert Registration.objects.get(event=event).source == Registration.Source.STAFF


def test_ended_events_are_not_offered(client, index):
    ended = factories.event(index, starts_in=datetime.timedelta(days=-3))
    client.force_login(staff("office", "add_registration"))
    assert f'value="{ended.pk}"' not in client.get(REGISTER).content.decode()
    response = client.post(
        REGISTER, {"event": ended.pk, "name": "孙八", "phone": phone(8), "consent": "on"}
    )
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_register_on_behalf_needs_the_add_permission(client, event):
    client.force_login(staff("reader", "view_registration"))
    response = client.post(
        REGISTER, {"event": event.pk, "name": "王五", "phone": phone(1), "consent": "on"}
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()
