"""Lectures (讲座) and knowledge quizzes (知识竞赛) that residents register for."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from home.models import BasePage, IndexPage
from home.search import CJKSearchField


class EventKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    QUIZ = "quiz", _("Knowledge quiz")


class RegistrationState(models.TextChoices):
    """What a resident can do now, in the words the event page shows."""

    NOT_OPEN = "not_open", _("Registration not open yet")
    OPEN = "open", _("Registration open")
    WAITLIST = "waitlist", _("Full (waiting list open)")
    FULL = "full", _("Full")
    CLOSED = "closed", _("Registration closed")
    ENDED = "ended", _("Ended")


class EventIndexPage(RoutablePageMixin, IndexPage):
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    # Routes stay thin: the work is in views.py.
    @path("")
    def listing(self, request):
        from .. import views

        return views.event_index(request, self)

    @path("my/", name="my_registration")
    def my_registration(self, request):
        from .. import views

        return views.my_registration(request, self)


class EventPage(RoutablePageMixin, BasePage):
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    speaker = models.CharField(_("speaker or host"), max_length=100, blank=True)
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1)], help_text=_("How many can attend.")
    )
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open on publishing.")
    )
    registration_closes = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when it starts.")
    )
    waitlist_enabled = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When full, later registrations wait in line and move up on cancellations."),
    )

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    search_fields = BasePage.search_fields + [
        CJKSearchField("place"),
        CJKSearchField("speaker"),
        CJKSearchField("organiser"),
        index.FilterField("start"),
        index.FilterField("kind"),
    ]

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("speaker"),
                FieldPanel("organiser"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldPanel("waitlist_enabled"),
            ],
            heading=_("Registration"),
        ),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @path("")
    def detail(self, request):
        from .. import views

        return views.event_detail(request, self)

    @path("register/", name="register")
    def register(self, request):
        from .. import views

        return views.register(request, self)

    @path("registration/<str:code>/", name="registration")
    def registration(self, request, code):
        from .. import views

        return views.registration_result(request, self, code)

    @path("poster/", name="poster")
    def poster(self, request):
        from .. import views

        return views.poster(request, self)

    # The online quiz (知识竞赛) of a quiz event: views in events/quiz/views.py.
    @path("quiz/", name="quiz")
    def quiz_start(self, request):
        from ..quiz import views as quiz_views

        return quiz_views.start(request, self)

    @path("quiz/paper/<str:token>/", name="quiz_paper")
    def quiz_paper(self, request, token):
        from ..quiz import views as quiz_views

        return quiz_views.paper(request, self, token)

    @path("quiz/paper/<str:token>/save/", name="quiz_save")
    def quiz_save(self, request, token):
        from ..quiz import views as quiz_views

        return quiz_views.save(request, self, token)

    @path("quiz/result/<str:token>/", name="quiz_result")
    def quiz_result(self, request, token):
        from ..quiz import views as quiz_views

        return quiz_views.result(request, self, token)

    @path("quiz/ranking/", name="quiz_ranking")
    def quiz_ranking(self, request):
        from ..quiz import views as quiz_views

        return quiz_views.ranking(request, self)

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The event must end after it starts.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            raise ValidationError(
                {"registration_closes": _("Registration must close after it opens.")}
            )

    @property
    def registration_deadline(self):
        return self.registration_closes or self.start

    @cached_property
    def seat_counts(self):
        """(confirmed, waitlisted): from a listing's annotation when present, else counted."""
        if hasattr(self, "confirmed_count"):
            return self.confirmed_count, self.waitlisted_count
        counts = dict(
            self.registrations.active()
            .values_list("status")
            .annotate(n=models.Count("pk"))
            .values_list("status", "n")
        )
        return counts.get(Registration.Status.CONFIRMED, 0), counts.get(
            Registration.Status.WAITLISTED, 0
        )

    @property
    def seats_left(self):
        return max(self.capacity - self.seat_counts[0], 0)

    def registration_state(self, now=None):
        now = now or timezone.now()
        if now >= self.end:
            return RegistrationState.ENDED
        if now >= self.registration_deadline:
            return RegistrationState.CLOSED
        if self.registration_opens and now < self.registration_opens:
            return RegistrationState.NOT_OPEN
        return self.seat_state()

    def seat_state(self):
        """OPEN, WAITLIST or FULL, from seats alone."""
        if self.seats_left > 0:
            return RegistrationState.OPEN
        return RegistrationState.WAITLIST if self.waitlist_enabled else RegistrationState.FULL

    @property
    def is_past(self):
        return timezone.now() >= self.end

    @property
    def duration(self):
        return self.end - self.start if self.end and self.start else timedelta(0)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def waiting_line(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        STAFF = "staff", _("Registered by staff")

    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    code = models.CharField(_("registration code"), max_length=12, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=30, blank=True)
    # NULL once personal data is purged after the retention period (NULLs never clash in the
    # one-active-registration-per-phone constraint).
    phone = models.CharField(_("mobile number"), max_length=11, null=True, blank=True)  # noqa: DJ001
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(
        _("registered"), max_length=8, choices=Source.choices, default=Source.ONLINE
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "phone"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_phone",
            )
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            # 报名记录's default order (newest first) and the model's own, read in index order.
            models.Index(fields=["created_at", "id"], name="events_reg_created_idx"),
        ]
        permissions = [
            ("view_full_phone", _("Can see full phone numbers and export registrations")),
            # Named on the group editing screen, so that whoever sets up the door volunteers
            # sees which box opens check-in (and today's rosters).
            ("check_in_registration", _("Can check residents in")),
        ]

    def __str__(self):
        return self.code

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED

    def waiting_position(self):
        """1 for the first in line; None when not waiting."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = (
            Registration.objects.filter(event_id=self.event_id, status=self.Status.WAITLISTED)
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            )
            .count()
        )
        return ahead + 1
