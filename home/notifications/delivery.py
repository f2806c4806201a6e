"""Queueing and delivering messages: a web request only writes a row; a worker sends it.

``notify`` records the message (home.message_log.Message) inside the caller's transaction and
enqueues the delivery task once that transaction commits, so nothing is sent for a write that
was rolled back. The task runs in ``manage.py db_worker`` (django-tasks-db), never in a request:
a slow or failing provider cannot make a resident wait or see an error page.
"""

import contextlib
import contextvars
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from ..mail import PHONE
from ..message_log import Message
from .base import DeliveryError, Outgoing, TemporaryError

logger = logging.getLogger("home.notifications")


def notifier_class():
    """The class named in QINGFENG_NOTIFIER (the worker makes one per message)."""
    return import_string(settings.QINGFENG_NOTIFIER)


def retry_delay(attempts):
    """1, 4, 16, 64 … minutes after the first, second, third … failed attempt."""
    return timedelta(seconds=settings.QINGFENG_SMS_RETRY_SECONDS * 4 ** (attempts - 1))


def echo(message):
    """The one line that `make serve` prints for every message: number masked, text whole."""
    if not settings.QINGFENG_SMS_ECHO:
        return
    text = PHONE.sub(r"\1****\2", " ".join(message.text.split()))
    print(f"短信 {message.phone_masked}：{text}", flush=True)


def _enqueue(message_id, run_after=None):
    runner = deliver
    # The immediate backend used by the tests cannot wait: it tries again at once.
    if run_after is not None and deliver.get_backend().supports_defer:
        runner = deliver.using(run_after=run_after)
    runner.enqueue(message_id)


@task(backend="messages")
def deliver(message_id):
    message = Message.objects.filter(pk=message_id, status=Message.Status.QUEUED).first()
    if message is None:
        return  # purged, or already sent by an earlier run of this task
    if message.attempts == 0:
        echo(message)
    notifier = notifier_class()
    now = timezone.now()
    message.attempts += 1
    message.last_attempt_at = now
    message.next_attempt_at = None
    message.provider = notifier.name
    outgoing = Outgoing(message.phone, message.text, message.kind, dict(message.params))
    try:
        # Inside the try: a provider without its credentials fails the message, not the worker.
        receipt = notifier().send_message(outgoing)
    except DeliveryError as error:
        _failed(message, error, now)
    except Exception as error:
        # Anything unforeseen (a network error, a bug in a gateway) counts as temporary. The
        # exception's text could carry the number, so only its class is recorded.
        _failed(message, TemporaryError(type(error).__name__), now)
    else:
        message.status = Message.Status.SENT
        message.sent_at = now
        message.error = ""
        message.provider_code = receipt.code if receipt else ""
        message.provider_answer = receipt.answer if receipt else ""
        message.forget_recipient()
        message.save()
        return
    message.save()
    if message.next_attempt_at:
        _enqueue(message.pk, message.next_attempt_at)


def _failed(message, error, now):
    message.error = error.reason
    message.provider_code = error.code
    message.provider_answer = error.answer
    if error.retry and message.attempts < settings.QINGFENG_SMS_MAX_ATTEMPTS:
        message.next_attempt_at = now + retry_delay(message.attempts)
        level = logging.INFO
    else:
        message.status = Message.Status.FAILED
        level = logging.WARNING
        if message.kind == Message.Kind.VERIFICATION:
            # A code is dead within minutes: there is nothing to resend, and nothing to keep.
            message.forget_recipient()
    logger.log(
        level,
        "text message %s to %s: %s %s (attempt %s)",
        message.pk,
        message.phone_masked,
        error.reason,
        error.code,
        message.attempts,
    )


_paused = contextvars.ContextVar("qingfeng_notifications_paused", default=False)


@contextlib.contextmanager
def paused():
    """Send nothing for writes made inside this block (demo data with made-up numbers)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def notify(phone, message, *, kind=Message.Kind.NOTICE, params=None):
    """Queue ``message`` (the whole Chinese text) for ``phone`` after the current transaction
    commits (at once outside one). Providers that send approved templates use ``kind`` and its
    ``params`` instead of the text: see home.sms.templates for each kind's parameters."""
    if not phone or _paused.get():
        return None
    record = Message.objects.create(
        kind=kind,
        phone=phone,
        text=str(message),
        params={key: str(value) for key, value in (params or {}).items()},
        created_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue(record.pk))
    return record


def resend(message):
    """Queue a failed message again, from its first attempt (staff, from the message log)."""
    if not message.can_resend:
        return False
    message.status = Message.Status.QUEUED
    message.attempts = 0
    message.error = ""
    message.next_attempt_at = None
    message.save()
    transaction.on_commit(lambda: _enqueue(message.pk))
    return True
