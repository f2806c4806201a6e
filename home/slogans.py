"""Bulletin-board slogans (宣传栏标语): short integrity sayings staff keep as snippets, listed on
/slogans/, printed as posters, and one of them shown on the home page each day."""

import re

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

TEXT_MAX_LENGTH = 60
SOURCE_MAX_LENGTH = 60
# Long enough that a busy home page reads the list rarely, short enough that an edit on another
# app server (each with its own cache when Redis is not used) shows within minutes.
CACHE_TIMEOUT = 300
_DAY_KEY = "qingfeng:slogan-of-the-day:{date}"
_PHRASE = re.compile(r"[^，；、。！？,;!?]+[，；、。！？,;!?]*")


class Slogan(Orderable):
    text = models.CharField(
        _("slogan"),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("At most 60 characters; a short line reads best from across the street."),
    )
    source = models.CharField(
        _("origin"),
        max_length=SOURCE_MAX_LENGTH,
        blank=True,
        help_text=_("Optional: where the words come from, such as 《论语》 or a regulation."),
    )
    enabled = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Only slogans in use are listed on the site and shown on the home page."),
    )

    panels = [FieldPanel("text"), FieldPanel("source"), FieldPanel("enabled")]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("bulletin-board slogan")
        verbose_name_plural = _("bulletin-board slogans")

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        # Runs of spaces and line breaks would break the poster's layout.
        self.text = " ".join((self.text or "").split())
        self.source = " ".join((self.source or "").split())

    @property
    def phrases(self):
        """The text cut after each pause (，；、。！？): set apart, a line breaks between clauses
        where it can rather than in the middle of one."""
        return _PHRASE.findall(self.text) or [self.text]

    @property
    def length_class(self):
        """How large the poster may set the slogan: short lines get the largest type."""
        length = len(self.text)
        if length <= 12:
            return "short"
        if length <= 28:
            return "medium"
        return "long"


def enabled_slogans():
    """The slogans residents see, in the order staff gave them."""
    return Slogan.objects.filter(enabled=True).order_by("sort_order", "pk")


def slogan_of_the_day(today=None):
    """The same slogan for everyone on a local (Asia/Shanghai) date, the next one in staff's
    order the day after. At most one query, and none while the day's choice is cached.

    Returns a dict (pk, text, source) or None when no slogan is in use."""
    today = today or timezone.localdate()
    key = _DAY_KEY.format(date=today.isoformat())
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    slogans = list(enabled_slogans().values("pk", "text", "source"))
    chosen = slogans[today.toordinal() % len(slogans)] if slogans else {}
    cache.set(key, chosen, CACHE_TIMEOUT)
    return chosen or None


@receiver(post_save, sender=Slogan, dispatch_uid="qingfeng-slogan-saved")
@receiver(post_delete, sender=Slogan, dispatch_uid="qingfeng-slogan-deleted")
def _slogans_changed(**kwargs):
    # After the commit, so that a page drawn meanwhile cannot cache the old list again.
    key = _DAY_KEY.format(date=timezone.localdate().isoformat())
    transaction.on_commit(lambda: cache.delete(key))
