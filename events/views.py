"""Public views of events. Each translates between HTTP and the services; none writes itself."""

from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from home.chrome import content_version
from home.faults import RETRY_AFTER_SECONDS
from home.pagination import paginate
from home.qr import qr_svg
from home.ratelimit import Limit, allow
from home.selectors import attach_card_renditions, live_public
from home.validation import id_in_range
from home.verification.views import brings_code, verified_or_step

from . import ical, selectors, services
from .forms import LookupForm, RegistrationForm
from .models import EventKind, EventPage, Registration, RegistrationState
from .quiz.services import quiz_for

# A hall full of residents on one Wi-Fi address registers at once: the address limit is
# generous, the per-phone and per-session limits stop floods.
REGISTER_LIMITS = {
    "address": Limit(300, 60),
    "session": Limit(20, 60),
    "phone": Limit(10, 600),
}
LOOKUP_LIMITS = {
    "address": Limit(120, 60),
    "session": Limit(30, 600),
    "phone": Limit(10, 3600),
}
SESSION_KEY = "event_registrations"
SEAT_COUNTS_TIMEOUT = 300


def event_index(request, index):
    kind = request.GET.get("kind", "")
    if kind not in EventKind.values:
        kind = ""
    month = selectors.parse_month(request.GET.get("month", ""))
    upcoming, calendar = selectors.upcoming_and_calendar(index, kind=kind, month=month)
    past = paginate(request, selectors.past_events(index, kind=kind, month=month))
    past.object_list = list(past.object_list)
    attach_card_renditions(upcoming, past.object_list)
    context = index.get_context(request)
    context.update(
        {
            "upcoming": upcoming,
            "past": past,
            "kind": kind,
            "kinds": EventKind.choices,
            "month": month,
            "calendar": calendar,
            "extra_query": selectors.filter_query(kind=kind, month=month),
        }
    )
    return TemplateResponse(request, "events/event_index_page.html", context)


def _seat_counts(event):
    """(confirmed, waitlisted), kept in the cache under the content version, which every
    registration, cancellation and promotion moves on: never a stale count."""
    key = f"qingfeng:seats:{event.pk}:{content_version()}"
    counts = cache.get(key)
    if counts is None:
        counts = event.seat_counts
        cache.set(key, counts, SEAT_COUNTS_TIMEOUT)
    return tuple(counts)


def _render_event(request, event, form=None, error=None, status=200):
    context = event.get_context(request)
    # The page around the form comes from cached fragments keyed on the content version, which
    # moves with every seat taken or freed: the seat counts are kept under it too.
    event.seat_counts = _seat_counts(event)
    state = event.registration_state()
    # A browser that registered sees its registration instead of a second form, unless it asks
    # to register someone else or has just sent the form (its errors must show).
    mine = None
    if form is None and error is None and state != RegistrationState.ENDED:
        if "another" not in request.GET:
            mine = selectors.browser_registration(event, request.session.get(SESSION_KEY, []))
    context.update(
        {
            "form": form or RegistrationForm(),
            "error": error,
            "state": state,
            "mine": mine,
            "mine_position": mine.waiting_position() if mine else None,
            "retention_days": selectors.retention_days(),
            "quiz": quiz_for(event, with_mix=False) if event.kind == EventKind.QUIZ else None,
        }
    )
    return TemplateResponse(request, "events/event_page.html", context, status=status)


def event_detail(request, event):
    return _render_event(request, event)


def _remember(request, code):
    codes = request.session.get(SESSION_KEY, [])
    if code not in codes:
        request.session[SESSION_KEY] = (codes + [code])[-20:]


