"""Text messages: queued with the write that caused them, logged, masked, echoed for `make serve`,
and resent by staff from the admin (tests/home/test_purge.py: purged with the personal data)."""

import json
import re

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from home.notifications import Kind, Message, notify, paused
from tests import factories

pytestmark = pytest.mark.django_db

PHONE = "13900000001"
VERIFICATION_TEXT = "验证码 123456，5分钟内有效。请勿告诉他人。【清风社区】"


def send(text="报名成功：廉政文化讲座，12月3日14:30。报名码 K9YHGWY8。", **kwargs):
    with transaction.atomic():
        return notify(kwargs.pop("phone", PHONE), text, **kwargs)


def test_a_message_goes_out_after_the_write_commits_and_the_log_forgets_the_number(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        send(kind=Kind.REGISTERED, params={"event": "廉政文化讲座", "time": "14:30", "code": "K9"})
    message = Message.objects.get()
    assert [m.to for m in mail.outbox] == [[f"{PHONE}@sms.invalid"]]
    assert mail.outbox[0].body.startswith("报名成功：廉政文化讲座")
    assert (message.status, message.attempts, message.provider) == ("sent", 1, "email")
    assert message.kind == "registered"
    assert (message.phone, message.phone_masked, message.params) == ("", "139****0001", {})
    assert message.sent_at is not None


def test_a_rolled_back_write_sends_and_logs_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(PHONE, "报名成功")
            raise RuntimeError("the registration failed")
    assert mail.outbox == []
    assert not Message.objects.exists()


def test_demo_data_made_inside_paused_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), paused():
        assert send() is None
    assert mail.outbox == []
    assert not Message.objects.exists()


def test_make_serve_prints_one_line_with_the_masked_number_and_the_code(
    settings, capsys, django_capture_on_commit_callbacks
):
    settings.QINGFENG_SMS_ECHO = True
    with django_capture_on_commit_callbacks(execute=True):
        send(VERIFICATION_TEXT, kind=Kind.VERIFICATION, params={"code": "123456"})
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"短信 139****0001：{VERIFICATION_TEXT}"]
    assert re.search(r"验证码 (\d{6})", lines[0]).group(1) == "123456"
    # Once sent, staff reading the log cannot use the code.
    assert Message.objects.get().text.startswith("验证码 ******，5分钟内有效")


def test_the_echo_line_masks_a_number_inside_the_text(
    settings, capsys, django_capture_on_commit_callbacks
):
    settings.QINGFENG_SMS_ECHO = True
    with django_capture_on_commit_callbacks(execute=True):
        send("请回电 13800001234 咨询。\n谢谢。")
    assert capsys.readouterr().out == "短信 139****0001：请回电 138****1234 咨询。 谢谢。\n"


def test_a_refused_mail_gateway_is_retried_then_failed_without_a_number_in_the_log(
    settings, caplog, django_capture_on_commit_callbacks
):
    # A real SMTP connection to a port where nothing listens.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.QINGFENG_SMS_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        send()
    message = Message.objects.get()
    assert (message.status, message.attempts, message.error) == ("failed", 3, "temporary")
    assert message.provider_code == "ConnectionRefusedError"
    assert message.phone == PHONE and message.can_resend
    assert "139****0001" in caplog.text
    assert PHONE not in caplog.text


def test_a_verification_code_that_could_not_go_is_not_kept_or_resent(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.QINGFENG_SMS_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        send(VERIFICATION_TEXT, kind=Kind.VERIFICATION, params={"code": "123456"})
    message = Message.objects.get()
    assert message.status == "failed" and not message.can_resend
    assert "123456" not in message.text and message.params == {} and message.phone == ""


# --- The admin's 短信记录 ------------------------------------------------------------------------


def failed_message(phone=PHONE, text="报名成功：廉政文化讲座"):
    return Message.objects.create(
        phone=phone,
        text=text,
        status="failed",
        attempts=5,
        error="temporary",
        provider="aliyun",
        provider_code="ServiceUnavailable",
        created_at=timezone.now(),
    )


def sidebar_labels(html):
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    return json.dumps(json.loads(props.group(1)), ensure_ascii=False)


def test_staff_see_masked_numbers_filter_failures_and_resend(
    client, django_capture_on_commit_callbacks
):
    failed = failed_message()
    Message.objects.create(
        phone_masked="139****0002", text="已送达的通知", status="sent", created_at=timezone.now()
    )
    client.force_login(factories.staff_user("boss", superuser=True))
    assert "短信记录" in sidebar_labels(client.get("/admin/").content.decode())

    html = client.get("/admin/text-messages/?status=failed").content.decode()
    assert "139****0001" in html and PHONE not in html
    assert "已送达的通知" not in html
    assert "ServiceUnavailable" in html and "暂时失败" in html
    assert f"/admin/text-messages/resend/{failed.pk}/" in html

    inspect = client.get(f"/admin/text-messages/inspect/{failed.pk}/").content.decode()
    assert "139****0001" in inspect and PHONE not in inspect

    confirm = client.get(f"/admin/text-messages/resend/{failed.pk}/")
    assert "data-resend-message" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/text-messages/resend/{failed.pk}/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.provider) == ("sent", 1, "email")
    assert [m.to for m in mail.outbox] == [[f"{PHONE}@sms.invalid"]]


def test_a_sent_message_cannot_be_resent(client):
    sent = Message.objects.create(
        phone_masked="139****0002", text="通知", status="sent", created_at=timezone.now()
    )
    client.force_login(factories.staff_user("boss", superuser=True))
    client.post(f"/admin/text-messages/resend/{sent.pk}/")
    sent.refresh_from_db()
    assert sent.status == "sent"
    assert mail.outbox == []


def test_only_staff_allowed_see_the_log_and_resend(client):
    failed = failed_message()
    client.force_login(factories.staff_user("editor"))
    assert "短信记录" not in sidebar_labels(client.get("/admin/").content.decode())
    assert client.get("/admin/text-messages/").status_code in (302, 403)

    client.force_login(factories.staff_user("reader", "home.view_message"))
    assert "短信记录" in sidebar_labels(client.get("/admin/").content.decode())
    html = client.get("/admin/text-messages/").content.decode()
    assert "139****0001" in html
    assert f"/admin/text-messages/resend/{failed.pk}/" not in html
    assert client.post(f"/admin/text-messages/resend/{failed.pk}/").status_code in (302, 403)
    failed.refresh_from_db()
    assert failed.status == "failed"
