"""What tests/test_several_servers.py does over HTTP: `make serve` started and stopped as an
operator runs it, and a staff member's admin session (sign in, read a page's edit form, post it
back changed, as a browser would)."""

import html
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import urllib.parse
import urllib.request
from html.parser import HTMLParser

from tests.gunicorn import ROOT, database_url, end_database_sessions, free_port, wait_until_serving

# make's own variables from an enclosing `make test`: a `make serve` started inside it would
# otherwise hold back its output until it ends (--output-sync) and look for make test's jobs.
MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


class MakeServe:
    """`make serve` instances on this test's database, each in its own process group (as a
    terminal runs it), writing to one log: the message lines of either worker are read there."""

    def __init__(self, log_path, **environment):
        self.log_path = log_path
        self.environment = environment
        self.started = []

    def start(self, workers=2):
        """Start one instance; answers its process and base URL (it is not up yet)."""
        port = free_port()
        env = {**os.environ, **self.environment}
        for name in (*MAKE_VARIABLES, "DJANGO_SETTINGS_MODULE", "QINGFENG_TEST_NOW"):
            env.pop(name, None)
        env.update(PORT=str(port), WORKERS=str(workers), DATABASE_URL=database_url())
        # gunicorn's control socket goes under $HOME: one of its own for each instance.
        home = self.log_path.parent / f"home-{port}"
        home.mkdir()
        env["HOME"] = str(home)
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=env,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(process)
        return process, f"http://127.0.0.1:{port}"

    def up(self, process, base, seconds=240):
        """Wait until the instance answers (collectstatic, migrate and load_demo come first)."""
        with self.log_path.open() as log:
            wait_until_serving(base, process, log, seconds)
        return base

    def stop(self):
        """Ctrl-C's SIGTERM to each whole group (make, gunicorn, the message worker), at once."""
        for process in self.started:
            os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        end_database_sessions()


class Browser:
    """One person's browser: cookies kept, forms posted with the page as Referer."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode()

    def post(self, path, fields):
        """``fields`` as (name, value) pairs; answers (status, final URL, body)."""
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": self.base + path},
        )
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.geturl(), response.read().decode()

    def sign_in(self, username, password):
        _status, page = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = [
            ("csrfmiddlewaretoken", token),
            ("username", username),
            ("password", password),
            ("next", "/admin/"),
        ]
        status, url, _body = self.post("/admin/login/", fields)
        assert (status, url) == (200, self.base + "/admin/"), url


class EditForm(HTMLParser):
    """The fields of the admin's page edit form as a browser would post them, and the body's
    blocks from the data its script reads (data-w-block-arguments-value)."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.fields, self.blocks = [], {}
        self._inside = self._textarea = self._select = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self._inside = True
        if not self._inside:
            return
        name = attrs.get("name") or ""
        if "data-w-block-arguments-value" in attrs:
            self.blocks[attrs["id"]] = json.loads(attrs["data-w-block-arguments-value"])[0]
        if "__prefix__" in name:
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "range"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the newline right after <textarea>.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._inside = False

    def stream(self, name):
        """A StreamField's blocks as the admin's script posts them (text, rich text, structs of
        those and choices); anything else is not needed here and is refused."""
        blocks = self.blocks.get(name, [])
        fields = [(f"{name}-count", str(len(blocks)))]
        for number, block in enumerate(blocks):
            prefix = f"{name}-{number}"
            fields += [
                (f"{prefix}-type", block["type"]),
                (f"{prefix}-id", block.get("id") or ""),
                (f"{prefix}-deleted", ""),
                (f"{prefix}-order", str(number)),
            ]
            fields += _values(f"{prefix}-value", block["value"])
        return fields

    def with_changes(self, **changes):
        """The whole form with ``changes`` to plain fields, published."""
        fields = [(name, changes.get(name, value)) for name, value in self.fields]
        for name in self.blocks:
            fields += self.stream(name)
        return [*fields, ("action-publish", "action-publish")]


def _values(prefix, value):
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in _values(f"{prefix}-{key}", item)]
    if isinstance(value, list):
        assert all(isinstance(item, str) for item in value), (prefix, value)
        return [(prefix, item) for item in value]
    assert isinstance(value, str | int | float | None), (prefix, value)
    return [(prefix, "" if value is None else str(value))]


def edit_and_publish(browser, page_id, **changes):
    """Open the page in the admin, change fields and publish; answers the admin page it ends on."""
    _status, page = browser.get(f"/admin/pages/{page_id}/edit/")
    form = EditForm(page)
    assert form.fields, page[:500]
    status, url, body = browser.post(f"/admin/pages/{page_id}/edit/", form.with_changes(**changes))
    assert status == 200
    errors = re.findall(r'class="error-message"[^>]*>(.*?)<', body, re.S)
    assert "/edit/" not in url, [html.unescape(error) for error in errors]
    return url
