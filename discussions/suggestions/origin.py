"""A case's origin (channel, reception day or visit, who received and logged it), its repeats
and the resident's verdict: the fields ``Suggestion`` takes from ``CaseOrigin``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .channels import Channel, EvaluationMethod, Satisfaction


class CaseOrigin(models.Model):
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB
    )
    reception_date = models.DateField(_("reception day"), null=True, blank=True)
    visit = models.ForeignKey(
        "discussions.Visit",
        verbose_name=_("home visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    received_by = models.CharField(_("received by"), max_length=50, blank=True)
    lead_leader = models.CharField(_("leader in charge"), max_length=50, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    satisfaction_method = models.CharField(
        _("asked"), max_length=12, choices=EvaluationMethod.choices, blank=True
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    # A later case came from the same number within SETTLING_DAYS of closing. Written by the
    # purge before it forgets the numbers, so that the settled rate still counts the case.
    came_back = models.BooleanField(_("came back"), default=False, editable=False)

    class Meta:
        abstract = True
