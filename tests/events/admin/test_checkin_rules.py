"""Check-in's rules at the door: only on the event's day from two hours before the start unless
staff confirm, undoing a check-in (logged in the site history), and the not-yet-arrived list."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from events import services
from events.models import Registration
from tests import factories
from tests.events.admin.helpers import checkin_url, register
from tests.events.helpers import staff, superuser

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def at(day, hour, minute=0):
    """A moment in Beijing time in December 2026."""
    return timezone.make_aware(datetime.datetime(2026, 12, day, hour, minute))


START = at(3, 14, 30)  # 2026年12月3日（星期四）14:30


@pytest.fixture
def lecture(index):
    with time_machine.travel(at(1, 9), tick=False):
        return factories.event(index, title="廉政讲座", start=START, hours=2, capacity=5)


@pytest.fixture
def seated(lecture):
    with time_machine.travel(at(1, 9), tick=False):
        return register(lecture, 1, name="张小三")


def check_in_at(moment, lecture, seated, **kwargs):
    with time_machine.travel(moment, tick=False):
        return services.check_in(event=lecture, code=seated.code, **kwargs)


# --- The window -----------------------------------------------------------------------------


@pytest.mark.parametrize("moment", [at(3, 11, 30), at(3, 12, 29), at(2, 14, 30)])
def test_too_early_is_refused_with_the_event_time(lecture, seated, moment):
    with pytest.raises(services.RegistrationError) as refusal:
        check_in_at(moment, lecture, seated)
    assert refusal.value.reason == "too_early"
    assert "14:30" in refusal.value.message
    seated.refresh_from_db()
    assert seated.checked_in_at is None


@pytest.mark.parametrize("moment", [at(3, 12, 30), at(3, 14, 30), at(3, 17), at(3, 23, 59)])
def test_on_the_day_from_two_hours_before_is_accepted(lecture, seated, moment):
    registration, already = check_in_at(moment, lecture, seated)
    assert not already and registration.checked_in_at == moment


@pytest.mark.parametrize("moment", [at(4, 0, 0), at(4, 9)])
def test_the_next_day_is_refused_unless_confirmed(lecture, seated, moment):
    with pytest.raises(services.RegistrationError) as refusal:
        check_in_at(moment, lecture, seated)
    assert refusal.value.reason == "too_late"
    registration, already = check_in_at(moment, lecture, seated, outside_window=True)
    assert not already and registration.checked_in_at == moment


def test_early_check_in_confirmed_by_staff_is_accepted(lecture, seated):
    registration, _already = check_in_at(at(3, 11, 30), lecture, seated, outside_window=True)
    assert registration.checked_in_at == at(3, 11, 30)
    entry = ModelLogEntry.objects.get(action=services.CHECKED_IN_ACTION)
    assert entry.data == {"outside_window": True}


def test_the_screen_warns_and_checks_in_on_the_second_click(client, lecture, seated):
    client.force_login(staff("door", "check_in_registration"))
    url = checkin_url(lecture)
    with time_machine.travel(at(3, 11, 30), tick=False):
        screen = client.get(url).content.decode()
        assert 'data-checkin-window="closed"' in screen and "12:30" in screen

        warned = client.post(url, {"code": seated.code})
        assert warned.status_code == 200
        html = warned.content.decode()
        assert 'data-checkin-result="outside_window"' in html
        assert "14:30" in html  # the event's time, in plain sight
        assert 'name="confirm" value="1"' in html and f'value="{seated.code}"' in html
        seated.refresh_from_db()
        assert seated.checked_in_at is None

        confirmed = client.post(url, {"code": seated.code, "confirm": "1"})
        assert 'data-checkin-result="checked_in"' in confirmed.content.decode()
    seated.refresh_from_db()
    assert seated.checked_in_at == at(3, 11, 30)


def test_inside_the_window_one_click_is_enough(client, lecture, seated):
    client.force_login(staff("door", "check_in_registration"))
    with time_machine.travel(at(3, 13), tick=False):
        html = client.post(checkin_url(lecture), {"code": seated.code}).content.decode()
        assert 'data-checkin-window="closed"' not in html
    assert 'data-checkin-result="checked_in"' in html


# --- Undo -----------------------------------------------------------------------------------


def test_undo_is_logged_puts_the_counts_back_and_a_second_undo_is_harmless(client, lecture, seated):
    door = staff("door", "check_in_registration")
    client.force_login(door)
    url = checkin_url(lecture)
    undo = reverse("events_checkin_undo", args=[lecture.pk])
    with time_machine.travel(at(3, 13), tick=False):
        html = client.post(url, {"code": seated.code}).content.decode()
        assert 'data-attended="1"' in html
        assert f'data-undo-checkin="{seated.code}"' in html  # beside the latest check-ins

        response = client.post(undo, {"code": seated.code, "next": url}, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-attended="0"' in html
        assert f'data-code="{seated.code}"' in html  # back on the not-yet-arrived list
        seated.refresh_from_db()
        assert seated.checked_in_at is None

        again = client.post(undo, {"code": seated.code, "next": url}, follow=True)
        assert again.status_code == 200
    seated.refresh_from_db()
    assert seated.checked_in_at is None
    entries = ModelLogEntry.objects.filter(object_id=str(seated.pk)).order_by("timestamp", "pk")
    assert [(e.action, e.user_id) for e in entries] == [
        (services.CHECKED_IN_ACTION, door.pk),
        (services.CHECKIN_UNDONE_ACTION, door.pk),
    ]
    # The log names the code and the event, never the resident.
    assert all(e.label == f"{seated.code}（廉政讲座）" for e in entries)


def test_undo_shows_in_the_site_history(client, lecture, seated):
    check_in_at(at(3, 13), lecture, seated)
    services.undo_check_in(registration=seated, user=None)
    client.force_login(superuser())
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert f"{seated.code}（廉政讲座）" in html
    with translation.override("zh-hans"):
        assert str(translation.gettext("Check-in undone")) in html  # labelled in Chinese


def test_the_details_screen_offers_undo(client, lecture, seated):
    check_in_at(at(3, 13), lecture, seated)
    client.force_login(staff("officer", "view_registration", "check_in_registration"))
    details = reverse("event_registrations:inspect", args=[seated.pk])
    html = client.get(details).content.decode()
    assert f'data-undo-checkin="{seated.code}"' in html
    confirm = client.get(
        f"{reverse('events_checkin_undo', args=[lecture.pk])}?code={seated.code}&next={details}"
    )
    assert confirm.status_code == 200
    assert f'data-undo-checkin="{seated.code}"' in confirm.content.decode()
    seated.refresh_from_db()
    assert seated.checked_in_at is not None  # asking changes nothing
    done = client.post(
        reverse("events_checkin_undo", args=[lecture.pk]), {"code": seated.code, "next": details}
    )
    assert done.status_code == 302 and done["Location"] == details
    seated.refresh_from_db()
    assert seated.checked_in_at is None


# --- Not yet arrived ------------------------------------------------------------------------


def test_not_yet_arrived_lists_confirmed_residents_who_have_not_checked_in(client, index):
    with time_machine.travel(at(1, 9), tick=False):
        lecture = factories.event(index, start=START, capacity=4)
        waiting_for = register(lecture, 4321, name="王大明")
        arrived = register(lecture, 1111, name="李四")
        cancelled = register(lecture, 2222, name="赵五")
        later = register(lecture, 1234, name="欧阳小明")
        waiting = register(lecture, 3333, name="钱六")  # on the waiting list
        services.cancel_registration(registration=cancelled)  # promotes 钱六
        waiting.refresh_from_db()
        extra = register(lecture, 5555, name="孙七")  # waits
    assert waiting.status == Registration.Status.CONFIRMED
    assert extra.status == Registration.Status.WAITLISTED
    client.force_login(staff("door", "check_in_registration"))
    url = checkin_url(lecture)
    with time_machine.travel(at(3, 13), tick=False):
        client.post(url, {"code": arrived.code})
        html = client.get(url).content.decode()
    listing = html[html.index("data-not-arrived") :]
    listing = listing[: listing.index("</ul>")]
    everyone = (waiting_for, later, waiting, arrived, cancelled, extra)
    shown = sorted(
        (r.code for r in everyone if f'data-code="{r.code}"' in listing), key=listing.index
    )
    # By the last four digits of the number: 1234, 3333, 4321.
    assert shown == [later.code, waiting.code, waiting_for.code]
    assert listing.index(later.code) < listing.index(waiting.code) < listing.index(waiting_for.code)
    assert "欧**明" in listing and "王*明" in listing and "1234" in listing
    assert "王大明" not in listing and "13900004321" not in listing

    # One click checks someone in from the list.
    with time_machine.travel(at(3, 13, 5), tick=False):
        response = client.post(url, {"code": later.code})
    html = response.content.decode()
    assert 'data-checkin-result="checked_in"' in html
    listing = html[html.index("data-not-arrived") :]
    assert f'data-code="{later.code}"' not in listing[: listing.index("</ul>")]
