"""Every public route, the query parameters each one reads, and the values sent to them.

``PARAMS`` is the one table of "route -> query parameter names". Its keys are Django URL names
(config.urls outside /admin/) and, for the page tree, page models by label, with a routable
page's sub-routes as ``label:pattern``. ``tests/walker/test_coverage.py`` fails when a route or a
parameter that the code reads is missing from it.
"""

import re
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

PARAMS = {
    # config.urls, by URL name
    "healthz": (),
    "search": ("q", "page"),
    "feed": (),
    "subscribe": (),
    "text_size": ("large", "next"),
    "switch_language": ("code", "next"),
    "slogan_list": ("page",),
    "slogan_poster": ("size", "orientation"),
    "events_calendar": (),
    "event_calendar": (),
    "reception_ics": (),
    "wagtaildocs_serve": (),
    "wagtaildocs_authenticate_with_password": (),
    "wagtailcore_authenticate_with_password": (),
    "wagtailcore_login": ("next",),
    # the page tree, by page model (routable pages by sub-route)
    "home.HomePage": (),
    "home.ArticleIndexPage": ("tag", "page"),
    "home.ArticlePage": (),
    "home.NoticeIndexPage": ("page",),
    "home.NoticePage": (),
    "home.StandardPage": (),
    "home.StandardPage (private)": (),
    "home.SectionPage": (),
    "events.EventIndexPage:": ("kind", "month", "page"),
    "events.EventIndexPage:my/": (),
    "events.EventPage:": ("another",),
    "events.EventPage:register/": (),
    "events.EventPage:registration/<str:code>/": (),
    "events.EventPage:poster/": (),
    "events.EventPage:quiz/": (),
    "events.EventPage:quiz/paper/<str:token>/": ("saved",),
    "events.EventPage:quiz/paper/<str:token>/save/": (),
    "events.EventPage:quiz/result/<str:token>/": (),
    "events.EventPage:quiz/ranking/": (),
    "discussions.DiscussionIndexPage": ("kind", "year", "page"),
    "discussions.MeetingRecordPage": (),
    "discussions.SuggestionIndexPage:": (),
    "discussions.SuggestionIndexPage:track/": ("code",),
    "discussions.SuggestionIndexPage:track/<str:code>/": ("rated",),
    "discussions.SuggestionIndexPage:replies/": ("q", "category", "page"),
    "discussions.SuggestionFormPage:": (),
    "discussions.SuggestionFormPage:done/<str:code>/": (),
    "discussions.ReceptionSchedulePage:": (),
    "discussions.ReceptionSchedulePage:print/": ("weeks",),
}

# Routes with values in their path: Django routes by name, page routes by their pattern.
WITH_PATH_VALUES = sorted(
    [key for key in PARAMS if "<" in key]
    + [
        "event_calendar",
        "slogan_poster",
        "wagtaildocs_serve",
        "wagtaildocs_authenticate_with_password",
        "wagtailcore_authenticate_with_password",
    ]
)

# Not walked: the admin (staff only, behind sign-in), and static and media files (whitenoise
# and the web server serve them, not Django).
NOT_PUBLIC = re.compile(r"^(admin/|static/|media/)")


def django_route_names():
    """The names of config.urls' routes outside the admin, static and media, and the page tree."""
    names = set()

    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if NOT_PUBLIC.match(route.lstrip("^")):
                continue
            if isinstance(entry, URLResolver):
                walk(entry, route)
            elif isinstance(entry, URLPattern) and entry.name != "wagtail_serve":
                names.add(entry.name or route)

    walk(get_resolver(), "")
    return names


def page_route_keys():
    """Every page model's key, a routable page's one per sub-route."""
    keys = set()
    for model in get_page_models():
        if model is Page:
            continue
        label = model._meta.label
        if issubclass(model, RoutablePageMixin):
            keys.update(f"{label}:{route.pattern}" for route in model.get_subpage_urls())
        else:
            keys.add(label)
    return keys


# Source that handles public requests; the admin screens are staff-only and not walked.
APPS = ("home", "events", "discussions")
ADMIN_SOURCE = re.compile(r"(^|/)(admin|management|migrations)(/|$)|/admin_[^/]*\.py$")
GET_READ = re.compile(
    r"""GET(?:\.get|\.getlist|\[)\(?\s*["']([^"']+)["']|["']([^"']+)["']\s+(?:not\s+)?in\s+"""
    r"""request\.GET"""
)


def get_parameters_read():
    """{name: [files]} of the query parameters public code reads from request.GET."""
    root = Path(__file__).resolve().parents[2]
    found = {}
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if ADMIN_SOURCE.search(relative):
                continue
            for match in GET_READ.finditer(path.read_text()):
                found.setdefault(match.group(1) or match.group(2), []).append(relative)
    return found


# --- Values -----------------------------------------------------------------------------------

# Each is sent to every parameter and path value; hypothesis draws from these and more.
NASTY = [
    "\x00",
    "a\r\nSet-Cookie: x=1",  # NUL and a header split
    "\ud800",  # a lone surrogate, sent as the bytes %ED%A0%80
    str(10**30),
    "-1",
    str(2**63),
    "x" * 10_000,
    "\u202e家风\u200f",  # RTL override and mark
    "😀🏮",
    "%",
    "",
    "9999-12",
]
# Bytes no text encodes to: percent-encoded as they stand.
RAW = ["%FF", "%C0%AF"]
MORE = [
    "a\x00b",
    "\x7f\x1b[0m",
    "0",
    str(-(2**70)),
    "9" * 30,
    "0001-01",
    "../..",
    " ",
    "//example.com",
    "javascript:alert(1)",
]
MORE_RAW = ["%ED%A0%80", "%00", "%F4%90%80%80", "%E5%AE"]

values = st.one_of(
    st.sampled_from(NASTY + MORE),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
)
encoded_values = st.one_of(values.map(lambda value: encode(value)), st.sampled_from(RAW + MORE_RAW))


# What a POST sends: text, or bytes that are no text at all.
post_values = st.one_of(
    values, st.sampled_from([unquote_to_bytes(value) for value in RAW + MORE_RAW])
)


def every_post_value():
    return NASTY + [unquote_to_bytes(value) for value in RAW]


def encode(value):
    """A value percent-encoded from its UTF-8 bytes, lone surrogates included, as a client that
    sends them would."""
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def every_encoded_value():
    return [encode(value) for value in NASTY] + RAW
