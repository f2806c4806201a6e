"""Where a case came from and what the resident thought of its handling.

Kept apart from the models so that forms, selectors, the admin and other apps' reports can read
the choices without importing the models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Submitted online")
    RECEPTION = "reception", _("At a reception day")
    VISIT = "visit", _("On a home visit")
    PHONE = "phone", _("By phone call")
    LETTER = "letter", _("By letter")


# Channels staff log by hand (接访登记); web cases come through the public forms.
STAFF_CHANNELS = (Channel.RECEPTION, Channel.VISIT, Channel.PHONE, Channel.LETTER)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Mostly satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


# A content resident's case is settled (息诉息访) when the same number brings no new case within
# this many days of its closing (reports.cases; discussions.purge keeps the answer).
SETTLING_DAYS = 90


class EvaluationMethod(models.TextChoices):
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")
    SMS = "sms", _("By text message")
    SELF = "self", _("By the resident online")


# How staff may have asked; ``self`` is recorded only by the resident on the status page.
STAFF_METHODS = (EvaluationMethod.PHONE, EvaluationMethod.IN_PERSON, EvaluationMethod.SMS)
