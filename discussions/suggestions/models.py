"""Suggestions (意见建议): forms staff build, submissions with a tracking code, and their case file.

A suggestion form is a Wagtail form-builder page. Its fixed part (category, the suggestion
itself, the anonymous choice, name, phone and consent) is defined in code because the handling
workflow relies on it; staff add any further questions with the form builder, and the answers
are kept under each field's stable key. Every change of a suggestion's status goes through
``services.transition_suggestion``, which writes a SuggestionEvent row for the log; the rules it
applies are in ``workflow``.
"""

import re

from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, AbstractFormSubmission, FormMixin
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from home.models import BasePage, IndexPage

from .forms import SuggestionFormBuilder
from .origin import CaseOrigin
from .querysets import SuggestionQuerySet
from .workdays import DayCounting
from .workflow import (
    ANSWERED_OPEN,
    AWAITING_REPLY,
    Findings,
    SuggestionStatus,
)

DEFAULT_CATEGORIES = "党风廉政\n社区治理\n环境卫生\n其他"

DEFAULT_CONSENT_NOTICE = (
    "本社区居委会收集您的姓名和手机号，只用于就这条意见建议与您联系、告知办理结果；"
    "不对外公开，办结 180 天后删除。选择匿名提交则不收集。"
)

# Names the fixed part of every suggestion form uses; builder fields may not take them.
RESERVED_KEYS = frozenset(
    {
        "category",
        "content",
        "anonymous",
        "name",
        "phone",
        "consent",
        "website",
        "csrfmiddlewaretoken",
        "submit_time",
        # The verification step's own fields.
        "code",
        "verify",
    }
)
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
# A number of days written into the thank-you text, which the settings already state.
DAYS_PATTERN = re.compile(r"[0-9０-９一二三四五六七八九十两]+\s*个?\s*(工作日|自然日|天|日内)")


class SuggestionIndexPage(RoutablePageMixin, IndexPage):
    """/suggestions/: the forms, the tracking-code look-up and the public replies board."""

    subpage_types = ["discussions.SuggestionFormPage"]
    template = "discussions/suggestions/suggestion_index_page.html"

    class Meta:
        verbose_name = _("suggestion section")
        verbose_name_plural = _("suggestion sections")

    @path("")
    def listing(self, request):
        from . import views

        return views.suggestion_index(request, self)

    @path("track/", name="track")
    def track(self, request):
        from . import views

        return views.track(request, self)

    @path("track/<str:code>/", name="status")
    def status(self, request, code):
        from . import views

        return views.status(request, self, code)

    @path("replies/", name="replies")
    def replies(self, request):
        from . import views

        return views.replies(request, self)


