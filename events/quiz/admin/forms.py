"""The quiz's admin form, which refuses a paper the question bank cannot supply, and the form
for entering a paper-version score."""

from dataclasses import dataclass

from django import forms
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from events.admin.on_behalf import EventChoiceField
from events.models import EventKind, EventPage
from home.forms import PersonNameField, PhoneField

from ..models import Attempt, Difficulty, Question, QuestionOption


@dataclass(frozen=True)
class Rule:
    """One part of a paper: ``count`` questions of a category and difficulty (None = any)."""

    count: int
    category: str = ""
    difficulty: int | None = None

    def matches(self, category, difficulty):
        return (not self.category or self.category == category) and (
            not self.difficulty or self.difficulty == difficulty
        )

    def overlap(self, other):
        """The rule matching what both match, or None when nothing can match both."""
        if self.category and other.category and self.category != other.category:
            return None
        if self.difficulty and other.difficulty and self.difficulty != other.difficulty:
            return None
        return Rule(0, self.category or other.category, self.difficulty or other.difficulty)

    def describe(self):
        parts = [self.category] if self.category else []
        if self.difficulty:
            parts.append(str(Difficulty(self.difficulty).label))
        return "、".join(parts) or _("any category and difficulty")


def bank_counts():
    """Questions a paper may draw (in use, with options), by (category, difficulty): one query."""
    with_options = Exists(QuestionOption.objects.filter(question=OuterRef("pk")))
    rows = (
        Question.objects.filter(with_options, active=True)
        .order_by()
        .values_list("category", "difficulty")
        .annotate(n=Count("pk"))
    )
    return {(category, difficulty): n for category, difficulty, n in rows}


def bank_shortfalls(question_count, rules, counts=None):
    """Why the bank cannot fill every paper, as messages; empty when it always can.

    events.quiz draws the parts in order, each at random from what earlier parts left. A part
    is only safe when enough questions remain even if earlier parts happened to take every
    question they share with it, so that no resident ever meets "the bank is too small".
    """
    counts = bank_counts() if counts is None else counts

    def available(rule):
        return sum(n for (cat, diff), n in counts.items() if rule.matches(cat, diff))

    if not rules:
        total = sum(counts.values())
        if total < question_count:
            return [
                _(
                    "A paper needs %(count)s questions but the question bank has only "
                    "%(available)s in use."
                )
                % {"count": question_count, "available": total}
            ]
        return []
    problems = []
    for number, rule in enumerate(rules, start=1):
        taken = sum(
            min(earlier.count, available(shared))
            for earlier in rules[: number - 1]
            if (shared := rule.overlap(earlier)) is not None
        )
        have = available(rule)
        if have - taken >= rule.count:
            continue
        message = _(
            "Part %(number)s (%(rule)s) draws %(count)s questions, but the question bank has "
            "only %(available)s in use that fit."
        ) % {"number": number, "rule": rule.describe(), "count": rule.count, "available": have}
        if taken:
            message += " " + _(
                "Earlier parts may take up to %(taken)s of them: add questions, or put the "
                "narrower parts first."
            ) % {"taken": taken}
        categories = sorted({cat for cat, _diff in counts})
        if rule.category and rule.category not in categories:
            # Most often a typing slip: the category is free text.
            message += " " + _("The categories in the question bank are: %(categories)s.") % {
                "categories": "、".join(categories) or "—"
            }
        problems.append(message)
    return problems


class QuizAdminForm(WagtailAdminModelForm):
    """Checks, on saving, what would otherwise fail only when a resident starts the quiz."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "event" in self.fields:
            field = self.fields["event"]
            self.fields["event"] = EventChoiceField(
                label=field.label,
                help_text=gettext_lazy("Only knowledge-quiz events without a quiz are listed."),
                queryset=self._free_quiz_events(),
                empty_label=gettext_lazy("Choose an event"),
            )

    def _free_quiz_events(self):
        events = EventPage.objects.filter(kind=EventKind.QUIZ).defer_streamfields()
        taken = events.filter(quiz__isnull=False)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.event_id)
        return events.exclude(pk__in=taken.values("pk")).order_by("-start", "pk")

    def _rules(self):
        """The mix as it will be saved, in order; None while the mix itself has errors."""
        formset = self.formsets.get("mix")
        if formset is None:
            return []
        if not formset.is_valid():
            return None
        forms_kept = [
            form
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("count")
        ]
        forms_kept.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        return [
            Rule(
                form.cleaned_data["count"],
                (form.cleaned_data.get("category") or "").strip(),
                form.cleaned_data.get("difficulty") or None,
            )
            for form in forms_kept
        ]

    def clean(self):
        cleaned = super().clean()
        rules = self._rules()
        question_count = cleaned.get("question_count")
        points = cleaned.get("points_per_question")
        if rules is None or not question_count:
            return cleaned
        for problem in bank_shortfalls(question_count, rules):
            self.add_error(None, problem)
        paper_size = sum(rule.count for rule in rules) if rules else question_count
        self._keep_full_marks(paper_size * points if points else None)
        pass_mark = cleaned.get("pass_mark")
        if points and pass_mark is not None and pass_mark > paper_size * points:
            self.add_error(
                "pass_mark",
                _("The pass mark is above the highest possible score (%(max)s points).")
                % {"max": paper_size * points},
            )
        return cleaned

    def _keep_full_marks(self, full_marks):
        """Once residents have results, full marks stay: scores must stay comparable."""
        if not self.instance.pk or full_marks is None:
            return
        taken = (
            Attempt.objects.filter(quiz_id=self.instance.pk)
            .values_list("max_score", flat=True)
            .first()
        )
        if taken is not None and taken != full_marks:
            self.add_error(
                None,
                _(
                    "Residents already have results out of %(taken)s points, so the number "
                    "of questions and the points per question must keep full marks at "
                    "%(taken)s (now %(new)s)."
                )
                % {"taken": taken, "new": full_marks},
            )


class PaperScoreForm(forms.Form):
    name = PersonNameField()
    phone = PhoneField()
    score = forms.IntegerField(
        label=gettext_lazy("Score"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )

    def __init__(self, *args, max_score, **kwargs):
        super().__init__(*args, **kwargs)
        # The service has the last word on the range; this only helps the person typing.
        self.fields["score"].help_text = _("Out of %(max)s points.") % {"max": max_score}
        self.fields["score"].widget.attrs["max"] = max_score
