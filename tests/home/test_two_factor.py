"""Two-step verification for staff: set up with an authenticator app, sign in with the code
after the password, wrong codes throttled like wrong passwords, backup codes, turning it off,
and QINGFENG_REQUIRE_2FA for superusers. Codes are computed from the device's key at the
frozen time, as the app on a phone would."""

import datetime
import re
from base64 import b32encode

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from home import two_factor
from tests.factories import staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

LOGIN = "/admin/login/"
SETUP = "/admin/two-factor/"
VERIFY = "/admin/two-factor/verify/"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def code_for(device, offset_steps=0):
    """The 6 digits an authenticator app shows for ``device`` now (or steps later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift - offset_steps)
    return f"{value:06d}"


def enrolled(username="lisi", **kwargs):
    user = staff_user(username, **kwargs)
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def device_of(user):
    return TOTPDevice.objects.get(user=user)


def sign_in(client, username, address="10.0.0.1"):
    """The right password (the factories' "pw"): only the code is missing."""
    return client.post(LOGIN, {"username": username, "password": "pw"}, REMOTE_ADDR=address)


def send_code(client, code, next_url="/admin/pages/", address="10.0.0.1"):
    return client.post(VERIFY, {"code": code, "next": next_url}, REMOTE_ADDR=address)


def assert_asks_for_code(response, next_url="/admin/"):
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert next_url.replace("/", "%2F") in response["Location"]


def test_setting_up_with_the_qr_code_and_a_first_code(client):
    user = staff_user("lisi")
    client.force_login(user)
    with time_machine.travel(START, tick=False) as traveller:
        page = client.get(SETUP)
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-two-factor="off"' in html
        assert "<svg" in html.split("data-otpauth-qr", 1)[1]
        pending = TOTPDevice.objects.get(user=user, confirmed=False)
        key = b32encode(pending.bin_key).decode()
        typed_key = re.search(r"data-otp-key>([^<]+)<", html).group(1)
        assert typed_key.replace(" ", "") == key
        # The QR code carries the same key, labelled for the app as 清风:lisi.
        assert pending.config_url.startswith("otpauth://totp/%E6%B8%85%E9%A3%8E%3Alisi?")
        assert f"secret={key}" in pending.config_url

        wrong = client.post(SETUP, {"action": "confirm", "confirm-code": "000000"})
        assert wrong.status_code == 400
        assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

        traveller.shift(datetime.timedelta(seconds=5))  # past django-otp's pause after a miss
        done = client.post(SETUP, {"action": "confirm", "confirm-code": code_for(pending)})
        assert done.status_code == 302
        shown = client.get(SETUP).content.decode()
        assert 'data-two-factor="on"' in shown
        codes = re.findall(r"data-backup-code>([a-z2-7]{8})<", shown)
        assert len(codes) == 10
        # Shown once only.
        again = client.get(SETUP).content.decode()
        assert "data-backup-code>" not in again
        assert 'data-codes-left="10"' in again
        # The session that set it up counts as verified.
        assert client.get("/admin/").status_code == 200


def test_sign_in_asks_for_the_code_after_the_password(client):
    user = enrolled()
    with time_machine.travel(START, tick=False):
        response = sign_in(client, "lisi")
        assert response.status_code == 302
        assert_asks_for_code(client.get("/admin/"), "/admin/")
        assert_asks_for_code(client.get("/admin/pages/"), "/admin/pages/")
        page = client.get(VERIFY + "?next=/admin/pages/")
        assert page.status_code == 200
        assert "home/admin/two_factor_verify.html" in [t.name for t in page.templates]
        response = send_code(client, code_for(device_of(user)))
        assert response.status_code == 302
        assert response["Location"] == "/admin/pages/"
        assert client.get("/admin/").status_code == 200


def test_without_the_code_no_admin_screen_opens_but_signing_out_does(client):
    enrolled()
    with time_machine.travel(START, tick=False):
        sign_in(client, "lisi")
        for url in ("/admin/", "/admin/pages/", "/admin/account/", SETUP, "/admin/login-locks/"):
            assert_asks_for_code(client.get(url), url)
        # A form sent without the code is not carried out; it leads to the code page.
        response = client.post("/admin/account/", {"name_email-first_name": "黑客"})
        assert_asks_for_code(response, "/admin/")
        response = client.post("/admin/logout/")
        assert response.status_code == 302
        assert client.get("/admin/")["Location"].startswith(LOGIN)


def test_five_wrong_codes_lock_sign_in_like_wrong_passwords(client, caplog):
    user = enrolled()
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "lisi")
        for _ in range(4):
            traveller.shift(datetime.timedelta(seconds=20))  # past django-otp's own pause
            wrong = send_code(
                client, "123456" if code_for(device_of(user)) != "123456" else "654321"
            )
            assert wrong.status_code == 400
        traveller.shift(datetime.timedelta(seconds=20))
        locked = send_code(client, "000001" if code_for(device_of(user)) != "000001" else "000002")
        assert locked.status_code == 429
        assert "home/login_locked.html" in [t.name for t in locked.templates]
        # The half-open session is closed, and the right password is refused for the lock.
        assert client.get("/admin/")["Location"].startswith(LOGIN)
        assert sign_in(client, "lisi").status_code == 429
        traveller.shift(datetime.timedelta(minutes=16))
        assert sign_in(client, "lisi").status_code == 302
    assert "Staff login locked: user 'lisi'" in caplog.text


