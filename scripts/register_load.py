"""Many residents registering for one event at once, over real HTTP (loopback servers only).

Each attempt is one resident with their own browser session: it opens the event page (which
sets the CSRF cookie), posts name, phone and consent, and follows the redirect to the result
page, reading its data-registration-status. Used by the concurrency test and by
bench_registration.py.
"""

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


@dataclass
class Result:
    http_status: int
    registration_status: str = ""
    seconds: float = 0.0


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


def attempt(base_url, event_path, phone, name="测试居民"):
    started = time.monotonic()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        page = opener.open(base_url + event_path, timeout=60).read().decode()
        token = TOKEN.search(page).group(1)
        body = urllib.parse.urlencode(
            {"name": name, "phone": phone, "consent": "on", "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - http(s) URLs of our own server
            base_url + event_path + "register/",
            data=body,
            headers={"Referer": base_url + event_path},
        )
        with opener.open(request, timeout=60) as response:
            html = response.read().decode()
            match = STATUS.search(html)
            return Result(
                response.status, match.group(1) if match else "", time.monotonic() - started
            )
    except urllib.error.HTTPError as error:
        return Result(error.code, "", time.monotonic() - started)
    except (urllib.error.URLError, OSError, AttributeError):
        return Result(0, "", time.monotonic() - started)


def fire(base_url, event_path, attempts, concurrency, first_phone=13900000000):
    """``attempts`` residents with distinct phones, ``concurrency`` at a time, released together."""
    run = Run()
    lock = threading.Lock()
    phones = iter(str(first_phone + number) for number in range(attempts))
    gate = threading.Barrier(concurrency)

    def worker():
        gate.wait()
        while True:
            with lock:
                phone = next(phones, None)
            if phone is None:
                return
            result = attempt(base_url, event_path, phone)
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
