"""Many residents taking an open quiz at once:
`bench_quiz.py BASE_URL EVENT_PATH SMS_LOG [N] [THREADS]`.

Each resident has their own browser session: opens the quiz, starts it with a fresh made-up
number (1390000xxxx from 5000 up), types the verification code from the text message (SMS_LOG
is where `make serve`'s output goes; it prints every message), opens the paper, ticks the first
option of every question and hands it in, reading data-score from the result. Prints hand-ins
per second and latency percentiles of the hand-in request. Only servers on this machine are
benchmarked.
"""

import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

from register_load import CodeLog, confirm_code

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INPUT = re.compile(r'<input type="(?:radio|checkbox)" name="(q\d+)" value="([0-9a-f]+)"')
SHOWN = re.compile(r'name="on_paper" value="(\d+)"')
SCORE = re.compile(r'data-score="(\d+)"')


def resident(base, event_path, number, codes):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(base + event_path + "quiz/", timeout=60).read().decode()
    start = {
        "csrfmiddlewaretoken": TOKEN.search(page).group(1),
        "name": "测试居民",
        "phone": f"1390000{5000 + number:04d}",
        "consent": "on",
    }
    request = urllib.request.Request(  # noqa: S310 - loopback only, checked in main()
        base + event_path + "quiz/", data=urllib.parse.urlencode(start).encode()
    )
    with opener.open(request, timeout=60) as response:
        paper_url, paper = response.geturl(), response.read().decode()
    _status, paper, _seconds, paper_url = confirm_code(
        opener, base + event_path + "quiz/", paper, codes(start["phone"])
    )
    answers = [("csrfmiddlewaretoken", TOKEN.search(paper).group(1)), ("action", "submit")]
    answers += [("on_paper", shown) for shown in SHOWN.findall(paper)]
    first = {}
    for name, value in INPUT.findall(paper):
        first.setdefault(name, value)
    answers += list(first.items())
    began = time.monotonic()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        paper_url, data=urllib.parse.urlencode(answers).encode()
    )
    with opener.open(request, timeout=60) as response:
        scored = SCORE.search(response.read().decode())
    return time.monotonic() - began, bool(scored)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    base, event_path, codes = sys.argv[1].rstrip("/"), sys.argv[2], CodeLog(Path(sys.argv[3]))
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 20
    if urlparse(base).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("only servers on this machine (127.0.0.1, localhost) are benchmarked")
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(lambda n: resident(base, event_path, n, codes), range(count)))
    elapsed = time.monotonic() - started
    latencies = [seconds for seconds, scored in results if scored]
    cuts = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
    print(f"residents {count}, {threads} at a time, {elapsed:.2f} s in all")
    print(f"scored {len(latencies)}, not scored {count - len(latencies)}")
    print(f"whole visits per second (4 requests each): {count / elapsed:.1f}")
    print(
        f"hand-in request: p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {cuts[18] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
