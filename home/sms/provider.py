"""What the two SMS adapters share: the approved template of each kind of message with its
parameters, the provider's settings, and its error codes turned into the project's errors.

Chinese SMS providers send only templates that they approved beforehand, with the community's
signature (签名). Each kind of message has one template, named in the environment
(QINGFENG_SMS_TEMPLATE_VERIFICATION=SMS_123456789 …). Alibaba Cloud templates name their
variables (${code}); Tencent Cloud templates number them ({1}, {2}) in the order listed here.
"""

import abc

from django.conf import settings

from ..notifications import base

PARAMETERS = {
    "notice": ("content",),
    "verification": ("code",),
    "registered": ("event", "time", "code"),
    "waitlisted": ("event", "position", "code"),
    "promoted": ("event", "time", "code"),
    "cancelled": ("event", "code"),
    "reminder": ("event", "time", "code"),
    "suggestion_replied": ("code",),
}


def template_for(message):
    """(template id, [(name, value), …]) for ``message``, or NotConfigured."""
    template = (settings.QINGFENG_SMS.get("TEMPLATES") or {}).get(message.kind)
    if not template:
        raise base.NotConfigured("no_template", f"QINGFENG_SMS_TEMPLATE_{message.kind.upper()}")
    params = dict(message.params)
    if message.kind == "notice":
        params.setdefault("content", message.text)
    names = PARAMETERS.get(message.kind, ())
    missing = [name for name in names if not params.get(name)]
    if missing:
        raise base.NotConfigured("missing_param", ", ".join(missing))
    return template, [(name, str(params[name])) for name in names]


class ProviderNotifier(base.Notifier):
    """An SMS provider's adapter. A subclass names its settings section and required settings,
    lists its error codes, and implements ``submit(message, sign_name, template, params)``."""

    section = ""
    required = ()
    # Error codes, by what they mean; a code starting with one of ``*_prefixes`` counts too.
    rate_limited = rate_limited_prefixes = ()
    invalid_number = ()
    out_of_balance = ()
    temporary = temporary_prefixes = ()

    def __init__(self):
        self.account = settings.QINGFENG_SMS.get(self.section) or {}
        for name in self.required:
            if not self.account.get(name):
                raise base.NotConfigured("no_credentials", f"QINGFENG_SMS_{self.section}_{name}")
        self.sign_name = settings.QINGFENG_SMS.get("SIGN_NAME") or ""
        self.timeout = float(settings.QINGFENG_SMS.get("TIMEOUT") or 10)

    def send(self, phone, message):
        self.send_message(base.Outgoing(phone, message))

    def send_message(self, message):
        template, params = template_for(message)
        if not self.sign_name:
            raise base.NotConfigured("no_sign_name", "QINGFENG_SMS_SIGN_NAME")
        return self.submit(message, self.sign_name, template, params)

    @abc.abstractmethod
    def submit(self, message, sign_name, template, params):
        """Send one message through the provider's SDK; a Receipt, or raise a DeliveryError."""

    @classmethod
    def error_for(cls, code, answer=""):
        """The project's error for one of the provider's codes; an unknown code is final."""
        code = str(code or "")
        if code in cls.rate_limited or code.startswith(cls.rate_limited_prefixes):
            return base.RateLimited(code, answer)
        if code in cls.invalid_number:
            return base.InvalidNumber(code, answer)
        if code in cls.out_of_balance:
            return base.OutOfBalance(code, answer)
        if code in cls.temporary or code.startswith(cls.temporary_prefixes):
            return base.TemporaryError(code, answer)
        return base.DeliveryError(code, answer)