def test_django_otp_makes_each_miss_wait_longer(client):
    user = enrolled()
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "lisi")
        right = code_for(device_of(user))
        assert send_code(client, "000000" if right != "000000" else "111111").status_code == 400
        # Even the right code waits out the pause after a miss, and the page says how long.
        waiting = send_code(client, right)
        assert waiting.status_code == 429
        assert b"data-two-factor-verify" in waiting.content
        traveller.shift(datetime.timedelta(seconds=2))
        assert send_code(client, code_for(device_of(user))).status_code == 302


def test_a_code_works_once(client):
    user = enrolled()
    with time_machine.travel(START, tick=False):
        code = code_for(device_of(user))
        sign_in(client, "lisi")
        assert send_code(client, code).status_code == 302
        other = Client()
        sign_in(other, "lisi", address="10.0.0.2")
        assert send_code(other, code, address="10.0.0.2").status_code == 400


def test_a_backup_code_signs_in_once(client):
    user = enrolled()
    codes = two_factor.new_backup_codes(user)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "lisi")
        assert send_code(client, codes[3].upper()).status_code == 302
        client.post("/admin/logout/")
        sign_in(client, "lisi")
        traveller.shift(datetime.timedelta(seconds=5))
        assert send_code(client, codes[3]).status_code == 400
        assert StaticToken.objects.filter(device__user=user).count() == 9


def test_a_code_that_is_not_a_code_is_refused_plainly(client):
    enrolled()
    with time_machine.travel(START, tick=False):
        sign_in(client, "lisi")
        for bad in ("", "12345", "abc", "1" * 40, "12 34 5x"):
            response = send_code(client, bad)
            assert response.status_code == 400, bad
            assert response.context["form"].errors["code"]


def test_the_next_address_never_leaves_the_site(client):
    user = enrolled()
    with time_machine.travel(START, tick=False):
        sign_in(client, "lisi")
        response = send_code(client, code_for(device_of(user)), next_url="https://evil.example/")
        assert response["Location"] == "/admin/"


def test_turning_it_off_takes_a_code(client):
    user = enrolled()
    two_factor.new_backup_codes(user)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "lisi")
        send_code(client, code_for(device_of(user)))
        traveller.shift(datetime.timedelta(seconds=30))
        refused = client.post(SETUP, {"action": "off", "off-code": "000000"})
        assert refused.status_code in (400, 429)
        assert TOTPDevice.objects.filter(user=user).exists()
        traveller.shift(datetime.timedelta(seconds=30))
        response = client.post(SETUP, {"action": "off", "off-code": code_for(device_of(user))})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=user).exists()
        assert not StaticToken.objects.filter(device__user=user).exists()
        client.post("/admin/logout/")
        sign_in(client, "lisi")
        assert client.get("/admin/").status_code == 200


def test_new_backup_codes_replace_the_old_ones(client):
    user = enrolled()
    old = two_factor.new_backup_codes(user)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "lisi")
        send_code(client, code_for(device_of(user)))
        traveller.shift(datetime.timedelta(seconds=30))
        response = client.post(
            SETUP, {"action": "backup", "backup-code": code_for(device_of(user))}
        )
        assert response.status_code == 302
        new = re.findall(r"data-backup-code>([a-z2-7]{8})<", client.get(SETUP).content.decode())
        assert len(new) == 10
        assert not set(new) & set(old)


def test_staff_without_two_factor_sign_in_as_before(client, settings):
    settings.QINGFENG_REQUIRE_2FA = True  # applies to superusers only
    staff_user("wangwu")
    with time_machine.travel(START, tick=False):
        assert sign_in(client, "wangwu").status_code == 302
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/account/").status_code == 200


def test_off_by_default_a_superuser_without_a_device_goes_straight_in(client):
    assert django_settings.QINGFENG_REQUIRE_2FA is False
    staff_user("boss", superuser=True)
    with time_machine.travel(START, tick=False):
        sign_in(client, "boss")
        assert client.get("/admin/").status_code == 200


def test_required_for_superusers_sends_them_to_set_it_up_first(client, settings):
    settings.QINGFENG_REQUIRE_2FA = True
    boss = staff_user("boss", superuser=True)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "boss")
        for url in ("/admin/", "/admin/pages/", "/admin/login-locks/", "/admin/account/"):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"] == SETUP
        page = client.get(SETUP)
        assert page.status_code == 200
        assert b"data-two-factor-required" in page.content
        pending = TOTPDevice.objects.get(user=boss, confirmed=False)
        client.post(SETUP, {"action": "confirm", "confirm-code": code_for(pending)})
        assert client.get("/admin/").status_code == 200
        # It cannot be turned off while it is required.
        traveller.shift(datetime.timedelta(seconds=30))
        refused = client.post(SETUP, {"action": "off", "off-code": code_for(device_of(boss))})
        assert refused.status_code == 400
        assert TOTPDevice.objects.filter(user=boss, confirmed=True).exists()


def test_the_account_page_shows_it_and_still_saves(client):
    user = staff_user("lisi")
    client.force_login(user)
    page = client.get("/admin/account/").content.decode()
    assert 'data-two-factor-status="off"' in page
    assert f'href="{SETUP}"' in page
    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": "四",
            "name_email-last_name": "李",
            "name_email-email": "lisi@example.com",
            "locale-preferred_language": "zh-hans",
            "locale-current_time_zone": "Asia/Shanghai",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.first_name == "四"
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device_of(user).persistent_id
    session.save()
    assert 'data-two-factor-status="on"' in client.get("/admin/account/").content.decode()


def test_an_out_of_date_form_is_a_400_not_a_500(client):
    client.force_login(staff_user("lisi"))
    assert client.post(SETUP, {"action": "off", "off-code": "123456"}).status_code == 400
    assert client.post(SETUP, {"action": "nonsense"}).status_code == 400
