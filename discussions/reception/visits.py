"""Home visits (下访): leaders going out to residents, and the cases each visit produced."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Visit(models.Model):
    date = models.DateField(_("date"))
    leaders = models.CharField(_("leaders"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    # Personal data: blanked with names and numbers after the retention period.
    residents_met = models.TextField(_("residents met"))
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.place}"
