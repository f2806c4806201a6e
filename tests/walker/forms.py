"""Every public form: the fields it posts, a value each would take from a resident, and bodies
sent the way browsers and scripts send them (urlencoded or multipart, any bytes at all)."""

import itertools
from urllib.parse import quote

from events.quiz import selectors as quiz_selectors
from tests import factories
from tests.walker.site import PASSWORD

_numbers = itertools.count(100)

# Route key (as in routes.PARAMS) -> the fields its form posts.
FORMS = {
    "events.EventPage:register/": ("name", "phone", "consent", "website", "code", "verify"),
    "events.EventIndexPage:my/": ("phone", "code", "action"),
    "events.EventPage:quiz/": (
        "name",
        "phone",
        "registration_code",
        "consent",
        "website",
        "code",
        "verify",
    ),
    "events.EventPage:quiz/paper/<str:token>/": ("on_paper", "answer", "action"),
    "events.EventPage:quiz/paper/<str:token>/save/": ("on_paper", "answer"),
    "discussions.SuggestionFormPage:": (
        "category",
        "content",
        "anonymous",
        "name",
        "phone",
        "consent",
        "website",
        "place",
        "details",
        "member",
        "topics",
        "count",
        "when",
        "moment",
        "email",
        "link",
        "agree",
        "code",
        "verify",
    ),
    "discussions.SuggestionIndexPage:track/<str:code>/": ("satisfaction",),
    "discussions.SuggestionIndexPage:track/": ("code",),
    "search": ("q",),
    "text_size": ("large", "next"),
    "switch_language": ("code", "next"),
    "wagtailcore_authenticate_with_password": ("password", "return_url"),
    "wagtaildocs_authenticate_with_password": ("password", "return_url"),
    "wagtailcore_login": ("username", "password", "next"),
}


def good_values(walk, key):
    """{field: [value, …]} a resident's browser would send: the form filled in properly."""
    phone = factories.phone(next(_numbers) % 10_000)
    attempt = walk.objects["attempt"]
    paper = quiz_selectors.options_by_token(attempt)
    row, tokens = next(iter(paper.items()))
    values = {
        "name": "王久余",
        "phone": phone,
        "consent": "on",
        "website": "",
        "verify": "resend",
        "registration_code": "",  # name and number given instead
        "action": "cancel" if key.endswith("my/") else "save",
        "on_paper": [str(row_id) for row_id in paper],
        "answer": next(iter(tokens)),
        "category": walk.pages["discussions.SuggestionFormPage"].category_list[0],
        "content": "小区宣传栏里贴满了广告，建议改成廉政宣传专栏。",
        "anonymous": "",
        "place": "三号楼",
        "details": "每天晚上路灯不亮。",
        "member": "是",
        "topics": ["廉政", "养老"],
        "count": "3",
        "when": "2026-11-01",
        "moment": "2026-11-01 19:30",
        "email": "resident@example.com",
        "link": "https://example.com/",
        "agree": "on",
        "satisfaction": "satisfied",
        "q": "廉政",
        "large": "1",
        "next": "/articles/",
        "password": PASSWORD,
        "return_url": "/",
        "username": "walker",
    }
    values["code"] = {
        "events.EventIndexPage:my/": walk.objects["registration"].code,
        "discussions.SuggestionIndexPage:track/": walk.objects["suggestion"].tracking_code,
        "switch_language": "en",
    }.get(key, "123456")
    fields = {name: values[name] for name in FORMS[key]}
    if "answer" in fields:
        fields[f"q{row}"] = fields.pop("answer")
    return {name: value if isinstance(value, list) else [value] for name, value in fields.items()}


def to_bytes(value):
    """The bytes a value is sent as: text as UTF-8 (lone surrogates too), bytes as they stand."""
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")


BOUNDARY = "qingfeng-walk-boundary"


def body(pairs, as_multipart=False):
    """(data, content_type) for ``client.post`` from (name, value) pairs, any bytes at all."""
    if not as_multipart:
        data = "&".join(f"{name}={quote(to_bytes(value), safe='')}" for name, value in pairs)
        return data, "application/x-www-form-urlencoded"
    data = b""
    for name, value in pairs:
        data += f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        data += to_bytes(value) + b"\r\n"
    return data + f"--{BOUNDARY}--\r\n".encode(), f"multipart/form-data; boundary={BOUNDARY}"
