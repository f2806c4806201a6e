"""Public views of the online quiz. Each translates between HTTP and events.quiz; none writes."""

import hashlib
import re

from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from events.selectors import retention_days
from home.ratelimit import Limit, allow
from home.verification.views import verified_or_step

from . import selectors, services
from .forms import QuizStartForm
from .models import Attempt

# A hall of residents on one Wi-Fi starting the quiz together stays well under the address limit.
START_LIMITS = {
    "address": Limit(300, 60),
    "session": Limit(10, 600),
    "phone": Limit(10, 600),
}
SESSION_KEY = "quiz_attempts"
ANSWER_KEY = re.compile(r"^q(\d+)$")


def _quiz_or_404(event, with_mix=True):
    quiz = services.quiz_for(event, with_mix=with_mix)
    if quiz is None:
        raise Http404
    return quiz


def _url(event, route, *args):
    return event.url + event.reverse_subpage(route, args=list(args))


def _remember(request, attempt):
    tokens = request.session.get(SESSION_KEY, {})
    tokens[str(attempt.quiz_id)] = attempt.token
    request.session[SESSION_KEY] = tokens


def _quiz_key(quiz):
    """What the start page's cached parts show of the quiz. A quiz is edited in the admin
    without publishing the page (the content version stays), so its facts are in the key."""
    facts = (
        quiz.pk,
        quiz.opens_at,
        quiz.closes_at,
        quiz.paper_size,
        quiz.points_per_question,
        quiz.time_limit_minutes,
        quiz.pass_mark,
    )
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:16]


def _quiz_state(quiz, now):
    if quiz.opens_at > now:
        return "not_open"
    return "closed" if quiz.closes_at <= now else "open"


def _render_start(request, event, quiz, form, error=None, status=200):
    context = event.get_context(request)
    token = request.session.get(SESSION_KEY, {}).get(str(quiz.pk))
    now = timezone.now()
    context.update(
        {
            "quiz": quiz,
            "quiz_key": _quiz_key(quiz),
            # From the clock on every request, never from a cached part.
            "quiz_state": _quiz_state(quiz, now),
            "form": form,
            "error": error,
            "now": now,
            "resume_url": _url(event, "quiz_paper", token) if token else "",
            "retention_days": retention_days(),
        }
    )
    return TemplateResponse(request, "events/quiz/start.html", context, status=status)


@csrf_protect
def start(request, event):
    quiz = _quiz_or_404(event)
    if request.method == "GET":
        return _render_start(request, event, quiz, QuizStartForm())
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = QuizStartForm(request.POST)
    if form.is_spam():
        return _render_start(
            request, event, quiz, form, error=_("The form could not be sent."), status=400
        )
    if not form.is_valid():
        return _render_start(request, event, quiz, form, status=400)
    data = form.cleaned_data
    if not allow(request, "quiz", START_LIMITS, phone=data.get("phone")):
        message = _("Too many attempts. Please wait a minute and try again.")
        return _render_start(request, event, quiz, form, error=message, status=429)
    try:
        services.check_open(quiz)  # no text message for a quiz nobody can start
        # A registration code proves the number already: only its verified owner received it.
        if not data.get("registration_code"):
            step = verified_or_step(request, page=event, phone=data["phone"])
            if step is not None:
                return step
        started = services.start_attempt(
            quiz=quiz,
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            registration_code=data.get("registration_code", ""),
        )
    except services.QuizError as refusal:
        return _render_start(request, event, quiz, form, error=refusal.message, status=409)
    # The number is the person's own: a paper they started elsewhere is theirs to go on with.
    attempt = started.attempt
    _remember(request, attempt)
    if attempt.is_submitted:
        return HttpResponseRedirect(_url(event, "quiz_result", attempt.token))
    return HttpResponseRedirect(_url(event, "quiz_paper", attempt.token))