class SuggestionFormPage(RoutablePageMixin, FormMixin, BasePage):
    categories = models.TextField(
        _("categories"),
        default=DEFAULT_CATEGORIES,
        help_text=_("One per line. Residents choose one; staff filter the queue by them."),
    )
    allow_anonymous = models.BooleanField(
        _("allow anonymous suggestions"),
        default=True,
        help_text=_("Anonymous suggestions leave no name or phone, so no reply can be sent."),
    )
    consent_notice = models.TextField(
        _("personal data notice"),
        default=DEFAULT_CONSENT_NOTICE,
        help_text=_("Who collects the name and phone, why, and for how long."),
    )
    thank_you_text = models.TextField(
        _("thank-you text"),
        blank=True,
        help_text=_(
            "Shown with the tracking code. The deadlines are stated beside it from the "
            "suggestion deadline settings: do not write them here."
        ),
    )

    parent_page_types = ["discussions.SuggestionIndexPage"]
    subpage_types = []
    show_in_search = False
    template = "discussions/suggestions/suggestion_form_page.html"

    form_builder = SuggestionFormBuilder

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("categories"),
                FieldPanel("allow_anonymous"),
                FieldPanel("consent_notice"),
                FieldPanel("thank_you_text"),
            ],
            heading=_("Suggestion form"),
        ),
        InlinePanel("form_fields", label=_("Further questions")),
    ]

    class Meta:
        verbose_name = _("suggestion form")
        verbose_name_plural = _("suggestion forms")

    @path("")
    def form(self, request, preview=False):
        from . import views

        return views.suggestion_form(request, self, preview=preview)

    @path("done/<str:code>/", name="done")
    def done(self, request, code):
        from . import views

        return views.suggestion_done(request, self, code)

    def get_submission_class(self):
        return Suggestion

    def serve_submissions_list_view(self, request, *args, **kwargs):
        # One place to work through submissions: the suggestion queue, filtered to this form.
        from django.shortcuts import redirect
        from django.urls import reverse

        return redirect(f"{reverse('suggestions:index')}?form={self.pk}")

    def serve_preview(self, request, mode_name):
        return self.form(request, preview=True)

    preview_modes = [("", _("Form"))]

    @property
    def category_list(self):
        seen = []
        for line in self.categories.splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.append(line)
        return seen

    def clean(self):
        super().clean()
        if not self.category_list:
            raise ValidationError({"categories": _("Give at least one category.")})
        if DAYS_PATTERN.search(self.thank_you_text or ""):
            raise ValidationError(
                {
                    "thank_you_text": _(
                        "Leave the deadlines out: the page states them from the settings, so "
                        "that the two never disagree."
                    )
                }
            )


def make_field_key(label):
    """A stable ASCII key from a label (Chinese labels become pinyin), away from fixed names."""
    key = get_field_clean_name(anyascii(label or "")) or "field"
    if not key[0].isalpha():
        key = f"field_{key}"
    key = key[:50]
    return f"extra_{key}"[:50] if key in RESERVED_KEYS else key


