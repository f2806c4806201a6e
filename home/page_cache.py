"""Whole pages for visitors, served from the shared cache before Wagtail's routing runs; and the
Cache-Control header that tells a CDN (and browsers) which pages they may keep.

Most requests come from residents who read what everyone reads. Such a visitor carries no
session and no messages, so the page depends only on its address, the language, the type size,
the day and the content (home.chrome's content version, which moves on every publish,
unpublish, move, delete, settings save and seat change). Those make the key.

A response is kept only when it is the same for every such visitor: a 200 that sets no cookie,
used no CSRF token (every form does; pages with a form cache their parts instead), and is not
personal (results, statuses, quiz papers, the admin). Content that changes with the clock alone
(the countdown of a notice, the slogan of the day, a registration window opening, a reception
session starting) is bounded by the short timeout and by the date in the key.

QINGFENG_PAGE_CACHE = False turns it off (environment: QINGFENG_PAGE_CACHE=0).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from .chrome import content_version

HEADER = "X-Page-Cache"
_KEY = "qingfeng:page:{version}:{digest}"
LARGE_TEXT_COOKIE = "qf_large_text"  # home.views sets it
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage

# Responses with personal data: never stored here, and `private, no-store` for everyone else.
PRIVATE_PREFIXES = ("/admin/", "/healthz", "/_util/")
# Routes of routable pages (events, quiz, suggestions) that show one person's data.
PRIVATE_ROUTES = {
    "my_registration",
    "register",
    "registration",
    "quiz_paper",
    "quiz_save",
    "quiz_result",
    "track",
    "status",
    "done",
}
# Headers of the stored response that are the same for every visitor.
_SKIPPED_HEADERS = {HEADER.lower(), "set-cookie", "date"}


def enabled():
    return getattr(settings, "QINGFENG_PAGE_CACHE", True)


def timeout():
    return getattr(settings, "QINGFENG_PAGE_CACHE_SECONDS", 60)


def is_personal(request):
    # What a form post answers (a code form, a result) is one person's.
    if request.method not in ("GET", "HEAD") or request.path_info.startswith(PRIVATE_PREFIXES):
        return True
    match = getattr(request, "routable_resolver_match", None)
    return bool(match and match.url_name in PRIVATE_ROUTES)


def _visitor_may_share(request):
    """Whether this visitor sees what every other visitor without a session sees."""
    if request.method not in ("GET", "HEAD"):
        return False
    # A preview of a draft runs the middleware on a stand-in request for the page's address.
    if getattr(request, "is_dummy", False) or "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return False
    return not request.path_info.startswith(PRIVATE_PREFIXES)


def _language(request):
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def cache_key(request):
    parts = (
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        _language(request),
        "large" if request.COOKIES.get(LARGE_TEXT_COOKIE) == "1" else "standard",
        timezone.localdate().isoformat(),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return _KEY.format(version=content_version(), digest=digest)


def _shareable(request, response):
    """Whether a response may be kept and served to every visitor without a session."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or is_personal(request):
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _cdn_headers(request, response, shared):
    if response.has_header("Cache-Control") and not is_personal(request):
        return
    if is_personal(request):
        patch_cache_control(response, private=True, no_store=True)
    elif shared:
        patch_cache_control(
            response,
            public=True,
            max_age=getattr(settings, "QINGFENG_CDN_MAX_AGE", 60),
            stale_while_revalidate=getattr(settings, "QINGFENG_CDN_STALE_SECONDS", 60),
        )
        # Language and type size are cookies: a CDN must not hand one visitor's size to another.
        patch_vary_headers(response, ("Cookie",))
    elif response.status_code == 200:
        # A form, or a page for this browser only: a browser may keep it, a CDN may not.
        patch_cache_control(response, private=True, no_cache=True)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        may_share = _visitor_may_share(request)
        key = cache_key(request) if may_share and enabled() else None
        if key is not None:
            stored = cache.get(key)
            if stored is not None:
                status, headers, content = stored
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                response[HEADER] = "hit"
                return response
        response = self.get_response(request)
        shared = may_share and _shareable(request, response)
        _cdn_headers(request, response, shared)
        if key is None:
            return response
        if shared and request.method == "GET":
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _SKIPPED_HEADERS
            ]
            cache.set(key, (response.status_code, headers, response.content), timeout())
            response[HEADER] = "miss"
        else:
            response[HEADER] = "pass"
        return response
