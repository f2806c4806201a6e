"""The events demo that `load_demo` builds, and the `send_event_reminders` cron command."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from events import services
from events.models import (
    EventIndexPage,
    EventKind,
    EventPage,
    Registration,
    RegistrationState,
)
from home.models import SectionPage
from tests import factories
from tests.factories import phone

pytestmark = pytest.mark.django_db


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot():
    """Every demo event with its registrations, as comparable plain values."""
    events = {}
    for event in EventPage.objects.order_by("path"):
        registrations = Registration.objects.filter(event=event).order_by("pk")
        events[event.slug] = {
            "page": (event.pk, event.title, event.kind, event.start, event.end, event.capacity),
            "registrations": list(
                registrations.values_list("pk", "phone", "code", "status", "checked_in_at")
            ),
        }
    return events


def counts(event):
    return dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


@pytest.fixture
def demo():
    load_demo()
    return EventIndexPage.objects.get()


# Loading the demo takes seconds, so each test below checks several things about one load.


def test_load_demo_twice_builds_the_same_events_and_registrations(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        first_output = load_demo()
        first = snapshot()
        second_output = load_demo()

    assert "活动 5" in first_output
    assert second_output == first_output
    assert snapshot() == first
    assert EventPage.objects.count() == 6  # and last month's online preliminary (demo_quiz)
    phones = [row[1] for event in first.values() for row in event["registrations"]]
    assert len(phones) == Registration.objects.count() > 50
    assert all(re.fullmatch(r"1390000\d{4}", number) for number in phones)
    # The made-up residents are never sent a message.
    assert mail.outbox == []


def test_demo_events(demo):
    home = factories.home_page()
    assert home.get_children().get(slug="events").specific == demo
    assert demo.live and demo.show_in_menus and demo.title == "活动报名"
    placeholders = SectionPage.objects.child_of(home).values_list("slug", flat=True)
    assert not placeholders  # every section now has its own page type
    assert EventPage.objects.child_of(demo).count() == EventPage.objects.count()

    # Upcoming: at least two lectures and two quizzes, open for registration.
    now = timezone.now()
    upcoming = EventPage.objects.filter(start__gt=now)
    assert upcoming.filter(kind=EventKind.LECTURE).count() >= 2
    assert upcoming.filter(kind=EventKind.QUIZ).count() >= 2
    for event in upcoming:
        assert datetime.timedelta(hours=1.5) <= event.duration <= datetime.timedelta(hours=2)
        assert 20 <= event.capacity <= 60
        assert event.image is not None and event.body and event.place and event.speaker
        assert event.registration_state() in (RegistrationState.OPEN, RegistrationState.WAITLIST)

    # One quiz is full, with three residents waiting in line.
    full = [e for e in upcoming.filter(kind=EventKind.QUIZ) if e.seats_left == 0]
    assert len(full) == 1
    quiz = full[0]
    assert counts(quiz) == {"confirmed": quiz.capacity, "waitlisted": 3}
    assert quiz.registration_state() == RegistrationState.WAITLIST
    waiting = quiz.registrations.waiting_line()
    assert [r.waiting_position() for r in waiting] == [1, 2, 3]

    # The past event: most of those registered came and were checked in.
    past = EventPage.objects.exclude(slug="integrity-quiz-preliminary").get(end__lte=now)
    registrations = past.registrations.all()
    attended = registrations.filter(checked_in_at__isnull=False)
    assert registrations.count() >= 10
    assert registrations.count() / 2 < attended.count() < registrations.count()
    for registration in attended:
        assert registration.status == Registration.Status.CONFIRMED
        assert registration.created_at < past.start
        assert registration.checked_in_at < past.end


def test_events_index_and_pages_render(client, demo):
    response = client.get(demo.url)
    assert response.status_code == 200
    html = response.content.decode()
    upcoming_section = html.split('id="upcoming-heading"')[1].split('id="calendar-heading"')[0]
    upcoming = EventPage.objects.filter(end__gt=timezone.now())
    assert upcoming.count() == 4
    for event in upcoming:
        assert event.title in upcoming_section
    past = EventPage.objects.exclude(slug="integrity-quiz-preliminary").get(end__lte=timezone.now())
    assert past.title not in upcoming_section

    for event in EventPage.objects.all():
        page = client.get(event.url)
        assert page.status_code == 200
        assert f'data-seats-left="{event.seats_left}"' in page.content.decode()


# --- send_event_reminders ----------------------------------------------------------------------


def remind(*args):
    out = io.StringIO()
    call_command("send_event_reminders", *args, stdout=out)
    return out.getvalue()


def register(event, number):
    return services.register(
        event=event, name="张桂英", phone=phone(number), consent=True
    ).registration


def test_reminders_go_once_to_confirmed_residents_of_events_within_a_day(
    django_capture_on_commit_callbacks,
):
    index = factories.event_index()
    soon = factories.event(index, starts_in=datetime.timedelta(hours=5), capacity=2)
    later = factories.event(index, starts_in=datetime.timedelta(days=3))
    confirmed = [register(soon, 1), register(soon, 2)]
    waiting = register(soon, 3)
    register(later, 4)
    assert waiting.status == Registration.Status.WAITLISTED

    with django_capture_on_commit_callbacks(execute=True):
        output = remind()
    assert "2 条" in output
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"{r.phone}@sms.invalid" for r in confirmed
    ]
    assert all(r.code in m.body for r, m in zip(confirmed, sorted_outbox(), strict=True))

    with django_capture_on_commit_callbacks(execute=True):
        output = remind()
    assert "没有需要提醒" in output
    assert len(mail.outbox) == 2


def sorted_outbox():
    return sorted(mail.outbox, key=lambda message: message.to[0])


def test_hours_widens_the_window(django_capture_on_commit_callbacks):
    index = factories.event_index()
    event = factories.event(index, starts_in=datetime.timedelta(hours=30))
    register(event, 5)

    with django_capture_on_commit_callbacks(execute=True):
        remind()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        output = remind("--hours", "48")
    assert "1 条" in output
    assert len(mail.outbox) == 1


def test_hours_must_be_positive():
    with pytest.raises(CommandError):
        remind("--hours", "0")
