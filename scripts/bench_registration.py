"""Concurrent registrations against a running `make serve`: how long taking the seats takes.

    DATABASE_URL=… PORT=8000 WORKERS=4 make serve > serve.log   # in one terminal
    DATABASE_URL=… .venv/bin/python scripts/bench_registration.py \\
        --base http://127.0.0.1:8000 --sms-log serve.log --attempts 200 --seats 50 --concurrency 50

The script resets a load-test event with --seats seats on the same database (so give it the
server's DATABASE_URL, and its REDIS_URL when it has one: the server learns of the new event
through the shared cache, as it would from any command run beside it), lets --attempts
residents with distinct phones register, --concurrency at a time, checks the database agrees,
and deletes the event again. It runs in three phases, each timed as a whole:

1. ask: each resident opens the event page (which sets the CSRF cookie) and posts name, phone
   and consent; the answer is the verification form, and the text message goes out.
2. confirm: once every code has arrived (read from the text messages `make serve` prints,
   --sms-log, written after this run began), every resident posts the code at once,
   --concurrency at a time. These are the posts that take the seats; the phase's total is the
   figure to watch. Each post is what the browser sends (the code form's fields with its CSRF
   token, the cookies it holds), built before the phase and sent over a plain connection; only
   the status and the Location are read, so the client's own work stays small on a machine it
   shares with the server. The redirect is not followed here.
3. result: each resident opens the result page the redirect named, with the cookies it now
   holds, and reads its status.

Each run takes a fresh range of numbers from the clock unless --first-phone is given: a number
that was sent a code less than a minute ago gets no new one (and ten a day at most).

With --server-pid (gunicorn's master process) each phase also reports the CPU the server's
processes used in it, in all and per request: on a machine busy with other work the wall times
grow, this figure much less.

With --addresses each resident comes from an address of their own (X-Real-IP; start the server
with RATELIMIT_IP_HEADER=HTTP_X_REAL_IP), so that rounds can follow each other without reaching
the per-address limit on codes (300 in ten minutes).
"""

import argparse
import http.client
import http.cookiejar
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

from register_load import CODE_FORM, HIDDEN, STATUS, TOKEN, CodeLog

ROOT = Path(__file__).resolve().parents[1]


def manage(*args):
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 comes back as an HTTPError, Location and all


