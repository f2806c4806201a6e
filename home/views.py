import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from .pagination import paginate
from .search import clean_query
from .selectors import pages_in_order, search_pages

LARGE_TEXT_COOKIE = "qf_large_text"

logger = logging.getLogger(__name__)


@require_GET
def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        page = paginate(request, search_pages(query))
        page.object_list = pages_in_order(list(page.object_list))
        results = page
    return TemplateResponse(
        request,
        "home/search_results.html",
        {
            "search_query": query,
            "truncated": truncated,
            "max_length": settings.SEARCH_QUERY_MAX_LENGTH,
            "results": results,
            "extra_query": urlencode({"q": query}),
            "page_title": _("Search"),
        },
    )


@require_GET
def text_size(request):
    """Switch large type on or off. Works as a plain link; the script only saves the reload."""
    large = request.GET.get("large") == "1"
    response = HttpResponseRedirect(_safe_next(request))
    if large:
        response.set_cookie(LARGE_TEXT_COOKIE, "1", max_age=60 * 60 * 24 * 365 * 2, samesite="Lax")
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE, samesite="Lax")
    return response


def _safe_next(request):
    target = request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_GET
def switch_language(request):
    """Choose the interface language with a plain link (no form, so no CSRF token needed)."""
    code = request.GET.get("code", "")
    response = HttpResponseRedirect(_safe_next(request))
    if code in {language for language, _name in settings.LANGUAGES}:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=60 * 60 * 24 * 365, samesite="Lax"
        )
    return response


def csrf_failure(request, reason=""):
    """A stale or forged form: say so in plain Chinese, keep nothing, offer the way back."""
    return TemplateResponse(
        request, "403_csrf.html", {"page_title": _("This form has expired")}, status=403
    )


@never_cache
@require_safe
def healthz(request):
    """For a load balancer or monitor: whether the database and the cache answer. It names
    only the failing service (no versions, no data), touches no session and is never cached."""
    checks = {"database": _database_answers, "cache": _cache_answers}
    status = {}
    for name, check in checks.items():
        try:
            status[name] = "ok" if check() else "error"
        except Exception:  # noqa: BLE001 - any failure of the service is what is reported
            logger.warning("Health check: the %s does not answer", name, exc_info=True)
            status[name] = "error"
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_answers():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    try:
        return cache.get(key) == "1"
    finally:
        cache.delete(key)
