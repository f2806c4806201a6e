"""One way to tell a resident something: a short text message to a mainland mobile number.

Apps call ``notify(phone, message)`` inside their service's transaction; the message is queued
with django-tasks only after the transaction commits, so nothing is sent for a write that was
rolled back. Which notifier delivers it is a setting (QINGFENG_NOTIFIER), so an SMS provider
plugs in without touching the apps:

    class ProviderNotifier(Notifier):
        def send(self, phone, message):
            provider_client.send_sms(phone, message)  # raise on failure; the task logs it

The default, EmailNotifier, sends a plain e-mail through Django's mail settings (the console
backend on a development machine) to the address QINGFENG_SMS_EMAIL formats from the phone
number, which suits an e-mail-to-SMS gateway.
"""

import abc
import contextlib
import contextvars
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import task

from .formatting import mask_phone

logger = logging.getLogger(__name__)


class Notifier(abc.ABC):
    @abc.abstractmethod
    def send(self, phone, message):
        """Deliver ``message`` to the mainland mobile ``phone``; raise if it cannot be sent."""


class EmailNotifier(Notifier):
    def send(self, phone, message):
        recipient = settings.QINGFENG_SMS_EMAIL.format(phone=phone)
        subject = settings.QINGFENG_NOTIFY_SUBJECT
        send_mail(subject, message, None, [recipient])


class LogNotifier(Notifier):
    """For sites without an SMS gateway yet: records that a message was due, number masked."""

    def send(self, phone, message):
        logger.info("notification for %s: %s", mask_phone(phone), message)


def get_notifier():
    return import_string(settings.QINGFENG_NOTIFIER)()


@task()
def deliver(phone, message):
    try:
        get_notifier().send(phone, message)
    except Exception:
        # The resident's registration stands either way; staff see the failure in the log.
        logger.exception("notification to %s failed", mask_phone(phone))
        raise


_paused = contextvars.ContextVar("qingfeng_notifications_paused", default=False)


@contextlib.contextmanager
def paused():
    """Send nothing for writes made inside this block (demo data with made-up numbers)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def notify(phone, message):
    """Queue a message for after the current transaction commits (at once outside one)."""
    if not phone or _paused.get():
        return
    transaction.on_commit(lambda: deliver.enqueue(phone, message))
