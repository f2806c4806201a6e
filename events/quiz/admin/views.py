"""Staff screens of one quiz: the quiz listing, its results (with export) and paper-score entry.

As elsewhere in the admin, these only read, or call events.quiz; a QuizError becomes a message
beside the form and a 400, never a 500, and leaves nothing stored.
"""

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.permissions import policy_registry

from events.admin.common import FULL_PHONE_PERMISSION
from home.admin_ui import (
    LocalDateTimeColumn,
    PhoneColumn,
    StaffExportMixin,
    admin_breadcrumbs,
    field_label,
)
from home.formatting import format_datetime, minutes_seconds

from ..models import Attempt, Quiz, QuizMix
from ..services import submit_expired
from .labels import PASS_HEADING, pass_or_fail
from .paper_scores import PaperScoreScreen

# URL names inside the quiz viewset's namespace (see viewsets.QuizViewSet).
NAMESPACE = "event_quizzes"
RESULTS = "results"
PAPER_SCORES = "paper_scores"
STATISTICS = "statistics"

# The same order as the public ranking (events.quiz.selectors.ranking).
RANKING_ORDER = ("-score", F("seconds_taken").asc(nulls_last=True), "submitted_at", "pk")

# Attempt.Source.ONLINE's own label reads "网上报名" in Chinese, shared with registrations.
SOURCE_LABELS = {
    Attempt.Source.ONLINE: pgettext_lazy("quiz", "Online"),
    Attempt.Source.PAPER: pgettext_lazy("quiz", "On paper"),
}
# One named permission opens the quizzes, their results and statistics: events.view_quiz.
VIEWING_PERMISSIONS = ["view"]


def url(name, quiz):
    return reverse(f"{NAMESPACE}:{name}", args=[quiz.pk])


def average(value):
    return "—" if value is None else f"{value:.1f}"


