"""代录纸质成绩: entering, correcting and deleting the scores of residents who took the paper
version, and the log of corrections, on one screen (events.quiz.admin.views.PaperScoreView).

The screen is one URL: ``?edit=<id>`` fills the form with a score to correct, ``?delete=<id>``
asks before deleting, and every POST says what it does in ``action``. Each write is a service
of events.quiz; a QuizError becomes a message and a 4xx (400 for a form to correct, 404 for a
score that is not there, 409 once the results are final) and changes nothing.
"""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator

from events.admin.common import FULL_PHONE_PERMISSION
from home.admin_ui import phone_for
from home.formatting import format_datetime, mask_phone, person_name

from .. import audit, selectors, services
from ..models import CORRECTION_DAYS
from .forms import PaperScoreForm
from .labels import pass_or_fail

PAPER_SCORES_PER_PAGE = 20
ENTER, CHANGE, DELETE = "enter", "change", "delete"
# The form's fields keep their errors; other refusals are a message above the form.
FIELD_OF_REFUSAL = {"already": "phone", "score": "score"}
STATUS_OF_REFUSAL = {"final": 409, "busy": 409, "missing": 404}


def _not_saved():
    return _("Nothing was saved: please correct the items marked below.")


def _attempt_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class PaperScoreScreen:
    """For a view of one quiz (QuizScreenMixin): what the paper-score screen shows and does."""

    def get(self, request, *args, **kwargs):
        for action in (CHANGE, DELETE):
            key = "edit" if action == CHANGE else action
            if key in request.GET:
                return self._chosen(action, request.GET[key])
        return self._render(self._empty_form())

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", ENTER)
        if action not in (ENTER, CHANGE, DELETE):
            messages.error(request, _("The form could not be sent."))
            return self._render(self._empty_form(), status=400)
        attempt_id = _attempt_id(request.POST.get("attempt"))
        if action != ENTER and attempt_id is None:
            return self._missing()
        if action == DELETE:
            return self._delete(attempt_id)
        form = PaperScoreForm(request.POST, max_score=self.quiz.max_score)
        editing = self._paper_score(attempt_id) if action == CHANGE else None
        if action == CHANGE and editing is None:
            return self._missing()
        if not form.is_valid():
            messages.error(request, _not_saved())
            return self._render(form, editing=editing, status=400)
        try:
            if action == CHANGE:
                attempt = services.change_paper_score(
                    quiz=self.quiz, attempt_id=attempt_id, user=request.user, **form.cleaned_data
                )
                done = _("Corrected: %(name)s, %(phone)s, %(score)s points.")
            else:
                attempt = services.record_paper_score(quiz=self.quiz, **form.cleaned_data)
                done = _("Entered: %(name)s, %(phone)s, %(score)s points.")
        except services.QuizError as refusal:
            return self._refused(refusal, form, editing)
        messages.success(request, done % self._described(attempt))
        return redirect(request.path)

    # --- Steps -----------------------------------------------------------------------------

    def _empty_form(self):
        return PaperScoreForm(max_score=self.quiz.max_score)

    def _paper_score(self, attempt_id):
        if attempt_id is None:
            return None
        return selectors.paper_scores(self.quiz).filter(pk=attempt_id).first()

    def _chosen(self, action, value):
        """The form filled with a score to correct, or the question before deleting one."""
        attempt = self._paper_score(_attempt_id(value))
        if attempt is None:
            return self._missing()
        try:
            services.check_not_final(self.quiz)
        except services.QuizError as refusal:
            return self._refused(refusal, self._empty_form())
        if action == DELETE:
            return self._render(None, deleting=attempt)
        form = PaperScoreForm(
            initial={"name": attempt.name, "phone": attempt.phone, "score": attempt.score},
            max_score=self.quiz.max_score,
        )
        return self._render(form, editing=attempt)

    def _delete(self, attempt_id):
        try:
            attempt = services.delete_paper_score(
                quiz=self.quiz, attempt_id=attempt_id, user=self.request.user
            )
        except services.QuizError as refusal:
            return self._refused(refusal, self._empty_form())
        messages.success(
            self.request,
            _("Deleted the paper score of %(name)s (%(phone)s, %(score)s points).")
            % self._described(attempt),
        )
        return redirect(self.request.path)

    def _missing(self):
        refusal = services.QuizError("missing", _("This paper score does not exist (any more)."))
        return self._refused(refusal, self._empty_form())

    def _refused(self, refusal, form, editing=None):
        field = FIELD_OF_REFUSAL.get(refusal.reason)
        if field and form.is_bound:
            form.add_error(field, refusal.message)
            messages.error(self.request, _not_saved())
            return self._render(form, editing=editing, status=400)
        messages.error(self.request, refusal.message)
        if refusal.reason in ("final", "missing"):
            form, editing = self._empty_form(), None
        status = STATUS_OF_REFUSAL.get(refusal.reason, 400)
        return self._render(form, editing=editing, status=status)

    @staticmethod
    def _described(attempt):
        return {"name": attempt.name, "phone": mask_phone(attempt.phone), "score": attempt.score}

    # --- The page --------------------------------------------------------------------------

    def _render(self, form, *, editing=None, deleting=None, status=200):
        quiz, user = self.quiz, self.request.user
        page = WagtailPaginator(selectors.paper_scores(quiz), PAPER_SCORES_PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        for attempt in page:
            attempt.shown_phone = phone_for(user, attempt.phone, FULL_PHONE_PERMISSION)
            attempt.entered_at = format_datetime(attempt.submitted_at, weekday=False)
            attempt.result = pass_or_fail(attempt.score >= quiz.pass_mark)
        for chosen in (editing, deleting):
            if chosen is not None:
                chosen.shown_phone = phone_for(user, chosen.phone, FULL_PHONE_PERMISSION)
        final = quiz.results_final()
        context = self.get_context_data(
            form=None if final else form,
            editing=editing,
            deleting=None if final else deleting,
            paper_scores=page,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
            corrections=self._corrections(),
            corrections_shown=selectors.CORRECTIONS_SHOWN,
            results_final=final,
            results_final_at=format_datetime(quiz.results_final_at, weekday=False),
            correction_days=CORRECTION_DAYS,
            max_score=quiz.max_score,
        )
        return self.render_to_response(context, status=status)

    def _corrections(self):
        rows = []
        for entry in selectors.paper_score_log(self.quiz):
            rows.append(
                {
                    "entry": entry,
                    "when": format_datetime(entry.timestamp, weekday=False),
                    "who": person_name(entry.user) if entry.user else entry.user_display_name,
                    "deleted": entry.action == audit.DELETED,
                    "person": audit.person(entry.data.get("old") or {}),
                    "changes": audit.changes(entry.data),
                }
            )
        return rows
