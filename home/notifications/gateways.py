"""Notifiers that send the message's text as it is: an e-mail-to-SMS gateway, or the log."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from ..formatting import mask_phone
from .base import Notifier

logger = logging.getLogger("home.notifications")


class EmailNotifier(Notifier):
    """A plain e-mail, through Django's mail settings, to the address QINGFENG_SMS_EMAIL makes
    of the number: what an e-mail-to-SMS gateway expects."""

    name = "email"

    def send(self, phone, message):
        recipient = settings.QINGFENG_SMS_EMAIL.format(phone=phone)
        subject = settings.QINGFENG_NOTIFY_SUBJECT
        send_mail(subject, message, None, [recipient])


class LogNotifier(Notifier):
    """For sites without an SMS gateway yet: records that a message was due, number masked."""

    name = "log"

    def send(self, phone, message):
        logger.info("notification for %s: %s", mask_phone(phone), message)
