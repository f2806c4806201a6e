"""The question bank (题库) in the Wagtail admin: a snippet listing with filters, an edit form
that refuses malformed questions, import from the template, export in the same shape, and
the template itself. Registered in the 活动报名 menu group by events.wagtail_hooks."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from events.admin.common import refusing_with_403
from home.admin_ui import admin_breadcrumbs, field_label, forbidden

from ..bank import importer, sheets
from ..bank.rules import FALSE_TEXT, TRUE_TEXT, answer_key, validate_question
from ..bank.template import template_csv, template_xlsx
from ..models import OPTION_LETTERS, AttemptQuestion, Question

URL_NAMESPACE = "question_bank"
MENU_LABEL = gettext_lazy("Question bank")
VIEW_PERMISSION = "events.view_question"
MAX_LISTED_PROBLEMS = 300
# File names staff see in their downloads folder; the admin is Chinese, and so are they.
EXPORT_FILENAME = "题库"
TEMPLATE_FILENAME = "题库导入模板"
OPTIONS_HELP = format_lazy(
    gettext_lazy(
        "Single choice: tick one correct option. Multiple choice: tick at least two and leave "
        "at least one unticked. True or false: two options, “{true}” and “{false}”, one ticked."
    ),
    true=TRUE_TEXT,
    false=FALSE_TEXT,
)
NARROW_HIDE = "qf-bank-narrow-hide"  # columns left out on a phone (see the index template)


# --- The edit form ---------------------------------------------------------------------------


class QuestionForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("options")
        kind = cleaned.get("kind")
        # A formset with its own errors (an option without text) shows those first.
        if not kind or formset is None or not formset.is_valid():
            return cleaned
        options = [
            (form.cleaned_data.get("text", ""), form.cleaned_data.get("is_correct", False))
            for form in formset.forms
            if form.cleaned_data and not formset._should_delete_form(form)
        ]
        if problems := validate_question(kind, options):
            raise ValidationError(problems)
        return cleaned


# --- The listing -----------------------------------------------------------------------------


def category_choices():
    categories = Question.objects.order_by("category").values_list("category", flat=True).distinct()
    return [(category, category) for category in categories]


class QuestionFilterSet(WagtailFilterSet):
    category = django_filters.ChoiceFilter(label=field_label(Question, "category"), choices=())
    active = django_filters.ChoiceFilter(
        label=field_label(Question, "active"),
        choices=(
            ("1", pgettext_lazy("question bank filter", "In use")),
            ("0", pgettext_lazy("question bank filter", "Not in use")),
        ),
        method="filter_active",
    )

    class Meta:
        model = Question
        fields = ["kind", "category", "difficulty", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per request, when the filter form is built.
        self.filters["category"].extra["choices"] = category_choices()

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "1")


class QuestionTextColumn(TitleColumn):
    def get_value(self, instance):
        return Truncator(instance.text).chars(60)


class AnswerColumn(Column):
    def get_value(self, instance):
        return answer_key(instance.kind, instance.options.all())


class InUseColumn(Column):
    def get_value(self, instance):
        if instance.active:
            return pgettext_lazy("question bank filter", "In use")
        return pgettext_lazy("question bank filter", "Not in use")


class QuestionIndexView(IndexView):
    page_title = MENU_LABEL
    search_fields = ["text", "category", "explanation"]
    filterset_class = QuestionFilterSet
    # Not empty, so that Wagtail offers the two export buttons; as_spreadsheet writes the file.
    list_export = list(sheets.COLUMNS)

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("options")

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"),
            self._get_title_column("text", column_class=QuestionTextColumn, width="40%"),
            Column(
                "kind",
                label=field_label(Question, "kind"),
                accessor="get_kind_display",
                sort_key="kind",
                classname=NARROW_HIDE,
            ),
            Column("category", label=field_label(Question, "category"), sort_key="category"),
            Column(
                "difficulty",
                label=field_label(Question, "difficulty"),
                accessor="get_difficulty_display",
                sort_key="difficulty",
                classname=NARROW_HIDE,
            ),
            AnswerColumn("answer", label=_("Correct answer")),
            InUseColumn(
                "active",
                label=field_label(Question, "active"),
                sort_key="active",
                classname=NARROW_HIDE,
            ),
        ]

    @cached_property
    def show_export_buttons(self):
        return self.request.user.has_perm(VIEW_PERMISSION)

    def get(self, request, *args, **kwargs):
        if self.is_export and not self.show_export_buttons:
            return forbidden(request, _("Exporting the question bank needs permission to view it."))
        return super().get(request, *args, **kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        rows = [importer.question_row(question) for question in queryset]
        filename = f"{EXPORT_FILENAME}-{timezone.localdate():%Y%m%d}"
        if spreadsheet_format == self.FORMAT_CSV:
            return _download(sheets.write_csv(rows), f"{filename}.csv", "text/csv; charset=utf-8")
        return _download(sheets.write_xlsx(rows), f"{filename}.xlsx", sheets.XLSX_CONTENT_TYPE)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.user_has_permission("add"):
            buttons.append(
                HeaderButton(
                    _("Import questions"),
                    url=reverse(f"{URL_NAMESPACE}:import"),
                    icon_name="upload",
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("add"):
            buttons.append(
                Button(
                    _("Download the import template"),
                    url=reverse(f"{URL_NAMESPACE}:template"),
                    icon_name="download",
                    priority=80,
                )
            )
        return buttons


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# --- Import and the template -----------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx or .csv)"),
        error_messages={"required": gettext_lazy("Choose the file to import.")},
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class QuestionImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload a filled-in template: every row is checked, and only a file without a single
    problem is imported, in one go."""

    model = Question
    permission_required = "add"
    http_method_names = ["get", "post"]
    template_name = "events/quiz/admin/bank_import.html"
    header_icon = "upload"
    page_title = gettext_lazy("Import questions")

    def get_breadcrumbs_items(self):
        return admin_breadcrumbs(
            (reverse(f"{URL_NAMESPACE}:list"), MENU_LABEL), ("", self.get_page_title())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context.update(
            {
                "template_url": reverse(f"{URL_NAMESPACE}:template"),
                "template_csv_url": reverse(f"{URL_NAMESPACE}:template") + "?format=csv",
                "columns": sheets.COLUMNS,
                "required_columns": sheets.REQUIRED_COLUMNS,
                "max_questions": sheets.MAX_QUESTIONS,
                "max_megabytes": sheets.MAX_BYTES // (1024 * 1024),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        result = importer.import_questions(upload)
        if not result.ok:
            messages.error(
                request,
                _(
                    "Nothing was imported: correct the problems listed below and upload the "
                    "file again."
                ),
            )
            return self.render_to_response(
                self.get_context_data(
                    form=ImportForm(),
                    filename=upload.name,
                    problems=result.problems[:MAX_LISTED_PROBLEMS],
                    problem_count=len(result.problems),
                    more_problems=max(0, len(result.problems) - MAX_LISTED_PROBLEMS),
                ),
                status=400,
            )
        if result.created:
            messages.success(
                request,
                ngettext(
                    "%(count)s question imported.",
                    "%(count)s questions imported.",
                    result.created,
                )
                % {"count": result.created},
            )
        if result.skipped:
            rows = [str(row) for row, _text in result.skipped]
            messages.warning(
                request,
                ngettext(
                    "%(count)s question was already in the bank and was left as it is "
                    "(row %(rows)s).",
                    "%(count)s questions were already in the bank and were left as they are "
                    "(rows %(rows)s).",
                    len(rows),
                )
                % {
                    "count": len(rows),
                    "rows": "、".join(rows[:30]) + ("…" if len(rows) > 30 else ""),
                },
            )
        return redirect(reverse(f"{URL_NAMESPACE}:list"))


class TemplateDownloadView(PermissionCheckedMixin, View):
    model = Question
    permission_required = "add"
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return _download(template_csv(), f"{TEMPLATE_FILENAME}.csv", "text/csv; charset=utf-8")
        return _download(template_xlsx(), f"{TEMPLATE_FILENAME}.xlsx", sheets.XLSX_CONTENT_TYPE)


# --- The viewset -----------------------------------------------------------------------------


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "tasks"
    menu_label = MENU_LABEL
    # Shown in the 活动报名 group, so it is left out of the generic Snippets menu.
    menu_item_is_registered = True
    admin_url_namespace = URL_NAMESPACE
    base_url_path = "events/questions"
    index_view_class = QuestionIndexView
    list_per_page = 50
    copy_view_enabled = True
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("category"), FieldPanel("difficulty")]),
            FieldPanel("text"),
            InlinePanel(
                "options",
                label=gettext_lazy("Options"),
                min_num=2,
                max_num=len(OPTION_LETTERS),
                help_text=OPTIONS_HELP,
            ),
            FieldPanel("explanation"),
            FieldPanel("active"),
        ],
        base_form_class=QuestionForm,
    )

    def get_urlpatterns(self):
        # A refused screen answers 403 and says so, as every 活动报名 screen does.
        return refusing_with_403(
            super().get_urlpatterns()
            + [
                path("import/", QuestionImportView.as_view(), name="import"),
                path("template/", TemplateDownloadView.as_view(), name="template"),
            ]
        )


# --- Questions on residents' papers are kept -------------------------------------------------


def keep_questions_on_papers(request, instances):
    """A question someone has answered stays, so that their paper still reads as they saw
    it: staff take it out of use instead. Covers the delete view and the bulk action."""
    questions = [item for item in instances if isinstance(item, Question)]
    if not questions:
        return None
    used = set(
        AttemptQuestion.objects.filter(question__in=questions).values_list("question_id", flat=True)
    )
    if not used:
        return None
    for question in questions:
        if question.pk in used:
            messages.error(
                request,
                _(
                    "“%(question)s” is on residents' quiz papers, so it cannot be deleted. "
                    "Untick “in use” to leave it out of new papers."
                )
                % {"question": Truncator(question.text).chars(40)},
            )
    return redirect(reverse(f"{URL_NAMESPACE}:list"))