class Resident:
    def __init__(self, base, path, phone, address=None):
        self.base, self.path, self.phone = base, path, phone
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.address = address
        self.cookies = {}
        self.confirm_post = None
        if address:
            self.opener.addheaders.append(("X-Real-IP", address))
        self.form = None  # the verification form's fields
        self.location = ""
        self.status = ""
        self.error = ""

    def _post(self, fields):
        request = urllib.request.Request(  # noqa: S310 - loopback URLs of our own server
            self.base + self.path + "register/",
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": self.base + self.path},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(errors="replace"), answer.headers["Location"]

    def ask(self):
        page = self.opener.open(self.base + self.path, timeout=60).read().decode()
        fields = {"name": "测试居民", "phone": self.phone, "consent": "on"}
        fields["csrfmiddlewaretoken"] = TOKEN.search(page).group(1)
        status, html, _location = self._post(fields)
        form = CODE_FORM.search(html)
        if status != 200 or form is None:
            self.error = f"ask: http {status}"
            return
        self.form = dict(HIDDEN.findall(form.group(1)))
        self.cookies = {cookie.name: cookie.value for cookie in self.jar}

    def _headers(self):
        headers = {
            "Referer": self.base + self.path,
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        if self.address:
            headers["X-Real-IP"] = self.address
        return headers

    def _send(self, method, path, body=None, headers=None):
        """The response, its body read (``.body``); a new connection each time, as the server
        (gunicorn's sync workers) closes each one after its answer."""
        address = urlparse(self.base)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            response.body = response.read()
            return response
        finally:
            connection.close()

    def prepare_confirm(self, code):
        """The code post, built before the timed phase: the code form's own fields, the code."""
        headers = self._headers()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode({**self.form, "code": code}).encode()
        self.confirm_post = (self.path + "register/", body, headers)

    def confirm(self):
        path, body, headers = self.confirm_post
        response = self._send("POST", path, body, headers)
        self.location = response.getheader("Location", "")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        if response.status != 302 or not self.location:
            self.error = f"confirm: http {response.status}"

    def result(self):
        url = urllib.parse.urljoin(self.base + self.path, self.location)
        response = self._send("GET", urlparse(url).path, headers=self._headers())
        match = STATUS.search(response.body.decode())
        self.status = match.group(1) if match else ""


def phase(residents, concurrency, action):
    """Run ``action(resident)`` for every resident, ``concurrency`` at a time, released together;
    answers (seconds in all, each one's seconds)."""
    queue = iter(residents)
    lock = threading.Lock()
    gate = threading.Barrier(concurrency + 1)
    each = []

    def worker():
        gate.wait()
        while True:
            with lock:
                resident = next(queue, None)
            if resident is None:
                return
            started = time.monotonic()
            try:
                if not resident.error:
                    action(resident)
            except (
                urllib.error.URLError,
                OSError,
                AttributeError,
                http.client.HTTPException,
            ) as error:
                resident.error = resident.error or f"{action.__name__}: {error}"
            with lock:
                each.append(time.monotonic() - started)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join()
    return time.monotonic() - started, each


def server_cpu(pid):
    """CPU seconds the process ``pid`` and every process under it have used (Linux /proc): the
    server's own work, which other load on the machine does not inflate as it does wall time."""
    if not pid:
        return 0.0
    parents, used = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        child = int(stat.parent.name)
        parents[child] = int(fields[1])
        used[child] = int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    total, wanted = 0, {pid}
    while wanted:
        total += sum(used.get(each, 0) for each in wanted)
        wanted = {child for child, parent in parents.items() if parent in wanted}
    return total / os.sysconf("SC_CLK_TCK")


def timed_phase(residents, concurrency, action, pid):
    """phase(), and the server's CPU seconds during it."""
    before = server_cpu(pid)
    seconds, each = phase(residents, concurrency, action)
    return seconds, each, server_cpu(pid) - before


def report(label, seconds, each, cpu=None):
    cut = statistics.quantiles(each, n=20)
    print(
        f"{label:13} {seconds:6.2f} s in all; each p50 {statistics.median(each) * 1000:.0f} ms, "
        f"p95 {cut[18] * 1000:.0f} ms"
        + (f"; server CPU {cpu:.2f} s, {cpu / len(each) * 1000:.1f} ms a request" if cpu else "")
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--sms-log", required=True, type=Path, help="make serve's output")
    parser.add_argument("--attempts", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--addresses", action="store_true", help="one X-Real-IP per resident")
    parser.add_argument(
        "--first-phone", type=int, help="the first number (default: a fresh range from the clock)"
    )
    parser.add_argument(
        "--server-pid",
        type=int,
        help="the server's main process (gunicorn's master): report its workers' CPU per phase",
    )
    options = parser.parse_args()
    if options.first_phone is None:
        # 1000 numbers a second apart: a run a second or more after the last takes new ones.
        options.first_phone = 13900000000 + int(time.time()) % 10**5 * 1000
    if urlparse(options.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("only servers on this machine (127.0.0.1, localhost) are benchmarked")

    path = manage("prepare_load_test_event", "--capacity", str(options.seats)).splitlines()[-1]
    codes = CodeLog(options.sms_log)
    residents = [
        Resident(
            options.base.rstrip("/"),
            path,
            str(options.first_phone + number),
            f"10.1.{number // 256}.{number % 256}" if options.addresses else None,
        )
        for number in range(options.attempts)
    ]
    codes.skip_written()  # only codes sent in this run
    try:
        pid = options.server_pid
        asked = timed_phase(residents, options.concurrency, Resident.ask, pid)
        waiting = time.monotonic()
        for resident in residents:
            if not resident.error:
                resident.prepare_confirm(codes(resident.phone))
        waited = time.monotonic() - waiting
        confirmed = timed_phase(residents, options.concurrency, Resident.confirm, pid)
        results = timed_phase(residents, options.concurrency, Resident.result, pid)
        counted = manage(
            "shell",
            "-c",
            "from events.models import Registration as R;"
            "q = R.objects.filter(event__slug='load-test');"
            "print(q.filter(status='confirmed').count(), q.filter(status='waitlisted').count())",
        ).splitlines()[-1]
    finally:
        manage("prepare_load_test_event", "--remove")

    outcomes = Counter(r.status or r.error or "no status" for r in residents)
    first, last = residents[0].phone, residents[-1].phone
    print(f"attempts      {len(residents)} ({options.concurrency} at a time), {first}–{last}")
    print(f"load average  {' '.join(f'{value:.2f}' for value in os.getloadavg())} (1, 5, 15 min)")
    report("ask for code", *asked)
    print(f"texts         all arrived {waited:.2f} s after the last ask")
    report("confirm code", *confirmed)
    report("result page", *results)
    print(f"outcomes      {dict(sorted(outcomes.items()))}")
    print(f"database      confirmed {counted.split()[0]}, waitlisted {counted.split()[1]}")
    errors = [r.error for r in residents if r.error]
    print(f"errors        {len(errors)} {Counter(errors).most_common(3) if errors else ''}")
    expected = {"confirmed": min(options.seats, options.attempts)}
    if options.attempts > options.seats:
        expected["waitlisted"] = options.attempts - options.seats
    ok = dict(outcomes) == expected and counted.split() == [
        str(expected["confirmed"]),
        str(expected.get("waitlisted", 0)),
    ]
    print("result        " + ("exactly as many confirmed as seats, no error" if ok else "MISMATCH"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
