"""Discussion and meeting records (议事记录): who met, what was said, what was decided and
whether the follow-up tasks were done.

Each part of the minutes is an inline child model of the record page, so editors fill them in
the page editor and a published revision carries the whole record. Photos and documents go in
the body StreamField that every page already has.
"""

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelsearch.tasks import insert_or_update_object_task
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from home.models import BasePage, IndexPage
from home.search import CJKSearchField

from . import selectors


class MeetingKind(models.TextChoices):
    RESIDENT_COUNCIL = "resident_council", _("Residents' council")
    BRANCH_COMMITTEE = "branch_committee", _("Branch committee meeting")
    FORUM = "forum", _("Forum")
    OTHER = "other", _("Other meeting")


class DiscussionIndexPage(IndexPage):
    subpage_types = ["discussions.MeetingRecordPage"]
    template = "discussions/records/discussion_index_page.html"

    class Meta:
        verbose_name = _("discussion record index")
        verbose_name_plural = _("discussion record indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        records = MeetingRecordPage.objects.descendant_of(self)
        context.update(selectors.index_context(request, records, MeetingKind))
        return context


class MeetingRecordPage(BasePage):
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.RESIDENT_COUNCIL
    )
    start = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    host = models.CharField(_("chaired by"), max_length=100, blank=True)
    recorder = models.CharField(_("minutes taken by"), max_length=100, blank=True)
    expected_count = models.PositiveSmallIntegerField(
        _("expected attendance"),
        null=True,
        blank=True,
        help_text=_("How many were due to attend. Empty: everyone listed below."),
    )
    present_total = models.PositiveIntegerField(
        _("number present"),
        null=True,
        blank=True,
        help_text=_("For large meetings whose attendees are not listed by name."),
    )

    parent_page_types = ["discussions.DiscussionIndexPage"]
    subpage_types = []
    template = "discussions/records/meeting_record_page.html"

    search_fields = BasePage.search_fields + [
        CJKSearchField("place"),
        CJKSearchField("host"),
        index.RelatedFields("agenda_items", [CJKSearchField("title"), CJKSearchField("summary")]),
        index.RelatedFields("speeches", [CJKSearchField("speaker"), CJKSearchField("summary")]),
        index.RelatedFields("raised_suggestions", [CJKSearchField("text")]),
        index.RelatedFields("resolutions", [CJKSearchField("text")]),
        index.RelatedFields("tasks", [CJKSearchField("task")]),
        index.FilterField("start"),
        index.FilterField("kind"),
    ]

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("start"),
                FieldPanel("place"),
                FieldRowPanel([FieldPanel("host"), FieldPanel("recorder")]),
                FieldRowPanel([FieldPanel("expected_count"), FieldPanel("present_total")]),
            ],
            heading=_("About the meeting"),
        ),
        InlinePanel("attendees", label=_("Attendees")),
        InlinePanel("agenda_items", label=_("Agenda")),
        InlinePanel("speeches", label=_("Speeches")),
        InlinePanel("raised_suggestions", label=_("Suggestions raised")),
        InlinePanel("resolutions", label=_("Resolutions and consensus")),
        InlinePanel("tasks", label=_("Follow-up tasks")),
    ]

    class Meta:
        verbose_name = _("meeting record")
        verbose_name_plural = _("meeting records")

    CHILD_RELATIONS = (
        "attendees",
        "agenda_items",
        "speeches",
        "raised_suggestions",
        "resolutions",
        "tasks",
    )

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(self.CHILD_RELATIONS):
            # The search index was updated on post_save, before modelcluster wrote the parts
            # of the minutes; index again now that the new resolutions, speeches… are stored.
            insert_or_update_object_task.enqueue(
                self._meta.app_label, self._meta.model_name, str(self.pk)
            )
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk and not getattr(request, "is_preview", False):
            # The six parts in one query; a preview shows the parts being edited instead.
            selectors.read_minutes(self)
        return context

    # Each part of the minutes read once per request: templates and properties share the list.
    @cached_property
    def attendee_list(self):
        return list(self.attendees.all())

    @cached_property
    def agenda_list(self):
        return list(self.agenda_items.all())

    @cached_property
    def speech_list(self):
        return list(self.speeches.all())

    @cached_property
    def suggestion_list(self):
        return list(self.raised_suggestions.all())

    @cached_property
    def resolution_list(self):
        return list(self.resolutions.all())

    @cached_property
    def task_list(self):
        return list(self.tasks.all())

    @property
    def display_date(self):
        return timezone.localdate(self.start) if self.start else None

    @property
    def absentees(self):
        return [person for person in self.attendee_list if not person.present]

    @property
    def attendance(self):
        """(present, expected); either may be None when the record does not say.

        A listing annotates ``listed_present`` and ``listed_total`` so that it reads no rows.
        """
        if hasattr(self, "listed_present"):
            listed_present, listed_total = self.listed_present, self.listed_total
        else:
            listed_present = sum(person.present for person in self.attendee_list)
            listed_total = len(self.attendee_list)
        present = self.present_total if self.present_total is not None else listed_present
        expected = self.expected_count if self.expected_count is not None else listed_total
        if not (present or expected):
            return None, None
        return present, expected or None

    @property
    def task_progress(self):
        """(done, total, overdue) for the follow-up tasks, from an annotation when listed."""
        if hasattr(self, "tasks_total"):
            return self.tasks_done, self.tasks_total, self.tasks_overdue
        today = timezone.localdate()
        done = sum(task.done for task in self.task_list)
        overdue = sum(task.is_overdue_on(today) for task in self.task_list)
        return done, len(self.task_list), overdue

    @property
    def overdue_tasks(self):
        today = timezone.localdate()
        return [task for task in self.task_list if task.is_overdue_on(today)]


