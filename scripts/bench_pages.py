"""Read throughput of public pages on a running server: `bench_pages.py [BASE_URL] [SECONDS]`.

Fires requests from a few threads at each URL for a fixed time and prints requests per second
and latency percentiles. Meant for `make serve` on this machine, so only loopback addresses.
"""

import statistics
import sys
import threading
import time
import urllib.request
from urllib.parse import urlparse

PATHS = [
    "/",
    "/articles/",
    "/notices/",
    "/search/?q=%E5%BB%89%E6%94%BF",
    "/feed/",
    "/discussions/",
    "/suggestions/",
    "/suggestions/replies/",
    "/reception/",
    "/events/integrity-quiz-first-round/quiz/",
    "/events/integrity-quiz-preliminary/quiz/ranking/",
]
THREADS = 8


def run(url, seconds):
    latencies, errors = [], [0]
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def worker():
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            with lock:
                if ok:
                    latencies.append(time.monotonic() - started)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def main():
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    if urlparse(base).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("only servers on this machine (127.0.0.1, localhost) are benchmarked")
    print(f"{'path':<50}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    for path in PATHS:
        latencies, errors = run(base + path, seconds)
        if not latencies:
            print(f"{path:<50}{'-':>8}{'-':>9}{'-':>9}{errors:>8}")
            continue
        cuts = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
        print(
            f"{path:<50}{len(latencies) / seconds:>8.1f}"
            f"{statistics.median(latencies) * 1000:>9.1f}{cuts[18] * 1000:>9.1f}{errors:>8}"
        )


if __name__ == "__main__":
    main()