def _attempt_or_404(event, token):
    attempt = (
        Attempt.objects.select_related("quiz")
        .filter(token=token[:32], quiz__event=event, source=Attempt.Source.ONLINE)
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


def _answers(request, attempt):
    """{AttemptQuestion id: [option ids]} for every question the form showed, from the option
    tokens the paper sent; a token that is not on this paper is refused whole."""
    tampered = services.QuizError("tampered", _("An answer was not one of the question's options."))
    try:
        shown = {int(value) for value in request.POST.getlist("on_paper")}
    except ValueError as error:
        raise tampered from error
    answers = {key: [] for key in shown}
    tokens = None
    for name in request.POST:
        match = ANSWER_KEY.match(name)
        if not match:
            continue
        tokens = tokens if tokens is not None else selectors.options_by_token(attempt)
        row_id = int(match.group(1))
        options = tokens.get(row_id, {})
        chosen = request.POST.getlist(name)
        if any(token not in options for token in chosen):
            raise tampered
        answers[row_id] = [options[token] for token in chosen]
    return answers


def _render_paper(request, event, attempt, error=None, saved=False, status=200, confirm=False):
    context = event.get_context(request)
    remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    rows = selectors.paper_rows(attempt)
    blank = [row for row in rows if not row.chosen]
    context.update(
        {
            "quiz": attempt.quiz,
            "attempt": attempt,
            "rows": rows,
            "remaining": remaining,
            "error": error,
            "saved": saved,
            # The hand-in confirmation step: how many are blank, and where the first one is.
            "confirm": confirm and bool(blank),
            "blank_count": len(blank),
            "first_blank": blank[0] if blank else None,
        }
    )
    return TemplateResponse(request, "events/quiz/paper.html", context, status=status)


@csrf_protect
def paper(request, event, token):
    attempt = _attempt_or_404(event, token)
    if attempt.is_submitted:
        return HttpResponseRedirect(_url(event, "quiz_result", attempt.token))
    if request.method == "GET":
        if timezone.now() > attempt.deadline:
            services.submit_quiz(attempt=attempt, now=attempt.deadline)
            return HttpResponseRedirect(_url(event, "quiz_result", attempt.token))
        return _render_paper(request, event, attempt, saved="saved" in request.GET)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        answers = _answers(request, attempt)
        if request.POST.get("action") == "save":
            services.save_answers(attempt=attempt, answers=answers)
            return HttpResponseRedirect(_url(event, "quiz_paper", attempt.token) + "?saved=1")
        # Handing in with questions left blank asks once more, on the page itself, with the
        # answers kept; the clock's own hand-in at the deadline (confirm=1) never asks.
        if request.POST.get("confirm") != "1" and services.unanswered_after_saving(
            attempt=attempt, answers=answers
        ):
            return _render_paper(request, event, attempt, confirm=True)
        services.submit_quiz(attempt=attempt, answers=answers)
    except services.QuizError as refusal:
        if refusal.reason == "late":
            services.submit_quiz(attempt=attempt, now=attempt.deadline)
        if refusal.reason in ("late", "submitted"):  # handed in meanwhile, in another tab
            return HttpResponseRedirect(_url(event, "quiz_result", attempt.token))
        return _render_paper(request, event, attempt, error=refusal.message, status=400)
    return HttpResponseRedirect(_url(event, "quiz_result", attempt.token))


@csrf_protect
def save(request, event, token):
    """Answers saved as the resident goes (the paper's script posts here on every change)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    attempt = _attempt_or_404(event, token)
    try:
        saved = services.save_answers(attempt=attempt, answers=_answers(request, attempt))
    except services.QuizError as refusal:
        status = 400 if refusal.reason == "tampered" else 409
        return JsonResponse({"error": refusal.reason, "message": refusal.message}, status=status)
    remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return JsonResponse({"saved": saved, "remaining": remaining})


def result(request, event, token):
    attempt = _attempt_or_404(event, token)
    if not attempt.is_submitted:
        if timezone.now() <= attempt.deadline:
            return HttpResponseRedirect(_url(event, "quiz_paper", attempt.token))
        attempt, _already = services.submit_quiz(attempt=attempt, now=attempt.deadline)
    quiz = attempt.quiz
    review = quiz.review_allowed()
    context = event.get_context(request)
    context.update(
        {
            "quiz": quiz,
            "attempt": attempt,
            "passed": attempt.score >= quiz.pass_mark,
            "review": review,
            "rows": selectors.paper_rows(attempt) if review else [],
        }
    )
    return TemplateResponse(request, "events/quiz/result.html", context)


def ranking(request, event):
    quiz = _quiz_or_404(event, with_mix=False)
    services.submit_expired(quiz=quiz)
    context = event.get_context(request)
    context.update({"quiz": quiz, "entries": selectors.ranking(quiz)})
    return TemplateResponse(request, "events/quiz/ranking.html", context)
