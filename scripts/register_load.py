"""Many residents registering for one event at once, over real HTTP (loopback servers only).

Each attempt is one resident with their own browser session: it opens the event page (which
sets the CSRF cookie), posts name, phone and consent, gets the verification form, types the code
the text message brought (``codes(phone)`` reads it where the server's message worker writes it)
and follows the redirect to the result page, reading its data-registration-status. The two
posts are timed apart: asking for the code, and confirming it, which takes the seat. Used by the
concurrency test and by bench_registration.py.
"""

import contextlib
import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATUS = re.compile(r'data-registration-status="([a-z]+)"')
CODE_FORM = re.compile(r"<form[^>]*data-verify-code[^>]*>(.*?)</form>", re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


@dataclass
class Result:
    http_status: int
    registration_status: str = ""
    seconds: float = 0.0  # the whole visit
    ask_seconds: float = 0.0  # the post that asks for a code
    confirm_seconds: float = 0.0  # the post with the code, which takes the seat
    retry_after: str = ""  # an error's Retry-After header
    busy_page: bool = False  # the error was the "busy, try again" page (home.faults)
    phone: str = ""


@dataclass
class Run:
    results: list = field(default_factory=list)
    seconds: float = 0.0

    def outcomes(self):
        return Counter(
            result.registration_status or f"http {result.http_status}" for result in self.results
        )

    def errors(self):
        return [
            result
            for result in self.results
            if result.http_status >= 500 or not result.registration_status
        ]


class CodeLog:
    """The verification codes in the lines a message worker prints (`make serve` does, with
    QINGFENG_SMS_ECHO=1): calling it with a number gives the last code sent to it.

    After ``skip_written()`` only lines written from then on count, so that a run does not
    read a code an earlier run was sent (the log shows numbers masked)."""

    def __init__(self, path):
        self.path = path
        self.since = 0

    def skip_written(self):
        self.since = self.path.stat().st_size

    def _text(self):
        with self.path.open("rb") as log:
            log.seek(self.since)
            return log.read().decode("utf-8", errors="replace")

    def __call__(self, phone, timeout=30):
        masked = f"{phone[:3]}****{phone[-4:]}"
        pattern = re.compile(rf"短信 {re.escape(masked)}：.*?验证码 (\d{{6}})")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = pattern.findall(self._text())
            if found:
                return found[-1]
            time.sleep(0.1)
        raise AssertionError(f"no code for {masked} within {timeout} s")


def _post(opener, url, fields, referer=None):
    request = urllib.request.Request(  # noqa: S310 - http(s) URLs of our own server
        url, data=urllib.parse.urlencode(fields).encode(), headers={"Referer": referer or url}
    )
    started = time.monotonic()
    with opener.open(request, timeout=60) as response:
        html = response.read().decode()
        return response.status, html, time.monotonic() - started, response.geturl()


def confirm_code(opener, url, html, code):
    """Answer the verification form in ``html`` with ``code``, as a resident types it: the
    form's own fields go back with it. (status, html, seconds, final URL), or None when the
    page holds no verification form."""
    form = CODE_FORM.search(html)
    if form is None or not code:
        return None
    fields = dict(HIDDEN.findall(form.group(1)))
    fields["code"] = code
    return _post(opener, url, fields)


def attempt(base_url, event_path, phone, codes, name="测试居民", address=None):
    """One resident's visit; ``address``, when given, is sent as X-Real-IP (for a server that
    trusts it, RATELIMIT_IP_HEADER=HTTP_X_REAL_IP), as residents behind a proxy would come."""
    started = time.monotonic()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    if address:
        opener.addheaders.append(("X-Real-IP", address))
    url, referer = base_url + event_path + "register/", base_url + event_path
    result = Result(0, phone=phone)
    try:
        page = opener.open(referer, timeout=60).read().decode()
        fields = {"name": name, "phone": phone, "consent": "on"}
        fields["csrfmiddlewaretoken"] = TOKEN.search(page).group(1)
        result.http_status, html, result.ask_seconds, _url = _post(opener, url, fields, referer)
        confirmed = confirm_code(opener, url, html, codes(phone) if CODE_FORM.search(html) else "")
        if confirmed:
            result.http_status, html, result.confirm_seconds = confirmed[:3]
        match = STATUS.search(html)
        result.registration_status = match.group(1) if match else ""
    except urllib.error.HTTPError as error:
        result.http_status = error.code
        result.retry_after = error.headers.get("Retry-After", "")
        with contextlib.suppress(OSError):
            result.busy_page = "data-service-unavailable" in error.read().decode(errors="replace")
    except (urllib.error.URLError, OSError, AttributeError, AssertionError):
        result.http_status = result.http_status or 0
    result.seconds = time.monotonic() - started
    return result


def fire(
    base_url, event_path, attempts, concurrency, codes, first_phone=13900000000, addresses=False
):
    """``attempts`` residents with distinct phones, ``concurrency`` at a time, released together;
    ``codes(phone)`` gives the verification code the server sent to ``phone``. With
    ``addresses``, each resident also comes from an address of their own (X-Real-IP), so that
    more than the per-address limit can be fired at a server that trusts the header."""
    run = Run()
    lock = threading.Lock()
    phones = iter(range(attempts))
    gate = threading.Barrier(concurrency)

    def worker():
        gate.wait()
        while True:
            with lock:
                number = next(phones, None)
            if number is None:
                return
            phone = str(first_phone + number)
            address = f"10.0.{number // 256}.{number % 256}" if addresses else None
            result = attempt(base_url, event_path, phone, codes, address=address)
            with lock:
                run.results.append(result)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.monotonic() - started
    return run
