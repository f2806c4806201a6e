"""One way to tell a resident something: a short text message to a mainland mobile number.

Apps call ``notify(phone, text)`` inside their service's transaction, with ``kind=`` and
``params=`` when the message is one of the kinds that SMS providers send from an approved
template (``Kind.VERIFICATION`` with ``{"code": "123456"}``, …). The message is recorded and
queued; ``manage.py db_worker`` delivers it through the class named in QINGFENG_NOTIFIER:
EmailNotifier (an e-mail-to-SMS gateway), LogNotifier, or the Alibaba Cloud and Tencent Cloud
adapters in home.sms.
"""

from ..message_log import Message
from .base import (
    DeliveryError,
    InvalidNumber,
    NotConfigured,
    Notifier,
    Outgoing,
    OutOfBalance,
    RateLimited,
    Receipt,
    TemporaryError,
)
from .delivery import deliver, notifier_class, notify, paused, resend
from .gateways import EmailNotifier, LogNotifier

Kind = Message.Kind

__all__ = [
    "DeliveryError",
    "EmailNotifier",
    "InvalidNumber",
    "Kind",
    "LogNotifier",
    "Message",
    "NotConfigured",
    "Notifier",
    "OutOfBalance",
    "Outgoing",
    "RateLimited",
    "Receipt",
    "TemporaryError",
    "deliver",
    "notifier_class",
    "notify",
    "paused",
    "resend",
]
