"""Public views of suggestions: each translates between HTTP and the services, none writes."""

from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from home.codes import normalise_code
from home.pagination import paginate
from home.ratelimit import Limit, allow
from home.validation import clean_text
from home.verification.views import verified_or_step

from ..listing import filter_query
from . import selectors, services
from .channels import Satisfaction
from .deadlines import Deadlines, expected_by
from .forms import TrackForm
from .models import Suggestion
from .workflow import ANSWERED_STATUSES, TRACKING_CODE_LENGTH

# A hall full of residents on one address may all send a suggestion after a meeting; the
# per-session and per-phone limits are what stop a flood.
SUBMIT_LIMITS = {
    "address": Limit(300, 60),
    "session": Limit(5, 600),
    "phone": Limit(5, 3600),
}
# Codes are 60 bits, so guessing is hopeless anyway; the limit keeps scripts from trying.
TRACK_LIMITS = {
    "address": Limit(300, 60),
    "session": Limit(60, 600),
}
SESSION_KEY = "suggestion_codes"


def suggestion_index(request, index):
    context = index.get_context(request)
    context.update(selectors.suggestion_index_context(index))
    context["track_form"] = TrackForm()
    return TemplateResponse(request, index.template, context)


def _render_form(request, page, form, error=None, status=200):
    context = page.get_context(request)
    context.update({"form": form, "error": error})
    return TemplateResponse(request, page.template, context, status=status)


@csrf_protect
def suggestion_form(request, page, preview=False):
    if request.method not in ("GET", "POST") or (preview and request.method == "POST"):
        return HttpResponseNotAllowed(["GET"] if preview else ["GET", "POST"])
    if request.method == "GET":
        return _render_form(request, page, page.get_form(page=page, user=request.user))

    form = page.get_form(request.POST, page=page, user=request.user)
    if form.is_spam():
        return _render_form(request, page, form, error=_("The form could not be sent."), status=400)
    if not form.is_valid():
        return _render_form(request, page, form, status=400)
    data = form.cleaned_data
    if not allow(request, "suggest", SUBMIT_LIMITS, phone=data.get("phone")):
        return _render_form(
            request,
            page,
            form,
            error=_("Too many suggestions from here. Please wait a while and try again."),
            status=429,
        )
    # A suggestion with a name and number waits until the number is shown to be the sender's:
    # the reply goes to it by text message. An anonymous one has no number to check.
    if not data.get("anonymous"):
        step = verified_or_step(request, page=page, phone=data["phone"])
        if step is not None:
            return step
    try:
        suggestion = services.submit_suggestion(
            page=page,
            category=data["category"],
            content=data["content"],
            anonymous=bool(data.get("anonymous")),
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            consent=data.get("consent", False),
            extra=form.extra_data(),
        )
    except services.SuggestionError as refusal:
        return _render_form(request, page, form, error=refusal.message, status=400)
    codes = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = (codes + [suggestion.tracking_code])[-20:]
    return HttpResponseRedirect(
        page.url + page.reverse_subpage("done", args=[suggestion.tracking_code])
    )


def suggestion_done(request, page, code):
    """The page after submitting: the tracking code, shown to the browser that submitted."""
    code = normalise_code(code, TRACKING_CODE_LENGTH)
    if code is None or code not in request.session.get(SESSION_KEY, []):
        raise Http404
    suggestion = Suggestion.objects.filter(page=page, tracking_code=code).first()
    if suggestion is None:
        raise Http404
    context = page.get_context(request)
    context.update(
        {
            "suggestion": suggestion,
            "status_url": selectors.status_path(page.get_parent(), code),
            "deadlines": Deadlines.for_site(page.get_site()).promise,
        }
    )
    return TemplateResponse(request, "discussions/suggestions/suggestion_done.html", context)


def _render_track(request, index, form, message=None, status=200):
    context = index.get_context(request)
    context.update({"track_form": form, "message": message})
    return TemplateResponse(
        request, "discussions/suggestions/suggestion_track.html", context, status=status
    )


def track(request, index):
    """查询办理进度: a code from the form goes to its status page."""
    if "code" not in request.GET:
        return _render_track(request, index, TrackForm())
    form = TrackForm(request.GET)
    if not form.is_valid():
        return _render_track(request, index, form, status=400)
    return HttpResponseRedirect(selectors.status_path(index, form.cleaned_data["code"]))


@csrf_protect
def status(request, index, code):
    """The public status page; a POST is the resident's own verdict on the handling."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    normalised = normalise_code(code, TRACKING_CODE_LENGTH)
    if normalised is None:
        form = TrackForm({"code": code[:40]})
        form.is_valid()
        return _render_track(request, index, form, status=400)
    if normalised != code:
        return HttpResponseRedirect(selectors.status_path(index, normalised))
    if not allow(request, "track", TRACK_LIMITS):
        return _render_track(
            request,
            index,
            TrackForm(initial={"code": code}),
            message=_("Too many look-ups. Please wait a while and try again."),
            status=429,
        )
    suggestion = selectors.public_suggestion(index, code)
    if suggestion is None:
        return _render_track(
            request,
            index,
            TrackForm(initial={"code": code}),
            message=_("No suggestion has this tracking code. Check the code and try again."),
            status=404,
        )
    if request.method == "POST":
        try:
            services.rate_own_case(
                suggestion=suggestion, satisfaction=request.POST.get("satisfaction", "")[:20]
            )
        except services.SuggestionError as refusal:
            status_code = 409 if refusal.reason == "evaluated" else 400
            return _render_status(request, index, suggestion, refusal.message, status_code)
        return HttpResponseRedirect(selectors.status_path(index, code) + "?rated=1#verdict")
    return _render_status(request, index, suggestion)


def _render_status(request, index, suggestion, verdict_message="", status=200):
    if verdict_message:
        suggestion = selectors.public_suggestion(index, suggestion.tracking_code)
    code = suggestion.tracking_code
    context = index.get_context(request)
    context.update(
        {
            "suggestion": suggestion,
            "timeline": selectors.public_timeline(suggestion),
            "expected": expected_by(suggestion),
            "just_submitted": code in request.session.get(SESSION_KEY, []),
            "may_rate": suggestion.status in ANSWERED_STATUSES and not suggestion.satisfaction,
            "verdicts": Satisfaction.choices,
            "verdict_message": verdict_message,
            "just_rated": request.GET.get("rated") == "1" and bool(suggestion.satisfaction),
        }
    )
    return TemplateResponse(
        request, "discussions/suggestions/suggestion_status.html", context, status=status
    )


def replies(request, index):
    """答复公开: answered suggestions staff chose to show, without names."""
    query = selectors.parse_query(request.GET.get("q", ""))
    category = clean_text(request.GET.get("category", ""), 50)
    categories = selectors.board_categories(index)
    if category not in categories:
        category = ""
    board = paginate(request, selectors.replies_board(index, query=query, category=category))
    context = index.get_context(request)
    context.update(
        {
            "board": board,
            "query": query,
            "category": category,
            "categories": categories,
            "extra_query": filter_query(q=query, category=category),
            "category_query": filter_query(q=query),
        }
    )
    return TemplateResponse(request, "discussions/suggestions/suggestion_replies.html", context)
