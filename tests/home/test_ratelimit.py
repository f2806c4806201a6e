"""Rate limits count in the database (one statement a hit) and read the proxy's address from the
right of X-Forwarded-For, so a client's own header cannot buy fresh limits."""

import datetime
import random

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.test import Client, RequestFactory

from home import rate_counts
from home.rate_counts import RateCount
from home.ratelimit import Limit, allow, client_address
from tests import factories
from tests.factories import phone, staff_user
from tests.home.test_staff_login import assert_locked, assert_signed_in, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

START = datetime.datetime(2031, 3, 3, 9, 0, 5, tzinfo=datetime.UTC)
PROXY = "10.0.0.1"
TOO_MANY = "操作太频繁，请稍后再试"


@pytest.fixture
def index():
    return factories.event_index()


@pytest.fixture
def traveller(monkeypatch):
    # The once-a-minute sweep of this process starts afresh at the frozen time.
    monkeypatch.setattr(rate_counts, "_next_sweep", 0.0)
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def look_up(index, number, **headers):
    """A lookup of 我的报名 with a wrong code, from a browser with no cookies."""
    return Client().post(index.url + "my/", {"phone": phone(number), "code": "WRONG234"}, **headers)


def spoofed(address):
    """X-Forwarded-For as the proxy passes it on: whatever the client wrote, then the address
    the proxy saw."""
    made_up = ".".join(str(random.randrange(1, 255)) for _ in range(4))
    return {"HTTP_X_FORWARDED_FOR": f"{made_up}, {address}", "REMOTE_ADDR": PROXY}


def test_a_number_gets_ten_lookups_an_hour_then_a_fresh_window(index, traveller):
    statuses = [look_up(index, 1).status_code for _ in range(11)]
    assert statuses == [404] * 10 + [429]
    assert TOO_MANY in look_up(index, 1).content.decode()
    traveller.shift(datetime.timedelta(hours=1))
    assert look_up(index, 1).status_code == 404


def test_rows_of_ended_windows_are_swept(index, traveller):
    look_up(index, 1, REMOTE_ADDR="192.0.2.1")
    assert RateCount.objects.count() == 2  # the address and the number; no session to count
    traveller.shift(datetime.timedelta(minutes=30))
    look_up(index, 2, REMOTE_ADDR="192.0.2.2")
    assert RateCount.objects.count() == 3  # the first address's minute ended a moment ago
    traveller.shift(datetime.timedelta(hours=2))
    look_up(index, 3, REMOTE_ADDR="192.0.2.3")
    assert RateCount.objects.count() == 2


def request_with_session(data=None):
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.9")
    SessionMiddleware(lambda request: None).process_request(request)
    if data:
        request.session.update(data)
        request.session.save()
        key = request.session.session_key
        request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.9")
        request.COOKIES["sessionid"] = key
        SessionMiddleware(lambda request: None).process_request(request)
    return request


def test_every_limit_of_a_hit_is_counted_by_one_statement(traveller, django_assert_num_queries):
    limits = {"address": Limit(100, 60), "session": Limit(100, 60), "phone": Limit(3, 600)}
    allow(request_with_session(), "test", limits, phone=phone(1))  # this minute's sweep
    with django_assert_num_queries(1):  # no session: the address and the number
        assert allow(request_with_session(), "test", limits, phone=phone(1))
    browser = request_with_session({"verified_numbers": {}})
    with django_assert_num_queries(2):  # the session is read, then all three counted at once
        assert allow(browser, "test", limits, phone=phone(1))
    assert not allow(browser, "test", limits, phone=phone(1))  # the number's fourth
    # The address and the number counted every hit, the session only its own two.
    assert sorted(RateCount.objects.values_list("count", flat=True)) == [2, 4, 4]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's unlogged tables")
def test_on_postgresql_the_counters_skip_the_write_ahead_log():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = %s", [RateCount._meta.db_table]
        )
        assert cursor.fetchone() == ("u",)


@pytest.mark.parametrize(
    ("header", "value", "trusted", "expected"),
    [
        ("HTTP_X_FORWARDED_FOR", "198.51.100.7", 1, "198.51.100.7"),
        ("HTTP_X_FORWARDED_FOR", "6.6.6.6, 198.51.100.7", 1, "198.51.100.7"),
        ("HTTP_X_FORWARDED_FOR", "6.6.6.6,198.51.100.7 , 10.1.1.1", 2, "198.51.100.7"),
        # Fewer entries than proxies: the leftmost was still written by a proxy.
        ("HTTP_X_FORWARDED_FOR", "198.51.100.7", 3, "198.51.100.7"),
        ("HTTP_X_FORWARDED_FOR", "6.6.6.6, 2001:DB8::1", 1, "2001:db8::1"),
        ("HTTP_X_REAL_IP", "198.51.100.7", 1, "198.51.100.7"),
        # Not an address, or no header at all: the proxy's own address.
        ("HTTP_X_FORWARDED_FOR", "6.6.6.6, <script>", 1, PROXY),
        ("HTTP_X_FORWARDED_FOR", "", 1, PROXY),
    ],
)
def test_the_address_is_the_one_the_trusted_proxy_wrote(settings, header, value, trusted, expected):
    settings.RATELIMIT_IP_HEADER = header
    settings.RATELIMIT_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **{header: value})
    assert client_address(request) == expected


def test_without_the_setting_headers_are_ignored(settings):
    settings.RATELIMIT_IP_HEADER = ""
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(request) == PROXY


def test_a_made_up_leftmost_address_does_not_buy_fresh_limits(index, settings, traveller):
    settings.RATELIMIT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # 120 lookups a minute from one address, each for another number and with another
    # made-up address in front: the 121st is refused.
    statuses = [look_up(index, n, **spoofed("198.51.100.7")).status_code for n in range(121)]
    assert statuses == [404] * 120 + [429]
    # Another resident behind the same proxy is not held back.
    assert look_up(index, 200, **spoofed("198.51.100.8")).status_code == 404


def test_staff_sign_in_counts_the_same_address(client, settings, traveller):
    settings.RATELIMIT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    staff_user("zhaoliu")
    for number in range(19):
        response = client.post(
            "/admin/login/",
            {"username": f"guess{number}", "password": "wrong"},
            **spoofed("198.51.100.7"),
        )
        assert response.status_code == 200
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    locked = client.post(
        "/admin/login/", {"username": "zhaoliu", "password": "wrong"}, **spoofed("198.51.100.7")
    )
    assert_locked(locked)
    assert_locked(
        client.post(
            "/admin/login/", {"username": "zhaoliu", "password": "pw"}, **spoofed("198.51.100.7")
        )
    )
    assert_signed_in(sign_in(Client(), "zhaoliu", "pw", address="192.0.2.50"))
