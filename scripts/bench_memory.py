"""Worker memory over many mixed requests (issue 15, item 9): does any gunicorn worker keep
growing? `python scripts/bench_memory.py [--requests 10000] [--port 8138]` with DATABASE_URL
(and REDIS_URL, if wanted) in the environment, as `make serve` would read them.

The script reads the public addresses from the database (articles, notices, events, quizzes,
meeting records, suggestion forms), starts `make serve` on its own port (two workers by
default), and sends the requests from a few threads at once, in a fixed random mix: the home
page, the article and notice lists (page 1 and deep pages), articles, notices, events and their
posters, quiz start pages, searches for many different words, the feed, the calendars, the
slogans and their posters, suggestion forms, addresses that do not exist, and a share of form
posts that fail validation (each after a GET that gives it the CSRF token). Every worker's
resident set (VmRSS in /proc) is sampled throughout; the script prints, per worker, its RSS at
the start, the most it reached and the end, and how many requests were served and with which
statuses. A worker that gunicorn replaced during the run is listed separately.

Exit status 1 when a worker passed --limit MB (150 by default).
"""

import argparse
import http.cookiejar
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Words residents search for, and characters to make new ones from.
WORDS = ["廉政", "清风", "家风", "党员", "社区", "讲座", "竞赛", "通知", "公示", "议事", "纪律"]
CHARACTERS = "廉洁清正家风社区党员纪律监督服务居民议事公开透明勤俭节约为民务实担当作风建设学习"


