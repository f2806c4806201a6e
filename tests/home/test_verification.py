"""短信验证码: codes sent by text message, accepted once, expiring, limited per number and by a
daily budget; a verified number stays verified in the browser for half an hour."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from home.verification import services
from home.verification.models import PhoneCode
from home.verification.services import VerificationError
from tests.factories import phone

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Wednesday morning; every moment below is counted from it.
T0 = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)


def after(**delta):
    return T0 + datetime.timedelta(**delta)


def codes_sent(outbox, number):
    """The codes in the text messages ``number`` received, oldest first."""
    return [
        re.search(r"验证码 (\d{6})", message.body).group(1)
        for message in outbox
        if message.to == [f"{number}@sms.invalid"]
    ]


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Ask for a code and deliver the text message, as the queue does after the commit."""

    def send(**arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return services.request_code(**arguments)

    return send


def refusal(**arguments):
    with pytest.raises(VerificationError) as raised:
        services.confirm_code(**arguments)
    return raised.value.reason


def test_a_code_goes_by_text_message_and_is_accepted_once(mailoutbox, send):
    sent = send(phone=phone(1), now=T0)
    assert sent.new and sent.resend_at == after(seconds=60)
    [code] = codes_sent(mailoutbox, phone(1))
    assert len(mailoutbox[0].body) <= 70  # one text message
    services.confirm_code(phone=phone(1), code=f" {code} ", now=after(minutes=1))
    assert refusal(phone=phone(1), code=code, now=after(minutes=2)) == "none"
    # Neither the number nor the code is stored as it is.
    row = PhoneCode.objects.get()
    assert phone(1) not in f"{row.phone_digest}{row.code_digest}"
    assert code not in f"{row.phone_digest}{row.code_digest}"


def test_a_code_is_for_its_own_number_only(mailoutbox, send):
    send(phone=phone(1), now=T0)
    [code] = codes_sent(mailoutbox, phone(1))
    assert refusal(phone=phone(2), code=code, now=T0) == "none"
    send(phone=phone(2), now=T0)
    assert refusal(phone=phone(2), code=code, now=T0) == "wrong"


def test_codes_expire_after_five_minutes(mailoutbox, send):
    send(phone=phone(1), now=T0)
    [code] = codes_sent(mailoutbox, phone(1))
    assert refusal(phone=phone(1), code=code, now=after(minutes=5)) == "expired"
    assert refusal(phone=phone(1), code=code, now=after(minutes=5, seconds=1)) == "none"


def test_five_wrong_tries_close_the_code(mailoutbox, send):
    send(phone=phone(1), now=T0)
    [code] = codes_sent(mailoutbox, phone(1))
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    messages = []
    for _ in range(4):
        with pytest.raises(VerificationError) as raised:
            services.confirm_code(phone=phone(1), code=wrong, now=T0)
        messages.append(raised.value.message)
    assert [re.search(r"\d", text).group(0) for text in messages] == ["4", "3", "2", "1"]
    assert refusal(phone=phone(1), code=wrong, now=T0) == "tries"
    assert refusal(phone=phone(1), code=code, now=T0) == "none"  # even the right code, now


def test_asking_again_within_the_minute_keeps_the_code_already_sent(mailoutbox, send):
    send(phone=phone(1), now=T0)
    again = send(phone=phone(1), now=after(seconds=30))
    assert not again.new and again.resend_at == after(seconds=60)
    [first] = codes_sent(mailoutbox, phone(1))
    send(phone=phone(1), now=after(seconds=61))
    assert codes_sent(mailoutbox, phone(1))[0] == first and len(mailoutbox) == 2
    second = codes_sent(mailoutbox, phone(1))[1]
    if first != second:  # a new code closes the old one
        assert refusal(phone=phone(1), code=first, now=after(seconds=62)) == "wrong"
    services.confirm_code(phone=phone(1), code=second, now=after(seconds=63))


def test_ten_codes_a_day_for_one_number(mailoutbox, send):
    for minute in range(10):
        assert send(phone=phone(1), now=after(minutes=2 * minute)).new
    with pytest.raises(VerificationError) as raised:
        send(phone=phone(1), now=after(hours=1))
    assert raised.value.reason == "number_limit"
    assert send(phone=phone(2), now=after(hours=1)).new
    assert send(phone=phone(1), now=after(days=1, minutes=1)).new
    assert len(mailoutbox) == 12


def test_the_daily_budget_stops_codes_until_midnight(settings, mailoutbox, send):
    settings.QINGFENG_VERIFICATION_DAILY_BUDGET = 3
    for number in range(3):
        send(phone=phone(number), now=after(hours=number))
    assert services.sent_today(after(hours=3)) == 3
    with pytest.raises(VerificationError) as raised:
        send(phone=phone(9), now=after(hours=3))
    assert raised.value.reason == "budget"
    midnight = datetime.datetime(2026, 11, 26, 0, 0, tzinfo=SHANGHAI)
    assert send(phone=phone(9), now=midnight).new
    assert len(mailoutbox) == 4


def test_a_verified_number_stays_verified_in_the_browser_for_half_an_hour():
    session = {}
    services.remember_verified(session, phone(1), now=T0)
    assert services.is_verified(session, phone(1), now=after(minutes=29))
    assert not services.is_verified(session, phone(1), now=after(minutes=31))
    assert not services.is_verified(session, phone(2), now=T0)
    assert phone(1) not in str(session)
