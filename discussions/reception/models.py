"""Reception days (接访日): when and where the community's leaders receive residents.

A schedule page holds regular weekly sessions (every Monday 9:00–12:00…) and one-off days; a
one-off day may also call off the regular sessions of its date (a public holiday).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from home.models import BasePage, IndexPage


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ReceptionSchedulePage(RoutablePageMixin, IndexPage):
    """/reception/: the leaders' reception schedule."""

    weeks_ahead = models.PositiveSmallIntegerField(
        _("weeks shown ahead"), default=8, help_text=_("How far ahead the upcoming list reaches.")
    )
    visiting_notes = RichTextField(
        _("visiting notes"),
        blank=True,
        features=["bold", "ol", "ul", "link"],
        help_text=_("What residents should know before they come (来访须知)."),
    )

    subpage_types = []
    template = "discussions/reception/reception_schedule_page.html"

    content_panels = BasePage.content_panels + [
        FieldPanel("weeks_ahead"),
        FieldPanel("visiting_notes"),
        InlinePanel("rules", label=_("Regular sessions")),
        InlinePanel("days", label=_("One-off days and cancellations")),
    ]

    class Meta:
        verbose_name = _("reception schedule")
        verbose_name_plural = _("reception schedules")

    @path("")
    def schedule(self, request):
        from . import views

        return views.schedule_view(request, self)

    @path("print/", name="print")
    def print_view(self, request):
        from . import views

        return views.print_view(request, self)


class ReceptionSession(Orderable):
    """Who receives residents, where and on what; shared by regular sessions and one-off days."""

    leader_name = models.CharField(_("leader"), max_length=50, blank=True)
    leader_title = models.CharField(_("leader's title"), max_length=100, blank=True)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    topics = models.CharField(
        _("topics"), max_length=300, blank=True, help_text=_("What residents may raise.")
    )

    class Meta(Orderable.Meta):
        abstract = True

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end must come after the start.")})


class ReceptionRule(ReceptionSession):
    page = ParentalKey(ReceptionSchedulePage, related_name="rules", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(_("every"), choices=Weekday.choices)
    valid_from = models.DateField(_("from date"), null=True, blank=True)
    valid_until = models.DateField(_("until date"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("leader_name"), FieldPanel("leader_title")]),
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("place"),
        FieldPanel("topics"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
    ]

    class Meta(ReceptionSession.Meta):
        verbose_name = _("regular session")
        verbose_name_plural = _("regular sessions")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.leader_name}"

    def clean(self):
        super().clean()
        if not (self.start_time and self.end_time):
            raise ValidationError(_("A regular session needs a start and an end time."))
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end must come after the start.")})


class ReceptionDay(ReceptionSession):
    page = ParentalKey(ReceptionSchedulePage, related_name="days", on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    cancels_regular = models.BooleanField(
        _("no regular sessions this day"),
        default=False,
        help_text=_(
            "Ticked: the regular sessions of this date are called off (a holiday). Fill in the "
            "times only if a session is held instead."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("cancels_regular")]),
        FieldRowPanel([FieldPanel("leader_name"), FieldPanel("leader_title")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("place"),
        FieldPanel("topics"),
        FieldPanel("note"),
    ]

    class Meta(ReceptionSession.Meta):
        verbose_name = _("one-off day")
        verbose_name_plural = _("one-off days")

    def __str__(self):
        return f"{self.date} {self.leader_name}"

    @property
    def is_session(self):
        """A session is held this day (not only a cancellation notice)."""
        return bool(self.start_time and self.end_time)

    def clean(self):
        super().clean()
        if bool(self.start_time) != bool(self.end_time):
            raise ValidationError(_("Give both a start and an end time, or neither."))
        if not self.is_session and not self.cancels_regular:
            raise ValidationError(
                _("Give the times of the session, or tick that the regular sessions are off.")
            )