def addresses():
    """The public addresses of each kind, read from the database the server will use."""
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from discussions.records.models import MeetingRecordPage
    from discussions.suggestions.models import SuggestionFormPage
    from events.models import EventIndexPage, EventPage
    from home.models import ArticleIndexPage, ArticlePage, NoticeIndexPage, NoticePage
    from home.slogans import enabled_slogans

    def urls(model, limit=3000):
        pages = model.objects.live().public().order_by("?")[:limit]
        return [page.url for page in pages.specific(defer=True) if page.url]

    def lists(model, children):
        found = []
        for index in model.objects.live().public():
            count = children.objects.live().child_of(index).count()
            found.append((index.url, max(1, (count + 9) // 10)))
        return found

    events = list(EventPage.objects.live().public().order_by("?")[:1000])
    # Quiz events that have their quiz (a quiz event without one answers 404).
    quizzes = EventPage.objects.live().public().filter(quiz__isnull=False)[:200]
    found = {
        "article_lists": lists(ArticleIndexPage, ArticlePage),
        "notice_lists": lists(NoticeIndexPage, NoticePage),
        "articles": urls(ArticlePage),
        "notices": urls(NoticePage),
        "event_lists": [page.url for page in EventIndexPage.objects.live().public()],
        "events": [event.url for event in events],
        "event_pks": [event.pk for event in events],
        "quizzes": [event.url + "quiz/" for event in quizzes],
        "records": urls(MeetingRecordPage, 500),
        "forms": [page.url for page in SuggestionFormPage.objects.live().public()],
        "slogans": list(enabled_slogans().values_list("pk", flat=True)),
        "titles": list(ArticlePage.objects.values_list("title", flat=True)[:2000]),
    }
    return found


def search_word(rng, titles):
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(WORDS)
    if roll < 0.7 and titles:
        title = rng.choice(titles)
        start = rng.randrange(max(1, len(title) - 1))
        return title[start : start + rng.randint(2, 4)]
    return "".join(rng.choice(CHARACTERS) for _ in range(rng.randint(1, 4)))


def plan(found, count, seed=15):
    """(method, path) for each request, in a mix near what residents send."""
    rng = random.Random(seed)
    kinds = [
        ("home", 12),
        ("article_list", 8),
        ("article_list_deep", 6),
        ("article", 14),
        ("notice_list", 3),
        ("notice", 6),
        ("event_list", 3),
        ("event", 7),
        ("event_poster", 1),
        ("quiz", 3),
        ("record", 2),
        ("search", 12),
        ("feed", 2),
        ("calendar", 2),
        ("slogans", 3),
        ("poster", 1),
        ("form", 4),
        ("missing", 5),
        ("post", 6),
    ]
    names = [name for name, _ in kinds]
    weights = [weight for _, weight in kinds]
    steps = []
    for _ in range(count):
        kind = rng.choices(names, weights)[0]
        path = None
        if kind == "home":
            path = "/"
        elif kind.startswith("article_list") and found["article_lists"]:
            url, last = rng.choice(found["article_lists"])
            page = 1 if kind == "article_list" else rng.randint(1, last)
            path = url if page == 1 else f"{url}?page={page}"
        elif kind == "notice_list" and found["notice_lists"]:
            url, last = rng.choice(found["notice_lists"])
            path = f"{url}?page={rng.randint(1, last)}"
        elif kind == "article" and found["articles"]:
            path = rng.choice(found["articles"])
        elif kind == "notice" and found["notices"]:
            path = rng.choice(found["notices"])
        elif kind == "event_list" and found["event_lists"]:
            path = rng.choice(found["event_lists"])
        elif kind == "event" and found["events"]:
            path = rng.choice(found["events"])
        elif kind == "event_poster" and found["events"]:
            path = rng.choice(found["events"]) + "poster/"
        elif kind == "quiz" and found["quizzes"]:
            path = rng.choice(found["quizzes"])
        elif kind == "record" and found["records"]:
            path = rng.choice(found["records"])
        elif kind == "search":
            query = {"q": search_word(rng, found["titles"])}
            if rng.random() < 0.2:
                query["page"] = rng.randint(2, 30)
            path = "/search/?" + urllib.parse.urlencode(query)
        elif kind == "feed":
            path = "/feed/"
        elif kind == "calendar":
            if rng.random() < 0.5 or not found["event_pks"]:
                path = "/calendar/events.ics"
            else:
                path = f"/calendar/event-{rng.choice(found['event_pks'])}.ics"
        elif kind == "slogans":
            path = "/slogans/" if rng.random() < 0.7 else "/slogans/?page=2"
        elif kind == "poster" and found["slogans"]:
            path = f"/slogans/{rng.choice(found['slogans'])}/poster/"
        elif kind == "form" and found["forms"]:
            path = rng.choice(found["forms"])
        elif kind == "missing":
            path = f"/no-such-page-{rng.randrange(10**6)}/"
        elif kind == "post":
            targets = found["forms"] + found["quizzes"][:20]
            if targets:
                steps.append(("POST", rng.choice(targets)))
                continue
        steps.append(("GET", path or "/"))
    return steps


class Load:
    def __init__(self, base):
        self.base = base
        self.statuses = Counter()
        self.sent = 0
        self.posts = 0
        self.lock = threading.Lock()

    def _open(self, opener, request):
        try:
            with opener.open(request, timeout=60) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            body = error.read()
            status = error.code
        except OSError:
            body, status = b"", "error"
        with self.lock:
            self.statuses[status] += 1
            self.sent += 1
        return body

    def send(self, step):
        method, path = step
        url = self.base + urllib.parse.quote(path, safe="/?=&%-_.")
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        body = self._open(opener, urllib.request.Request(url))  # noqa: S310 - loopback only
        token = CSRF.search(body.decode("utf-8", "replace"))
        if method == "POST" and token:
            # A phone number too short, the other fields empty: the form comes back with errors.
            data = {"csrfmiddlewaretoken": token.group(1), "phone": "123"}
            request = urllib.request.Request(  # noqa: S310 - loopback only
                url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
            )
            self._open(opener, request)
            with self.lock:
                self.posts += 1


def descendants(pid):
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def command_line(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def parent(pid):
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def workers(make_pid):
    """gunicorn's workers: gunicorn processes whose parent is gunicorn too (not the shell)."""
    gunicorns = {
        pid
        for pid in descendants(make_pid)
        if "gunicorn" in command_line(pid) and not command_line(pid).startswith(("/bin/sh", "sh "))
    }
    return sorted(pid for pid in gunicorns if parent(pid) in gunicorns)


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def wait_up(base, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5):  # noqa: S310
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(1)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--port", type=int, default=8138)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--limit", type=float, default=150, help="MB of RSS a worker may reach")
    args = parser.parse_args()

    print(f"Database: {os.environ.get('DATABASE_URL') or 'the default SQLite file'}")
    started = time.monotonic()
    found = addresses()
    steps = plan(found, args.requests)
    print(
        f"Addresses: {len(found['articles'])} articles, {len(found['notices'])} notices, "
        f"{len(found['events'])} events, {len(found['quizzes'])} quizzes, "
        f"{len(found['forms'])} forms ({time.monotonic() - started:.0f} s to read)"
    )
    log = open(Path(tempfile.gettempdir()) / f"bench_memory_{args.port}.log", "w")  # noqa: SIM115 - kept while it runs
    server = subprocess.Popen(  # noqa: S603 - our own Makefile with fixed arguments
        ["make", "serve", f"PORT={args.port}", f"WORKERS={args.workers}"],  # noqa: S607
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    samples = {}
    first_seen = {}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for pid in workers(server.pid):
                value = rss_mb(pid)
                if value is not None:
                    samples.setdefault(pid, []).append(value)
                    first_seen.setdefault(pid, len(samples))
            stop.wait(0.5)

    try:
        if not wait_up(base):
            print(f"The server did not answer; see {log.name}")
            return 2
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        time.sleep(1.5)
        load = Load(base)
        began = time.monotonic()
        cpu_before = {pid: cpu_seconds(pid) for pid in samples}
        with ThreadPoolExecutor(args.threads) as pool:
            for index, _ in enumerate(pool.map(load.send, steps), 1):
                if index % 2000 == 0:
                    now = ", ".join(f"{pid}: {values[-1]:.1f}" for pid, values in samples.items())
                    print(f"  {index} steps, {load.sent} requests; RSS MB {now}", flush=True)
        elapsed = time.monotonic() - began
        cpu_after = {pid: cpu_seconds(pid) for pid in samples}
        time.sleep(1)
        stop.set()
        sampler.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()

    print(
        f"\n{load.sent} requests ({load.posts} form posts) in {elapsed:.0f} s "
        f"from {args.threads} threads"
    )
    print("Statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(load.statuses.items(), key=str)))
    print(f"\n{'worker':>8} {'start MB':>9} {'max MB':>8} {'end MB':>8} {'CPU s':>7}")
    worst = 0
    for pid, values in samples.items():
        cpu = (cpu_after.get(pid) or 0) - (cpu_before.get(pid) or 0)
        print(f"{pid:>8} {values[0]:>9.1f} {max(values):>8.1f} {values[-1]:>8.1f} {cpu:>7.1f}")
        worst = max(worst, max(values))
    if len(samples) > args.workers:
        print("(more workers than started: gunicorn replaced some during the run)")
    print(f"\nLargest worker: {worst:.1f} MB (limit {args.limit:.0f} MB)")
    return 1 if worst > args.limit else 0


def cpu_seconds(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
