"""Statutory holidays and make-up working days (调休) that staff enter for a year the
``chinesecalendar`` release does not know yet (设置 → 节假日); see ``workdays``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from home.formatting import format_date


class DayKind(models.TextChoices):
    REST = "rest", _("Day off")
    WORKING = "working", _("Make-up working day")


class HolidayDay(models.Model):
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=DayKind.choices, default=DayKind.REST)
    name = models.CharField(
        _("holiday"), max_length=30, blank=True, help_text=_("For example 春节 or 国庆节.")
    )

    class Meta:
        verbose_name = _("holiday or make-up working day")
        verbose_name_plural = _("holidays and make-up working days")
        ordering = ["date"]

    def __str__(self):
        return f"{format_date(self.date)} {self.get_kind_display()}"

    def day(self):
        """2027年2月6日（星期六）: the weekday shows at once which days are make-up Saturdays."""
        return format_date(self.date)

    day.short_description = _("date")
    day.admin_order_field = "date"