class MinutesItem(Orderable):
    """One row of a part of the minutes, in the order the editor set."""

    class Meta(Orderable.Meta):
        abstract = True


class Attendee(MinutesItem):
    page = ParentalKey(MeetingRecordPage, related_name="attendees", on_delete=models.CASCADE)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    role = models.CharField(_("role"), max_length=50, blank=True)
    present = models.BooleanField(_("present"), default=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("present"), FieldPanel("absence_reason")]),
    ]

    class Meta(MinutesItem.Meta):
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self):
        return self.name


class AgendaItem(MinutesItem):
    page = ParentalKey(MeetingRecordPage, related_name="agenda_items", on_delete=models.CASCADE)
    title = models.CharField(_("item"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    class Meta(MinutesItem.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class Speech(MinutesItem):
    page = ParentalKey(MeetingRecordPage, related_name="speeches", on_delete=models.CASCADE)
    speaker = models.CharField(_("speaker"), max_length=50)
    role = models.CharField(_("role"), max_length=50, blank=True)
    summary = models.TextField(_("what was said"))
    is_quotation = models.BooleanField(
        _("word for word"),
        default=False,
        help_text=_("Ticked: shown as a quotation. Unticked: a summary in the recorder's words."),
    )

    panels = [
        FieldRowPanel([FieldPanel("speaker"), FieldPanel("role")]),
        FieldPanel("summary"),
        FieldPanel("is_quotation"),
    ]

    class Meta(MinutesItem.Meta):
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")

    def __str__(self):
        return self.speaker


class RaisedSuggestion(MinutesItem):
    page = ParentalKey(
        MeetingRecordPage, related_name="raised_suggestions", on_delete=models.CASCADE
    )
    text = models.TextField(_("suggestion"))
    raised_by = models.CharField(_("raised by"), max_length=100, blank=True)

    class Meta(MinutesItem.Meta):
        verbose_name = _("suggestion raised")
        verbose_name_plural = _("suggestions raised")

    def __str__(self):
        return self.text[:40]


class Resolution(MinutesItem):
    page = ParentalKey(MeetingRecordPage, related_name="resolutions", on_delete=models.CASCADE)
    text = models.TextField(_("resolution or consensus"))

    class Meta(MinutesItem.Meta):
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self):
        return self.text[:40]


class FollowUpTask(MinutesItem):
    page = ParentalKey(MeetingRecordPage, related_name="tasks", on_delete=models.CASCADE)
    task = models.CharField(pgettext_lazy("follow-up", "task"), max_length=300)
    owner = models.CharField(_("responsible"), max_length=100, blank=True)
    due_date = models.DateField(_("due by"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    completion_note = models.CharField(_("how it was done"), max_length=300, blank=True)

    panels = [
        FieldPanel("task"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_date")]),
        FieldRowPanel([FieldPanel("done"), FieldPanel("done_on")]),
        FieldPanel("completion_note"),
    ]

    class Meta(MinutesItem.Meta):
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self):
        return self.task[:40]

    def is_overdue_on(self, today):
        return not self.done and self.due_date is not None and self.due_date < today

    @property
    def is_overdue(self):
        """Open past its due date, by the calendar in Asia/Shanghai (the site's time zone)."""
        return self.is_overdue_on(timezone.localdate())
