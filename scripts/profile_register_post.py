"""The cost of one code-confirming registration POST (the one that takes a seat): its SQL
queries, listed, and its time, against the database DATABASE_URL names.

    DATABASE_URL=… .venv/bin/python scripts/profile_register_post.py [--runs 20] [--profile]

Residents register one after another for a load-test event (prepare_load_test_event) through
Django's test client, as a browser does: open the event page, post name, phone and consent,
then post the code from the text message. Only the second post is measured. The event is
removed again at the end.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one POST")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime")
    options = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from home.message_log import Message

    call_command("prepare_load_test_event", "--capacity", "5", stdout=open(os.devnull, "w"))
    from events.models import EventPage

    event = EventPage.objects.get(slug="load-test")
    url = event.url + "register/"
    # Numbers not used in the last minutes: a number that was just sent a code gets no new one.
    first = 13000000000 + int(time.time()) % 10**6 * 1000
    times, cpu, counts, last = [], [], [], None
    # Counted in CPU time: the waits for the database are not this process's work.
    profiler = cProfile.Profile(time.process_time)
    try:
        for number in range(options.runs):
            phone = str(first + number)
            client = Client(HTTP_HOST="127.0.0.1")
            client.get(event.url)
            fields = {"name": "测试居民", "phone": phone, "consent": "on"}
            client.post(url, fields)
            code = Message.objects.filter(phone=phone).latest("pk").params["code"]
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                if options.profile and number == options.runs - 1:
                    profiler.enable()
                response = client.post(url, {**fields, "code": code})
                profiler.disable()
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            assert response.status_code == 302, response.status_code
            counts.append(len(queries))
            last = queries
    finally:
        call_command("prepare_load_test_event", "--remove", stdout=open(os.devnull, "w"))
    for query in last.captured_queries:
        print(f"  {query['time']}s  {query['sql'][:150]}")
    print(f"runs          {options.runs} ({connection.vendor})")
    print(f"queries       {counts[-1]} (min {min(counts)}, max {max(counts)})")
    p50, low = statistics.median(times) * 1000, min(times) * 1000
    print(f"one POST      p50 {p50:.1f} ms, min {low:.1f} ms")
    cpu_p50 = statistics.median(cpu) * 1000
    print(f"its CPU here  p50 {cpu_p50:.1f} ms (this process, without the database's)")
    if options.profile:
        pstats.Stats(profiler).sort_stats(options.sort).print_stats(120)


if __name__ == "__main__":
    main()