@csrf_protect
def register(request, event):
    if request.method != "POST":
        return HttpResponseRedirect(event.url)
    form = RegistrationForm(request.POST)
    if form.is_spam():
        return _render_event(request, event, error=_("The form could not be sent."), status=400)
    if not form.is_valid():
        return _render_event(request, event, form=form, status=400)
    phone = form.cleaned_data["phone"]
    # The post with the code (the one that takes a seat) was counted when it asked for the
    # code, and the code limits it now; the registration itself checks the event's state.
    if not brings_code(request, phone):
        if not allow(request, "register", REGISTER_LIMITS, phone=phone):
            return _render_event(
                request,
                event,
                form=form,
                error=_("Too many attempts. Please wait a minute and try again."),
                status=429,
            )
        state = event.registration_state()
        if state in services.REFUSALS:  # no text message for a registration that cannot happen
            refusal = services.REFUSALS[state]
            return _render_event(request, event, form=form, error=refusal, status=409)
    try:
        # One transaction: the code is used up only when the registration is made.
        with transaction.atomic():
            # Until the code proves the number is theirs, everyone gets the same answer,
            # whatever the number has done before: nothing shows whether it is registered.
            step = verified_or_step(request, page=event, phone=phone)
            if step is not None:
                return step
            outcome = services.register(
                event=event,
                name=form.cleaned_data["name"],
                phone=phone,
                consent=form.cleaned_data["consent"],
                savepoint=False,  # a refusal ends this transaction too
            )
    except services.RegistrationError as refusal:
        busy = refusal.reason == "busy"
        response = _render_event(
            request, event, form=form, error=refusal.message, status=503 if busy else 409
        )
        if busy:
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    registration = outcome.registration
    result_url = event.url + event.reverse_subpage("registration", args=[registration.code])
    known = registration.code in request.session.get(SESSION_KEY, [])
    _remember(request, registration.code)
    if outcome.created or known:
        return HttpResponseRedirect(result_url)
    # The verified owner of a number registered earlier (in another browser, perhaps).
    return TemplateResponse(
        request,
        "events/already_registered.html",
        {"page": event, "registration": registration, "result_url": result_url},
        status=200,
    )


def registration_result(request, event, code):
    registration = (
        Registration.objects.filter(event=event, code=code.upper()).select_related("event").first()
    )
    if registration is None:
        raise Http404
    context = event.get_context(request)
    context.update(
        {
            "registration": registration,
            "position": registration.waiting_position(),
            "just_registered": code in request.session.get(SESSION_KEY, []),
            "checkin_qr": selectors.checkin_qr_svg(request, registration),
        }
    )
    return TemplateResponse(request, "events/registration_result.html", context)


def my_registration(request, index):
    """我的报名: find a registration by phone and code, see it, cancel it."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    # 查询或取消 on an event page that knows the registration brings its code along.
    form = LookupForm(request.POST or None, initial={"code": request.GET.get("code", "")[:12]})
    context = index.get_context(request)
    context.update({"form": form, "registration": None, "message": None})
    status = 200
    if request.method == "POST":
        status, context = _lookup(request, form, context)
    return TemplateResponse(request, "events/my_registration.html", context, status=status)


def _lookup(request, form, context):
    if not form.is_valid():
        return 400, context
    phone, code = form.cleaned_data["phone"], form.cleaned_data["code"]
    if not allow(request, "lookup", LOOKUP_LIMITS, phone=phone):
        context["message"] = _("Too many attempts. Please wait a while and try again.")
        return 429, context
    registration = services.find_registration(phone=phone, code=code)
    if registration is None:
        # One message for every miss: it must not reveal whether the number is registered.
        context["message"] = _("No registration matches this number and code.")
        return 404, context
    if request.POST.get("action") == "cancel":
        try:
            registration, _promoted = services.cancel_registration(registration=registration)
        except services.RegistrationError as refusal:
            context["message"] = refusal.message
            return 409, context
        context["cancelled"] = True
    context["registration"] = registration
    context["position"] = registration.waiting_position()
    return 200, context


# Calendar files live at Django URLs (events/urls.py): Wagtail's page routes allow no dot.
def event_calendar(request, pk):
    if not id_in_range(pk):
        raise Http404
    event = get_object_or_404(live_public(EventPage.objects.all()), pk=pk)
    return _ics_response(ical.event_ics(request, [event]), f"event-{event.pk}.ics")


def upcoming_calendar(request):
    events = selectors.next_events(limit=selectors.UPCOMING_LIMIT)
    return _ics_response(ical.event_ics(request, events), "events.ics")


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def poster(request, event):
    context = event.get_context(request)
    context["poster_qr"] = qr_svg(request.build_absolute_uri(event.url))
    return TemplateResponse(request, "events/poster.html", context)
