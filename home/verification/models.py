"""The codes sent, as keyed hashes only: neither a number nor a code is stored as typed."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PhoneCode(models.Model):
    """One verification code sent to one number. A newer code for the number closes this one,
    and so do using it, running out of tries and expiring."""

    phone_digest = models.CharField(_("number (keyed hash)"), max_length=64)
    code_digest = models.CharField(_("code (keyed hash)"), max_length=64)
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    expires_at = models.DateTimeField(_("expires"))
    wrong_tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        indexes = [models.Index(fields=["phone_digest", "-sent_at"], name="phonecode_by_phone")]
        constraints = [
            # Two first requests for one number at the same moment send one code, not two.
            models.UniqueConstraint(
                fields=["phone_digest"],
                condition=Q(closed_at__isnull=True),
                name="one_open_code_per_number",
            )
        ]

    def __str__(self):
        return f"{self.pk} {self.sent_at:%Y-%m-%d %H:%M}"