class SuggestionFormField(AbstractFormField):
    page = ParentalKey(SuggestionFormPage, on_delete=models.CASCADE, related_name="form_fields")

    panels = [
        FieldRowPanel(
            [
                FieldPanel("label"),
                FieldPanel(
                    "clean_name",
                    heading=_("Field key"),
                    help_text=_(
                        "Where answers are stored and the column in exports. Empty: made from "
                        "the label when first saved, then kept when the label changes."
                    ),
                ),
            ]
        ),
        *AbstractFormField.panels[1:],
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def get_field_clean_name(self):
        return make_field_key(self.label)

    def clean(self):
        super().clean()
        if self.clean_name:
            if not KEY_PATTERN.match(self.clean_name):
                raise ValidationError(
                    {
                        "clean_name": _(
                            "Use lower-case letters, digits and underscores, starting with "
                            "a letter, or leave it empty."
                        )
                    }
                )
            if self.clean_name in RESERVED_KEYS:
                raise ValidationError(
                    {"clean_name": _("This key is used by the form itself; choose another.")}
                )


class Suggestion(CaseOrigin, AbstractFormSubmission):
    """One resident's suggestion and the file of its handling."""

    # Deleting a form must never take residents' cases with it (see wagtail_hooks).
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+")
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    category = models.CharField(_("category"), max_length=50)
    content = models.TextField(_("suggestion"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=30, blank=True)
    # NULL when anonymous or after the retention period.
    phone = models.CharField(_("mobile number"), max_length=11, null=True, blank=True)  # noqa: DJ001
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.SUBMITTED,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accept_due = models.DateTimeField(_("accept by"))
    # Set on accepting: the reply (答复) and the closing (办结) deadlines. Cases accepted before
    # the closing deadline existed have none.
    complete_due = models.DateTimeField(_("reply by"), null=True, blank=True)
    close_due = models.DateTimeField(_("close by"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    reject_reason = models.TextField(_("reason for not accepting"), blank=True)
    public_reply = models.TextField(_("public reply"), blank=True)
    # 三不放过: a case is closed only when all three are on record.
    established = models.TextField(_("what was established"), blank=True)
    solved = models.TextField(_("how it was solved"), blank=True)
    measures = models.TextField(_("measures carried out"), blank=True)

    publishable = models.BooleanField(_("show on the replies board"), default=False)
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        help_text=_("The suggestion as the replies board shows it, without names or details."),
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-submit_time", "-pk"]
        indexes = [
            models.Index(fields=["status", "accept_due"]),
            models.Index(fields=["status", "complete_due"]),
            models.Index(fields=["status", "close_due"]),
            models.Index(fields=["publishable", "status", "replied_at"]),
            models.Index(fields=["channel", "reception_date"]),
        ]
        permissions = [
            ("handle_suggestion", _("Can handle suggestions")),
            ("view_contact", _("Can see submitters' phone numbers and export suggestions")),
        ]

    def __str__(self):
        return self.tracking_code

    @property
    def current_deadline(self):
        """The deadline that runs now, as ``with_deadline`` annotates it."""
        if self.status == SuggestionStatus.SUBMITTED:
            return self.accept_due
        if self.status in AWAITING_REPLY:
            dues = [due for due in (self.complete_due, self.close_due) if due]
            return min(dues, default=None)
        if self.status in ANSWERED_OPEN:
            return self.close_due
        return None

    @property
    def current_deadline_field(self):
        """The name of the field that holds ``current_deadline``."""
        if self.status == SuggestionStatus.SUBMITTED:
            return "accept_due"
        due = self.current_deadline
        if due is not None and due == self.close_due:
            return "close_due"
        return "complete_due" if self.status in AWAITING_REPLY else "close_due"

    def is_overdue(self, now=None):
        due = self.current_deadline
        return bool(due and due < (now or timezone.now()))

    @property
    def findings(self):
        """The three records (三不放过) as stored."""
        return Findings(self.established, self.solved, self.measures)

    @property
    def findings_complete(self):
        return self.findings.complete


class SuggestionEvent(models.Model):
    """One line of a suggestion's log: a change of status, or a record added, by whom and when."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=SuggestionStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=SuggestionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("internal note"), blank=True)

    class Meta:
        verbose_name = _("suggestion log entry")
        verbose_name_plural = _("suggestion log entries")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.suggestion_id}: {self.from_status} → {self.to_status}"


def _counting(label):
    # Working days unless staff choose otherwise: the form promises residents working days.
    return models.CharField(
        label, max_length=8, choices=DayCounting.choices, default=DayCounting.WORKING
    )


@register_setting(icon="mail")
class SuggestionSettings(BaseSiteSetting):
    """The three deadlines (时限), each in working or calendar days, stored on a case when its
    clock starts: changing them here never moves the deadlines of cases already running."""

    accept_days = models.PositiveSmallIntegerField(
        _("days to accept"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("A new suggestion is overdue when it is not accepted within this many days."),
    )
    accept_counting = _counting(_("counted in"))
    complete_days = models.PositiveSmallIntegerField(
        _("days to reply"),
        default=15,
        validators=[MinValueValidator(1)],
        help_text=_(
            "An accepted suggestion is overdue when it is not handled and replied to within this "
            "many days of accepting."
        ),
    )
    complete_counting = _counting(_("counted in"))
    close_days = models.PositiveSmallIntegerField(
        _("days to close"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_(
            "An accepted suggestion is overdue when it is not closed within this many days of "
            "accepting."
        ),
    )
    close_counting = _counting(_("counted in"))

    panels = [
        FieldRowPanel([FieldPanel("accept_days"), FieldPanel("accept_counting")]),
        FieldRowPanel([FieldPanel("complete_days"), FieldPanel("complete_counting")]),
        FieldRowPanel([FieldPanel("close_days"), FieldPanel("close_counting")]),
    ]

    class Meta:
        verbose_name = _("suggestion deadlines")
