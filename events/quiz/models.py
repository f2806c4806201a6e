"""The online knowledge quiz (廉政知识竞赛) of a quiz event: question bank, quiz, attempts.

Questions live in a bank (snippets) with their options; a Quiz belongs to one quiz event and
says how a paper is drawn from the bank (how many, which categories and difficulties), how
long residents have and when answers may be reviewed. Each resident's Attempt holds the paper
drawn for them (AttemptQuestion rows, options in a shuffled order) and the answers saved as
they go. Scores are computed on the server only (events.quiz), never sent before submitting.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from events.models.events import EventKind, EventPage, Registration

OPTION_LETTERS = "ABCDEF"

# Paper scores may be entered, corrected and deleted until this many days after the quiz
# closes (time to type in the last papers and catch slips); after that the results are final
# and the ranking is the record of the contest.
CORRECTION_DAYS = 7


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class Question(ClusterableModel):
    kind = models.CharField(_("type"), max_length=12, choices=QuestionKind.choices)
    text = models.TextField(_("question"), max_length=500)
    explanation = models.TextField(
        _("explanation"), blank=True, max_length=1000, help_text=_("Shown after answering (解析).")
    )
    category = models.CharField(
        _("category"), max_length=30, help_text=_("For example 三会一课, 一岗双责, 信访工作.")
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("Questions not in use are left out of new papers.")
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("category"), FieldPanel("difficulty")]),
        FieldPanel("text"),
        InlinePanel("options", label=_("Options"), min_num=2, max_num=len(OPTION_LETTERS)),
        FieldPanel("explanation"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["category", "pk"]
        indexes = [models.Index(fields=["active", "category", "difficulty"])]

    def __str__(self):
        return self.text[:60]

    def correct_keys(self, options=None):
        """The ids of the correct options, as a frozenset."""
        options = self.options.all() if options is None else options
        return frozenset(option.pk for option in options if option.is_correct)


class QuestionOption(Orderable):
    question = ParentalKey(Question, related_name="options", on_delete=models.CASCADE)
    text = models.CharField(_("option"), max_length=200)
    is_correct = models.BooleanField(_("correct"), default=False)

    panels = [FieldRowPanel([FieldPanel("text"), FieldPanel("is_correct")])]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.text


class ReviewMode(models.TextChoices):
    AFTER_SUBMIT = "after_submit", _("Right after submitting")
    AFTER_CLOSE = "after_close", _("Only after the quiz closes")


class Quiz(ClusterableModel):
    event = models.OneToOneField(
        EventPage,
        verbose_name=_("quiz event"),
        on_delete=models.CASCADE,
        related_name="quiz",
        limit_choices_to={"kind": EventKind.QUIZ},
    )
    question_count = models.PositiveSmallIntegerField(
        _("questions per paper"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Used when no mix is given below; otherwise the mix decides."),
    )
    points_per_question = models.PositiveSmallIntegerField(
        _("points per question"), default=5, validators=[MinValueValidator(1)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=20, validators=[MinValueValidator(1)]
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (points)"), default=60, help_text=_("A score at or above this passes.")
    )
    review_mode = models.CharField(
        _("answers and explanations shown"),
        max_length=12,
        choices=ReviewMode.choices,
        # Shown right after hand-in, the answers pass from the first residents to the rest
        # while the quiz is still open, and a contest with a ranking is no contest.
        default=ReviewMode.AFTER_CLOSE,
        help_text=_(
            "“Right after submitting” lets the first residents pass the answers on to everyone "
            "who has not taken the quiz yet. Use it only for practice quizzes without a ranking."
        ),
    )
    registration_required = models.BooleanField(
        _("registration required"),
        default=False,
        help_text=_("Only residents registered for the event (confirmed) may take it."),
    )

    panels = [
        FieldPanel("event"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("registration_required")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("question_count"),
                        FieldPanel("points_per_question"),
                        FieldPanel("pass_mark"),
                    ]
                ),
                InlinePanel("mix", label=_("Mix by category and difficulty")),
            ],
            heading=_("The paper"),
        ),
        FieldPanel("review_mode"),
    ]

    class Meta:
        verbose_name = _("online quiz")
        verbose_name_plural = _("online quizzes")

    def __str__(self):
        return str(self.event)

    @property
    def paper_size(self):
        rules = list(self.mix.all())
        return sum(rule.count for rule in rules) if rules else self.question_count

    @property
    def max_score(self):
        return self.paper_size * self.points_per_question

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    @property
    def results_final_at(self):
        return self.closes_at + timedelta(days=CORRECTION_DAYS)

    def results_final(self, now=None):
        """Whether the results stand: no paper score may be entered, corrected or deleted."""
        return (now or timezone.now()) >= self.results_final_at

    def review_allowed(self, now=None):
        return self.review_mode == ReviewMode.AFTER_SUBMIT or self.is_closed(now)

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})
        if self.event_id and self.event.kind != EventKind.QUIZ:
            raise ValidationError({"event": _("Choose a knowledge-quiz event.")})


class QuizMix(Orderable):
    """Draw ``count`` questions of a category and difficulty (either may be left open)."""

    quiz = ParentalKey(Quiz, related_name="mix", on_delete=models.CASCADE)
    category = models.CharField(_("category"), max_length=30, blank=True)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, null=True, blank=True
    )
    count = models.PositiveSmallIntegerField(
        _("number of questions"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("difficulty"), FieldPanel("count")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("part of the paper")
        verbose_name_plural = _("parts of the paper")

    def matching(self, questions):
        if self.category:
            questions = questions.filter(category=self.category)
        if self.difficulty:
            questions = questions.filter(difficulty=self.difficulty)
        return questions


class Attempt(models.Model):
    class Source(models.TextChoices):
        ONLINE = "online", pgettext_lazy("quiz", "Online")
        PAPER = "paper", _("Paper, entered by staff")

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts"
    )
    token = models.CharField(max_length=32, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=30, blank=True)
    # NULL after the retention period; NULLs never clash in the one-attempt constraint.
    phone = models.CharField(_("mobile number"), max_length=11, null=True, blank=True)  # noqa: DJ001
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(
        _("taken"), max_length=8, choices=Source.choices, default=Source.ONLINE
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("answers count until"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("out of"))
    seconds_taken = models.PositiveIntegerField(_("seconds taken"), null=True, blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "phone"], name="one_attempt_per_phone")
        ]
        indexes = [models.Index(fields=["quiz", "score", "seconds_taken"])]

    def __str__(self):
        return f"{self.quiz_id}: {self.name}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    def passed(self):
        return self.score is not None and self.score >= self.quiz.pass_mark


class AttemptQuestion(models.Model):
    """One question on one resident's paper, with the order its options were shown in."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    option_order = models.JSONField(default=list)
    answer = models.JSONField(default=list, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    correct = models.BooleanField(null=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="one_question_per_place"),
            models.UniqueConstraint(fields=["attempt", "question"], name="question_once_per_paper"),
        ]

    def __str__(self):
        return f"{self.attempt_id}#{self.position}"


def active_questions():
    return Question.objects.filter(active=True).filter(~Q(options=None)).distinct()
