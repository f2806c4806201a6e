"""The path `make serve` takes: a request only writes the message and its task to the database;
`manage.py db_worker --backend messages` sends it, prints the one-line record, and waits before
trying a failed send again."""

import datetime
import io
import signal

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from home.notifications import Kind, Message, notify

from .sms_provider import ProviderServer

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = "13900000001"
TEXT = "验证码 123456，5分钟内有效。【清风社区】"
START = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def queue(settings):
    """The database backend for messages, and Alibaba Cloud's adapter on a local server."""
    with ProviderServer() as server:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
            "messages": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        }
        settings.QINGFENG_NOTIFIER = "home.sms.aliyun.AliyunNotifier"
        settings.QINGFENG_SMS_ECHO = True
        settings.QINGFENG_SMS = {
            "SIGN_NAME": "清风社区",
            "TIMEOUT": 5,
            "TEMPLATES": {"verification": "SMS_465912301"},
            "ALIYUN": {
                "ACCESS_KEY_ID": "LTAI-test",
                "ACCESS_KEY_SECRET": "secret-for-tests",
                "ENDPOINT": server.endpoint,
                "PROTOCOL": "HTTP",
            },
        }
        yield server


@pytest.fixture
def worker():
    """Runs the real worker over what is due, then gives the signal handlers it set back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run():
        # As options on a command line: argparse checks the backend's name only there.
        call_command(
            "db_worker",
            "--backend=messages",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            verbosity=0,
            stdout=io.StringIO(),
        )

    yield run
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def queue_verification():
    with transaction.atomic():
        notify(PHONE, TEXT, kind=Kind.VERIFICATION, params={"code": "123456"})


def answer_ok(server):
    server.answer(200, {"Code": "OK", "Message": "OK", "BizId": "9006^0", "RequestId": "F6"})


def test_the_request_only_queues_and_the_worker_sends_and_prints_one_line(queue, worker, capsys):
    answer_ok(queue)
    queue_verification()
    assert queue.received == []  # nothing left the building during the "request"
    assert Message.objects.get().status == "queued"
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert capsys.readouterr().out == ""

    worker()
    message = Message.objects.get()
    assert (message.status, message.attempts, message.provider) == ("sent", 1, "aliyun")
    assert queue.received[0].query["TemplateCode"] == "SMS_465912301"
    out = capsys.readouterr().out
    assert out == f"短信 139****0001：{TEXT}\n"
    assert PHONE not in out


@time_machine.travel(START, tick=False)
def test_a_provider_error_waits_before_the_next_attempt(queue, worker, settings, capsys):
    queue.answer(500, {"Code": "ServiceUnavailable", "Message": "The request has failed."})
    queue.answer(400, {"Code": "Throttling.User", "Message": "flow control"})
    answer_ok(queue)
    queue_verification()

    worker()
    message = Message.objects.get()
    assert (message.status, message.attempts, message.error) == ("queued", 1, "temporary")
    assert message.next_attempt_at == START + datetime.timedelta(minutes=1)

    worker()  # not due yet: nothing is sent
    assert len(queue.received) == 1

    with time_machine.travel(START + datetime.timedelta(minutes=1, seconds=1), tick=False):
        worker()
        message.refresh_from_db()
        assert (message.attempts, message.error) == (2, "rate_limited")
        assert message.next_attempt_at == timezone.now() + datetime.timedelta(minutes=4)
    with time_machine.travel(START + datetime.timedelta(minutes=6), tick=False):
        worker()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == ("sent", 3, "")
    assert len(queue.received) == 3
    # The line is printed once per message, not once per attempt.
    assert capsys.readouterr().out.count("短信 139****0001") == 1
