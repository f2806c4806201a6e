"""Concurrent registrations against a running `make serve`: throughput and outcome counts.

    DATABASE_URL=… PORT=8000 WORKERS=4 make serve > serve.log   # in one terminal
    DATABASE_URL=… .venv/bin/python scripts/bench_registration.py \\
        --base http://127.0.0.1:8000 --sms-log serve.log --attempts 200 --seats 50 --concurrency 50

The script resets a load-test event with --seats seats on the same database (so give it the
server's DATABASE_URL), fires --attempts registrations with distinct phones, --concurrency at a
time, prints requests per second, latency and how many were confirmed or waitlisted, checks
the database agrees, and deletes the event again. Each resident verifies the number as a
resident would, with the code from the text message that `make serve` prints (--sms-log is
where its output goes); the post asking for the code and the post confirming it (which takes
the seat) are timed apart.
"""

import argparse
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from register_load import CodeLog, fire

ROOT = Path(__file__).resolve().parents[1]


def manage(*args):
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--sms-log", required=True, type=Path, help="make serve's output")
    parser.add_argument("--attempts", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    options = parser.parse_args()
    if urlparse(options.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("only servers on this machine (127.0.0.1, localhost) are benchmarked")

    path = manage("prepare_load_test_event", "--capacity", str(options.seats)).splitlines()[-1]
    try:
        run = fire(
            options.base.rstrip("/"),
            path,
            options.attempts,
            options.concurrency,
            codes=CodeLog(options.sms_log),
        )
        counted = manage(
            "shell",
            "-c",
            "from events.models import Registration as R;"
            "q = R.objects.filter(event__slug='load-test');"
            "print(q.filter(status='confirmed').count(), q.filter(status='waitlisted').count())",
        ).splitlines()[-1]
    finally:
        manage("prepare_load_test_event", "--remove")

    seconds = [result.seconds for result in run.results]
    cuts = statistics.quantiles(seconds, n=20)
    outcomes = run.outcomes()
    print(f"attempts      {len(run.results)} ({options.concurrency} at a time)")
    print(f"elapsed       {run.seconds:.2f} s")
    print(f"throughput    {len(run.results) / run.seconds:.1f} registrations/s")
    p50, p95 = statistics.median(seconds) * 1000, cuts[18] * 1000
    print(f"whole visit   p50 {p50:.0f} ms, p95 {p95:.0f} ms (with waiting for the text)")
    for label, values in (
        ("ask for code", [result.ask_seconds for result in run.results]),
        ("confirm code", [result.confirm_seconds for result in run.results]),
    ):
        cut = statistics.quantiles(values, n=20)
        print(
            f"{label:13} p50 {statistics.median(values) * 1000:.0f} ms, p95 {cut[18] * 1000:.0f} ms"
        )
    print(f"outcomes      {dict(sorted(outcomes.items()))}")
    print(f"database      confirmed {counted.split()[0]}, waitlisted {counted.split()[1]}")
    print(f"errors        {len(run.errors())}")
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
