"""The record of every text message to a resident: what was sent, to whom (masked), and what
the provider answered, so staff can see what failed and send it again."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .formatting import mask_phone

CODE_AFTER_LABEL = re.compile(r"(验证码\s*[:：]?\s*)\d{4,8}")


class Message(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", pgettext_lazy("text message", "General notice")
        VERIFICATION = "verification", pgettext_lazy("text message", "Verification code")
        REGISTERED = "registered", pgettext_lazy("text message", "Registration confirmed")
        WAITLISTED = "waitlisted", pgettext_lazy("text message", "Put on the waiting list")
        PROMOTED = "promoted", pgettext_lazy("text message", "Moved up from the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("text message", "Registration cancelled")
        REMINDER = "reminder", pgettext_lazy("text message", "Event reminder")
        SUGGESTION_REPLIED = (
            "suggestion_replied",
            pgettext_lazy("text message", "Suggestion replied"),
        )

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("text message", "Queued")
        SENT = "sent", pgettext_lazy("text message", "Sent")
        FAILED = "failed", pgettext_lazy("text message", "Failed")

    class Error(models.TextChoices):
        RATE_LIMITED = "rate_limited", pgettext_lazy("text message", "Rate limited")
        INVALID_NUMBER = "invalid_number", pgettext_lazy("text message", "Invalid number")
        OUT_OF_BALANCE = "out_of_balance", pgettext_lazy("text message", "Out of balance")
        TEMPORARY = "temporary", pgettext_lazy("text message", "Temporary failure")
        NOT_CONFIGURED = "not_configured", pgettext_lazy("text message", "Not configured")
        REJECTED = "rejected", pgettext_lazy("text message", "Rejected by the provider")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind, default=Kind.NOTICE)
    # The full number is kept only while the message may still be sent (queued or failed, so
    # that staff can resend it); it is blanked once the message is out. The masked one stays.
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    phone_masked = models.CharField(_("mobile number"), max_length=20)
    text = models.TextField(_("text"))
    params = models.JSONField(_("template parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    error = models.CharField(_("error"), max_length=20, choices=Error, blank=True)
    provider_code = models.CharField(_("provider's code"), max_length=100, blank=True)
    provider_answer = models.CharField(_("provider's answer"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("queued at"), db_index=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)
        permissions = [("resend_message", _("Can send a failed text message again"))]

    def __str__(self):
        return f"{self.get_kind_display()} {self.phone_masked}"

    def save(self, *args, **kwargs):
        if self.phone:
            self.phone_masked = mask_phone(self.phone)
        super().save(*args, **kwargs)

    @property
    def can_resend(self):
        return (
            self.status == self.Status.FAILED
            and bool(self.phone)
            and self.kind != self.Kind.VERIFICATION
        )

    def forget_recipient(self):
        """Once sent, keep only what the log needs: no full number, no template values, and no
        verification code, which would let whoever reads the log act as the resident."""
        self.phone = ""
        self.params = {}
        if self.kind == self.Kind.VERIFICATION:
            self.text = CODE_AFTER_LABEL.sub(lambda m: m.group(1) + "******", self.text)
