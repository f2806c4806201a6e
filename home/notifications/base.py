"""What every way of delivering a text message shares: the message, the answer, the errors.

A notifier either delivers or raises one of the errors below. The delivery task decides from the
error alone whether to try again later (``retry``) or to mark the message failed, so a provider's
own error codes never leave its adapter.
"""

import abc
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Outgoing:
    """One message to one mainland mobile: the full Chinese ``text`` for notifiers that send
    text, and the ``kind`` with its ``params`` for providers that send approved templates."""

    phone: str
    text: str
    kind: str = "notice"
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Receipt:
    """The provider's answer to a message it accepted."""

    code: str = ""
    answer: str = ""


class DeliveryError(Exception):
    """The message did not go out. ``code`` and ``answer`` are the provider's own words."""

    reason = "rejected"
    retry = False

    def __init__(self, code="", answer=""):
        super().__init__(f"{code}: {answer}" if answer else code)
        self.code = str(code)[:100]
        self.answer = str(answer)[:255]


class TemporaryError(DeliveryError):
    """The provider or the network failed this time; the same message may go through later."""

    reason = "temporary"
    retry = True


class RateLimited(TemporaryError):
    """Too many messages (to this number, or from this account) for now."""

    reason = "rate_limited"


class InvalidNumber(DeliveryError):
    reason = "invalid_number"


class OutOfBalance(DeliveryError):
    """The account has no messages left: staff must top it up, then resend."""

    reason = "out_of_balance"


class NotConfigured(DeliveryError):
    """No template, signature or credentials for this kind of message."""

    reason = "not_configured"


class Notifier(abc.ABC):
    """Delivers text messages. A subclass that sends plain text implements ``send``; one that
    sends provider templates overrides ``send_message``, which gets the kind and parameters."""

    name = "custom"

    @abc.abstractmethod
    def send(self, phone, message):
        """Deliver ``message`` to the mainland mobile ``phone``; raise if it cannot be sent."""

    def send_message(self, message: Outgoing) -> Receipt | None:
        self.send(message.phone, message.text)
        return None
