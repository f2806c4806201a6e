"""The verification step that public forms put between "send" and the action itself.

A form view calls ``verified_or_step(request, page=…, phone=…)`` once its own fields are valid.
It answers None when the number is verified in this browser (now, by the code just posted, or
earlier within the half hour); otherwise it answers the page to show: the code form, which
carries the form's other fields along as hidden inputs and posts back to the same address.
The first answer is the same whatever the number has done before on the site: what happened to
it is only shown once the code proves the number belongs to the person typing it.
"""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.formatting import mask_phone
from home.forms import VerificationCodeForm
from home.ratelimit import Limit, allow

from . import services

# Per browser and per address; the per-number and site-wide limits are the service's. A hall of
# a hundred residents on one Wi-Fi address asks for codes at once and stays under the address
# limit.
SEND_LIMITS = {"address": Limit(300, 600), "session": Limit(5, 600)}
CODE_FIELD = "code"
ACTION_FIELD = "verify"
# Fields never carried into the code form: the code form sets its own.
NOT_CARRIED = {"csrfmiddlewaretoken", CODE_FIELD, ACTION_FIELD}


def brings_code(request: HttpRequest, phone: str) -> bool:
    """Whether ``verified_or_step`` decides this post by the code it carries. Such a post costs
    the code one of its few tries (or uses it up), so the code limits it: a form view counts it
    against no rate limit of its own and sends no text message for it."""
    return (
        request.POST.get(CODE_FIELD) is not None
        and request.POST.get(ACTION_FIELD) != "resend"
        and not services.is_verified(request.session, phone)
    )


def verified_or_step(request: HttpRequest, *, page, phone: str) -> HttpResponse | None:
    """None when the number is verified (the action may go ahead), else the page to show.

    Called inside the transaction of the action it guards (events.views.register), the code
    is closed in the same transaction that acts on it, and stays open for another try when the
    action fails and rolls back."""
    if services.is_verified(request.session, phone):
        return None
    code = request.POST.get(CODE_FIELD)
    if code is not None and request.POST.get(ACTION_FIELD) != "resend":
        typed = VerificationCodeForm({CODE_FIELD: code})
        if not typed.is_valid():  # blank, or not 6 digits: told so, and not counted as a try
            return _code_form(request, page, phone, error=typed.errors[CODE_FIELD][0], status=400)
        try:
            services.confirm_code(phone=phone, code=typed.cleaned_data[CODE_FIELD])
        except services.VerificationError as refusal:
            return _code_form(request, page, phone, error=refusal.message, status=400)
        services.remember_verified(request.session, phone)
        return None
    if not allow(request, "verify", SEND_LIMITS):
        message = _("Too many codes were asked for from here. Please wait ten minutes.")
        return _code_form(request, page, phone, error=message, status=429)
    try:
        sent = services.request_code(phone=phone)
    except services.VerificationError as refusal:
        return _code_form(request, page, phone, error=refusal.message, status=429, refused=True)
    return _code_form(request, page, phone, sent=sent)


def _code_form(request, page, phone, *, sent=None, error="", status=200, refused=False):
    sent = sent or services.pending(phone=phone)
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_CARRIED
        for value in values
    ]
    wait = max(0, int((sent.resend_at - timezone.now()).total_seconds())) if sent else 0
    context = page.get_context(request) if page is not None else {}
    context.update(
        {
            "carried": carried,
            "masked_phone": mask_phone(phone),
            "sent": sent,
            "wait_seconds": wait,
            "error": error,
            # Codes cannot be sent at all now (the number's day, or the site's budget): the
            # page points to the office instead of offering to send again.
            "refused": refused,
            "action": request.get_full_path(),
        }
    )
    return TemplateResponse(request, "home/verify_code.html", context, status=status)
