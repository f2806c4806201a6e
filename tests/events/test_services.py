"""Registration rules, through the services every write goes through."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.models import Registration, RegistrationState
from tests import factories
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def index(db):
    return factories.event_index()


def register(event, number, name="张三", **kwargs):
    return services.register(event=event, name=name, phone=phone(number), consent=True, **kwargs)


def statuses(event):
    return list(
        Registration.objects.filter(event=event).order_by("pk").values_list("status", flat=True)
    )


def test_seats_then_waiting_list_in_order(index, django_capture_on_commit_callbacks):
    event = factories.event(index, capacity=2)
    outcomes = [register(event, n) for n in range(4)]
    assert [o.registration.status for o in outcomes] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert [o.registration.waiting_position() for o in outcomes] == [None, None, 1, 2]
    event.refresh_from_db()
    assert event.seats_left == 0
    assert event.registration_state() == RegistrationState.WAITLIST


def test_code_is_short_and_unambiguous(index):
    event = factories.event(index)
    code = register(event, 1).registration.code
    assert len(code) == 8
    assert not set(code) & set("0O1I")


def test_same_phone_twice_takes_one_seat(index):
    event = factories.event(index, capacity=5)
    first = register(event, 7)
    again = register(event, 7, name="张三丰")
    assert first.created and not again.created
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.filter(event=event).count() == 1


def test_full_without_waiting_list_is_refused(index):
    event = factories.event(index, capacity=1, waitlist_enabled=False)
    register(event, 1)
    with pytest.raises(services.RegistrationError) as refusal:
        register(event, 2)
    assert refusal.value.reason == RegistrationState.FULL
    assert "名额已满" in refusal.value.message
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    "fields, reason, words",
    [
        (
            {"registration_opens": timezone.now() + datetime.timedelta(days=1)},
            RegistrationState.NOT_OPEN,
            "尚未开始",
        ),
        (
            {"registration_closes": timezone.now() - datetime.timedelta(hours=1)},
            RegistrationState.CLOSED,
            "已截止",
        ),
        ({"starts_in": datetime.timedelta(days=-2)}, RegistrationState.ENDED, "已经结束"),
    ],
)
def test_outside_the_window_is_refused_with_the_reason(index, fields, reason, words):
    event = factories.event(index, **fields)
    with pytest.raises(services.RegistrationError) as refusal:
        register(event, 1)
    assert refusal.value.reason == reason
    assert words in refusal.value.message
    assert not Registration.objects.exists()


def test_staff_may_register_outside_the_online_window_but_not_overbook(index):
    event = factories.event(
        index,
        capacity=1,
        waitlist_enabled=False,
        registration_closes=timezone.now() - datetime.timedelta(hours=1),
    )
    staff = Registration.Source.STAFF
    assert register(event, 1, source=staff).registration.status == "confirmed"
    with pytest.raises(services.RegistrationError):
        register(event, 2, source=staff)


def test_consent_is_required(index):
    event = factories.event(index)
    with pytest.raises(services.RegistrationError):
        services.register(event=event, name="李四", phone=phone(1), consent=False)
    assert not Registration.objects.exists()


def test_cancelling_a_seat_promotes_the_first_in_line_and_tells_them(
    index, django_capture_on_commit_callbacks
):
    event = factories.event(index, capacity=1)
    seated = register(event, 1).registration
    first_in_line = register(event, 2).registration
    register(event, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled, promoted = services.cancel_registration(registration=seated)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at
    assert promoted.pk == first_in_line.pk
    assert statuses(event) == ["cancelled", "confirmed", "waitlisted"]
    assert Registration.objects.get(pk=promoted.pk).waiting_position() is None
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == [f"{phone(1)}@sms.invalid", f"{phone(2)}@sms.invalid"]
    promoted_message = next(m for m in mail.outbox if m.to[0].startswith(phone(2)))
    assert first_in_line.code in promoted_message.body


def test_cancelling_a_waiting_place_promotes_nobody(index):
    event = factories.event(index, capacity=1)
    register(event, 1)
    waiting = register(event, 2).registration
    register(event, 3)
    _, promoted = services.cancel_registration(registration=waiting)
    assert promoted is None
    assert statuses(event) == ["confirmed", "cancelled", "waitlisted"]


def test_cancelling_twice_changes_nothing(index):
    event = factories.event(index)
    registration = register(event, 1).registration
    services.cancel_registration(registration=registration)
    again, promoted = services.cancel_registration(registration=registration)
    assert again.status == "cancelled" and promoted is None


def test_cancelled_phone_may_register_again(index):
    event = factories.event(index)
    registration = register(event, 1).registration
    services.cancel_registration(registration=registration)
    again = register(event, 1)
    assert again.created and again.registration.status == "confirmed"


def test_confirmation_is_sent_after_commit_only(index, django_capture_on_commit_callbacks):
    event = factories.event(index)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = register(event, 1)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert outcome.registration.code in mail.outbox[0].body
    assert event.title in mail.outbox[0].body


def test_check_in_is_idempotent(index):
    event = factories.event(index, capacity=1)
    seated = register(event, 1).registration
    waiting = register(event, 2).registration
    registration, already = services.check_in(
        event=event, code=seated.code.lower(), now=event.start
    )
    assert not already and registration.checked_in_at
    first_time = registration.checked_in_at
    registration, already = services.check_in(event=event, code=seated.code)
    assert already and registration.checked_in_at == first_time
    with pytest.raises(services.RegistrationError):
        services.check_in(event=event, code=waiting.code)
    with pytest.raises(services.RegistrationError):
        services.check_in(event=event, code="ZZZZZZZZ")


def test_lookup_needs_both_phone_and_code(index):
    event = factories.event(index)
    registration = register(event, 1).registration
    assert (
        services.find_registration(phone=phone(1), code=registration.code.lower()) == registration
    )
    assert services.find_registration(phone=phone(2), code=registration.code) is None
    assert services.find_registration(phone=phone(1), code="ABCDEFGH") is None


def test_reminders_go_once_to_confirmed_residents_of_events_within_a_day(
    index, django_capture_on_commit_callbacks
):
    soon = factories.event(index, capacity=1, starts_in=datetime.timedelta(hours=20))
    later = factories.event(index, starts_in=datetime.timedelta(days=3))
    register(soon, 1)
    register(soon, 2)  # waiting list: no reminder
    register(later, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 1
        assert services.send_reminders() == 0
    assert [m.to[0] for m in mail.outbox] == [f"{phone(1)}@sms.invalid"]
    assert "提醒" in mail.outbox[0].body


def test_each_message_carries_its_kind_and_the_template_parameters(index):
    """An SMS provider sends an approved template filled with these, not the text itself."""
    from home.notifications import Message

    start = timezone.make_aware(datetime.datetime(2030, 12, 10, 14, 30))
    event = factories.event(index, title="学习《信访工作条例》专题讲座与廉政知识问答", capacity=1)
    event.start, event.end = start, start + datetime.timedelta(hours=2)
    event.save()
    seated, waiting = register(event, 1).registration, register(event, 2).registration
    services.cancel_registration(registration=seated)
    sent = [(m.kind, m.params) for m in Message.objects.order_by("pk")]
    title = "学习《信访工作条例》专题讲座与廉政知识…"  # 20 characters at most, for the template
    assert sent == [
        ("registered", {"event": title, "time": "12月10日 14:30", "code": seated.code}),
        ("waitlisted", {"event": title, "position": "1", "code": waiting.code}),
        ("cancelled", {"event": title, "code": seated.code}),
        ("promoted", {"event": title, "time": "12月10日 14:30", "code": waiting.code}),
    ]


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("廉政文化专题讲座", "《廉政文化专题讲座》"),
        ("学习《信访工作条例》", "“学习《信访工作条例》”"),
        ("专题讲座：《信访条例》与“三不放过”", "专题讲座：《信访条例》与“三不放过”"),
    ],
)
def test_text_messages_never_nest_title_brackets(index, title, named):
    """《专题讲座：《信访条例》…》 reads as nonsense: a title holding 《》 is quoted otherwise."""
    from home.notifications import Message

    event = factories.event(index, title=title, capacity=1)
    seated = register(event, 1).registration
    register(event, 2)  # waits, then moves up
    services.cancel_registration(registration=seated)
    texts = [text for text in Message.objects.values_list("text", flat=True) if title in text]
    assert sum(named in text for text in texts) >= 3  # registered, waiting, moved up
    for text in texts:
        assert named == f"《{title}》" or f"《{title}" not in text


def test_the_demo_events_messages_fit_one_text_message(index, django_capture_on_commit_callbacks):
    """70 characters is one SMS; the demo's real titles and places stay within it."""
    from django.core.management import call_command

    from events.models import EventPage
    from home.notifications import Message

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for number, event in enumerate(EventPage.objects.filter(end__gt=timezone.now())):
        if event.registration_state() not in (RegistrationState.OPEN, RegistrationState.WAITLIST):
            continue
        event.capacity = Registration.objects.filter(event=event, status="confirmed").count() + 1
        event.save()
        register(event, 2 * number)
        register(event, 2 * number + 1)  # the waiting list's message too
    texts = list(Message.objects.values_list("text", flat=True))
    assert len(texts) >= 4 and {"registered", "waitlisted"} <= set(
        Message.objects.values_list("kind", flat=True)
    )
    assert [text for text in texts if len(text) > 70] == []