def quiz_listing(queryset):
    """Paper size, number of results and average score in the listing's own query."""
    attempts = Attempt.objects.filter(quiz=OuterRef("pk"), score__isnull=False).order_by()
    mix_total = (
        QuizMix.objects.filter(quiz=OuterRef("pk"))
        .order_by()
        .values("quiz")
        .annotate(n=Sum("count"))
    )
    return queryset.select_related("event").annotate(
        paper_size_value=Coalesce(
            Subquery(mix_total.values("n")), F("question_count"), output_field=IntegerField()
        ),
        results_count=Coalesce(
            Subquery(
                attempts.values("quiz").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        average_score=Subquery(
            attempts.values("quiz").annotate(a=Avg("score")).values("a"),
            output_field=FloatField(),
        ),
    )


class AverageColumn(Column):
    def get_value(self, instance):
        return average(super().get_value(instance))


class QuizIndexView(generic.IndexView):
    default_ordering = "-opens_at"
    any_permission_required = VIEWING_PERMISSIONS

    @cached_property
    def columns(self):
        return [
            self._get_title_column("event", width="26%"),
            LocalDateTimeColumn(
                "opens_at", label=field_label(Quiz, "opens_at"), sort_key="opens_at"
            ),
            LocalDateTimeColumn(
                "closes_at", label=field_label(Quiz, "closes_at"), sort_key="closes_at"
            ),
            Column(
                "paper_size_value",
                label=field_label(Quiz, "question_count"),
                sort_key="paper_size_value",
            ),
            Column("results_count", label=gettext_lazy("Handed in"), sort_key="results_count"),
            AverageColumn(
                "average_score",
                label=pgettext_lazy("quiz", "Average score"),
                sort_key="average_score",
            ),
        ]

    def get_base_queryset(self):
        # The events' bodies are not shown here; only their titles.
        return quiz_listing(super().get_base_queryset()).defer("event__body")

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + quiz_menu_items(self, instance)


def quiz_menu_items(view, quiz, cls=MenuItem):
    """Links to a quiz's own screens, for its listing row and its edit page."""
    items = [
        cls(pgettext("quiz", "Results"), url=url(RESULTS, quiz), icon_name="list-ol", priority=1),
        cls(
            pgettext("quiz", "Statistics"), url=url(STATISTICS, quiz), icon_name="table", priority=2
        ),
    ]
    if view.user_has_permission("change"):
        items.append(
            cls(_("Enter paper scores"), url=url(PAPER_SCORES, quiz), icon_name="form", priority=3)
        )
    return items


class QuizEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        return quiz_menu_items(self, self.object, Button) + list(super().header_more_buttons)


class QuizDeleteView(generic.DeleteView):
    """A quiz residents have results in stays: the results are the record of who took part."""

    def dispatch(self, request, *args, **kwargs):
        count = self.object.attempts.count()
        if count:
            messages.error(
                request,
                ngettext(
                    "This quiz has %(count)s result, so it cannot be deleted. To stop it, "
                    "set its closing time to now.",
                    "This quiz has %(count)s results, so it cannot be deleted. To stop it, "
                    "set its closing time to now.",
                    count,
                )
                % {"count": count},
            )
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


# --- One quiz's screens ---------------------------------------------------------------------


class QuizScreenMixin(PermissionCheckedMixin):
    """For the screens of one quiz (``quiz_pk`` in the URL): permission, breadcrumbs, tabs."""

    any_permission_required = VIEWING_PERMISSIONS
    header_icon = "tasks"
    screen = ""

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Quiz)

    @cached_property
    def quiz(self):
        # Looked up after the permission check, so a refused user learns nothing from a 404.
        return get_object_or_404(
            Quiz.objects.select_related("event").defer("event__body").prefetch_related("mix"),
            pk=self.kwargs["quiz_pk"],
        )

    def get_page_subtitle(self):
        return self.quiz.event.title

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(
            (reverse(f"{NAMESPACE}:index"), Quiz._meta.verbose_name_plural),
            ("", f"{self.get_page_title()}：{self.quiz.event.title}"),
        )

    def tabs(self):
        tabs = [
            (RESULTS, pgettext("quiz", "Results")),
            (STATISTICS, pgettext("quiz", "Statistics")),
        ]
        if self.user_has_permission("change"):
            tabs.insert(1, (PAPER_SCORES, _("Enter paper scores")))
            tabs.append(("edit", _("Quiz settings")))
        return [
            {
                "label": label,
                "url": reverse(f"{NAMESPACE}:edit", args=[self.quiz.pk])
                if name == "edit"
                else url(name, self.quiz),
                "current": name == self.screen,
            }
            for name, label in tabs
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quiz = self.quiz
        context.update(
            quiz=quiz,
            quiz_tabs=self.tabs(),
            quiz_opens=format_datetime(quiz.opens_at, weekday=False),
            quiz_closes=format_datetime(quiz.closes_at, weekday=False),
        )
        return context


class TimeTakenColumn(Column):
    def get_value(self, instance):
        seconds = super().get_value(instance)
        return "—" if seconds is None else minutes_seconds(seconds)


class PassColumn(Column):
    """合格 or 不合格 by the quiz's pass mark (the queryset's ``passed``)."""

    def get_value(self, instance):
        return pass_or_fail(instance.passed)


class SourceColumn(Column):
    def get_value(self, instance):
        return SOURCE_LABELS.get(instance.source, instance.source)


class ResultsView(QuizScreenMixin, StaffExportMixin, generic.IndexView):
    """Handed-in results in ranking order; the export carries them all, with full phones."""

    model = Attempt
    template_name = "events/quiz/admin/results.html"
    screen = RESULTS
    page_title = pgettext_lazy("quiz", "Results")
    paginate_by = 50
    export_permission = FULL_PHONE_PERMISSION
    export_refused_message = gettext_lazy(
        "Only staff allowed to see full phone numbers may export."
    )
    list_export = [
        "rank",
        "name",
        "phone",
        "source",
        "score",
        "max_score",
        "passed",
        "seconds_taken",
        "started_at",
        "submitted_at",
    ]
    export_headings = {
        "rank": pgettext_lazy("quiz", "Rank"),
        "source": field_label(Attempt, "source"),
        "passed": PASS_HEADING,
        "started_at": field_label(Attempt, "started_at"),
    }

    @property
    def export_filename(self):
        return f"quiz-{self.quiz.pk}-results"

    def get_sheet_title(self):
        # "成绩 廉政知识竞赛初赛": which quiz, even once the file is renamed.
        return f"{self.get_page_title()} {self.quiz.event.title}"

    def get(self, request, *args, **kwargs):
        # Papers whose time ran out count as handed in before anyone reads the results.
        submit_expired(quiz=self.quiz)
        return super().get(request, *args, **kwargs)

    def get_index_url(self):
        return url(RESULTS, self.quiz)

    def get_index_results_url(self):
        return None

    @cached_property
    def columns(self):
        return [
            Column("rank", label=pgettext_lazy("quiz", "Rank"), width="7%"),
            Column("name", label=field_label(Attempt, "name"), width="14%"),
            PhoneColumn(
                "phone",
                permission=FULL_PHONE_PERMISSION,
                label=field_label(Attempt, "phone"),
                width="15%",
            ),
            SourceColumn("source", label=field_label(Attempt, "source"), width="12%"),
            Column("score", label=field_label(Attempt, "score"), width="9%"),
            PassColumn("passed", label=PASS_HEADING, width="9%"),
            TimeTakenColumn("seconds_taken", label=_("Time taken"), width="12%"),
            LocalDateTimeColumn("submitted_at", label=field_label(Attempt, "submitted_at")),
        ]

    def get_base_queryset(self):
        return (
            Attempt.objects.filter(quiz=self.quiz, score__isnull=False)
            .defer("token", "deadline", "registration")
            .annotate(
                rank=Window(RowNumber(), order_by=list(RANKING_ORDER)),
                passed=ExpressionWrapper(
                    Q(score__gte=self.quiz.pass_mark), output_field=BooleanField()
                ),
            )
        )

    def order_queryset(self, queryset):
        return queryset.order_by(*RANKING_ORDER)

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["source"] = str(SOURCE_LABELS.get(item.source, item.source))
        row["passed"] = pass_or_fail(item.passed)
        return row

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_export"] = self.can_export
        return context


class PaperScoreView(QuizScreenMixin, PaperScoreScreen, WagtailAdminTemplateMixin, TemplateView):
    """代录纸质成绩: enter one paper at a time, correct or delete a score until the results are
    final, and read the log of corrections (events.quiz.admin.paper_scores)."""

    template_name = "events/quiz/admin/paper_scores.html"
    permission_required = "change"
    any_permission_required = None
    http_method_names = ["get", "post"]
    screen = PAPER_SCORES
    page_title = gettext_lazy("Enter paper scores")
