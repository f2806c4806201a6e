"""A quiz's statistics: counts and scores aggregated in the database (two queries however many
took part) and drawn as plain SVG bar charts on the server, each with a data table beside it.

The charts' x positions are percentages and their y positions pixels, so the bars stretch with
the screen while the text keeps its size: readable on a phone without any script.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Min, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Attempt, AttemptQuestion
from ..services import submit_expired
from .views import STATISTICS, QuizScreenMixin, average

MAX_BANDS = 10
BAND_WIDTHS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
QUESTIONS_CHARTED = 30
# Question texts in the chart: whole lines on a desk screen, shorter ones on a phone.
LABEL_CHARS, SHORT_LABEL_CHARS = 44, 18

# Chart geometry, in pixels (heights) and percent of the chart's width (bar lengths).
BANDS_PLOT_TOP, BANDS_PLOT_BOTTOM, BANDS_HEIGHT = 28, 200, 236
BAR_SHARE = 70
QUESTION_ROW, QUESTION_TRACK = 56, 82


@dataclass
class Band:
    low: int
    high: int  # inclusive
    count: int = 0

    @property
    def label(self):
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass
class QuestionRate:
    question_id: int
    text: str
    answered: int
    correct: int

    @property
    def rate(self):
        return 100 * self.correct / self.answered if self.answered else 0

    @property
    def label(self):
        return shorten(self.text, LABEL_CHARS)

    @property
    def short_label(self):
        return shorten(self.text, SHORT_LABEL_CHARS)


def shorten(text, size):
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


@dataclass
class QuizStatistics:
    max_score: int
    pass_mark: int
    participants: int = 0
    online: int = 0
    paper: int = 0
    in_progress: int = 0
    passed: int = 0
    average: float | None = None
    highest: int | None = None
    lowest: int | None = None
    bands: list = field(default_factory=list)
    questions: list = field(default_factory=list)

    @property
    def pass_rate(self):
        return 100 * self.passed / self.participants if self.participants else None


def band_width(max_score):
    """The smallest round width giving at most ten bands: 10 points for a 100-point paper."""
    for width in BAND_WIDTHS:
        if math.ceil(max_score / width) <= MAX_BANDS:
            return width
    return math.ceil(max_score / MAX_BANDS)


def score_bands(max_score):
    width = band_width(max(max_score, 1))
    lows = list(range(0, max(max_score, 1), width))
    bands = [Band(low, low + width - 1) for low in lows]
    bands[-1].high = max(max_score, bands[-1].low)  # the top band takes full marks too
    return bands


def quiz_statistics(quiz):
    max_score = quiz.max_score
    stats = QuizStatistics(max_score=max_score, pass_mark=quiz.pass_mark)
    stats.bands = score_bands(max_score)
    done = Q(score__isnull=False)
    band_counts = {
        f"band_{number}": Count(
            "pk",
            filter=Q(score__gte=band.low)
            & (Q() if number == len(stats.bands) - 1 else Q(score__lte=band.high)),
        )
        for number, band in enumerate(stats.bands)
    }
    totals = Attempt.objects.filter(quiz=quiz).aggregate(
        participants=Count("pk", filter=done),
        online=Count("pk", filter=done & Q(source=Attempt.Source.ONLINE)),
        paper=Count("pk", filter=done & Q(source=Attempt.Source.PAPER)),
        in_progress=Count("pk", filter=Q(score__isnull=True)),
        passed=Count("pk", filter=Q(score__gte=quiz.pass_mark)),
        average=Avg("score"),
        highest=Max("score"),
        lowest=Min("score"),
        **band_counts,
    )
    for number, band in enumerate(stats.bands):
        band.count = totals.pop(f"band_{number}")
    for name, value in totals.items():
        setattr(stats, name, value)
    rows = (
        AttemptQuestion.objects.filter(attempt__quiz=quiz, attempt__score__isnull=False)
        .values("question_id", "question__text")
        .annotate(answered=Count("pk"), correct=Count("pk", filter=Q(correct=True)))
        .order_by("question_id")
    )
    stats.questions = sorted(
        (
            QuestionRate(row["question_id"], row["question__text"], row["answered"], row["correct"])
            for row in rows
        ),
        key=lambda item: (item.rate, item.question_id),
    )
    return stats


def percent(value):
    return "—" if value is None else f"{value:.0f}%"


def bands_chart(stats):
    """Bars of the score distribution: x and widths in percent, heights in pixels."""
    tallest = max((band.count for band in stats.bands), default=0) or 1
    slot = 100 / len(stats.bands)
    plot = BANDS_PLOT_BOTTOM - BANDS_PLOT_TOP
    bars = []
    for number, band in enumerate(stats.bands):
        height = round(plot * band.count / tallest, 1)
        bars.append(
            {
                "band": band,
                "x": round(slot * number + slot * (100 - BAR_SHARE) / 200, 3),
                "width": round(slot * BAR_SHARE / 100, 3),
                "centre": round(slot * (number + 0.5), 3),
                "y": BANDS_PLOT_BOTTOM - height,
                "height": height,
                "value_y": BANDS_PLOT_BOTTOM - height - 6,
                "below_pass": band.high < stats.pass_mark,
            }
        )
    busiest = max(stats.bands, key=lambda band: band.count)
    description = (
        _(
            "%(count)s handed in. Most scored %(band)s points (%(most)s people). "
            "Pass mark %(pass)s points."
        )
        % {
            "count": stats.participants,
            "band": busiest.label,
            "most": busiest.count,
            "pass": stats.pass_mark,
        }
        if stats.participants
        else _("No results yet.")
    )
    return {
        "bars": bars,
        "height": BANDS_HEIGHT,
        "baseline": BANDS_PLOT_BOTTOM,
        "label_y": BANDS_PLOT_BOTTOM + 22,
        "description": description,
    }


def questions_chart(stats):
    """One row per question, hardest first: its text above a bar as long as its correct rate."""
    shown = stats.questions[:QUESTIONS_CHARTED]
    rows = []
    for number, item in enumerate(shown):
        top = number * QUESTION_ROW
        length = round(QUESTION_TRACK * item.rate / 100, 3)
        rows.append(
            {
                "item": item,
                "text_y": top + 18,
                "bar_y": top + 26,
                "width": length,
                "value_x": round(length + 1.5, 3),
                "value_y": top + 40,
                "rate": percent(item.rate),
            }
        )
    if shown:
        hardest = shown[0]
        description = _("%(count)s questions. Lowest correct rate %(rate)s: %(text)s") % {
            "count": len(stats.questions),
            "rate": percent(hardest.rate),
            "text": hardest.text,
        }
    else:
        description = _("No answered online papers yet.")
    return {
        "rows": rows,
        "height": max(len(rows) * QUESTION_ROW, 1),
        "track": QUESTION_TRACK,
        "description": description,
        "truncated": len(stats.questions) > len(shown),
        "charted": len(shown),
    }


class StatisticsView(QuizScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/quiz/admin/statistics.html"
    screen = STATISTICS
    page_title = pgettext_lazy("quiz", "Statistics")

    def get(self, request, *args, **kwargs):
        submit_expired(quiz=self.quiz)
        return super().get(request, *args, **kwargs)

    @cached_property
    def statistics(self):
        return quiz_statistics(self.quiz)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stats = self.statistics
        context.update(
            stats=stats,
            average=average(stats.average),
            pass_rate=percent(stats.pass_rate),
            bands_chart=bands_chart(stats),
            questions_chart=questions_chart(stats),
        )
        return context
