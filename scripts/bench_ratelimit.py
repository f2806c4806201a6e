"""What one rate-limit hit costs: `python scripts/bench_ratelimit.py [POSTGRES_URL] [REDIS_URL]`.

Times ``home.ratelimit.allow`` for a visitor with no session (an address and a number: one
upsert statement) on a fresh SQLite file (WAL, as the site runs it) and, when given, on the
PostgreSQL database POSTGRES_URL names (created if missing; only the counter table is made,
unlogged as the migration makes it, and dropped again if this script made it). First one
process alone, then 4 processes hitting the same two buckets at once (a hall on one address,
the worst case for row locks), which must add up exactly. With REDIS_URL, the same two counts
as Redis INCR + EXPIRE for comparison (keys of its own, deleted after; nothing else is
touched). Prints microseconds per hit.
"""

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
HITS = 2000
PROCESSES = 4


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    # DEBUG off (no query log), DATABASE_URL honoured.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.pop("REDIS_URL", None)
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    import django

    django.setup()


def make_table():
    """Create the counter table if missing; answers whether it was made here."""
    from django.db import connection

    from home.rate_counts import RateCount

    if RateCount._meta.db_table in connection.introspection.table_names():
        return False
    with connection.schema_editor() as editor:
        editor.create_model(RateCount)
        if connection.vendor == "postgresql":  # as migration home 0010 makes it
            editor.execute(f"ALTER TABLE {RateCount._meta.db_table} SET UNLOGGED")
    return True


def hits(count, tag):
    """``count`` hits from one address with one number; answers each hit's seconds."""
    from django.test import RequestFactory

    from home.ratelimit import Limit, allow

    limits = {"address": Limit(10**9, 10**8), "phone": Limit(10**9, 10**8)}
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    request.session = type("NoSession", (), {"session_key": None})()
    times = []
    for _ in range(count):
        started = time.perf_counter()
        allow(request, f"bench{tag}", limits, phone="13900000001")
        times.append(time.perf_counter() - started)
    return times


def _worker(args):
    url, tag = args
    setup_django(url)
    return hits(HITS, tag)


def report(label, times):
    times = sorted(times)
    p99 = times[int(len(times) * 0.99)]
    print(
        f"{label}: median {statistics.median(times) * 1e6:.0f} µs, "
        f"p99 {p99 * 1e6:.0f} µs per hit ({len(times)} hits)"
    )


def bench_database(url, label):
    setup_django(url)
    from django.db import connection

    from home.rate_counts import RateCount

    made = make_table()
    tag = str(os.getpid())
    try:
        hits(50, tag)  # warm up
        report(f"{label}, 1 process", hits(HITS, tag + "a"))
        connection.close()
        started = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
            runs = pool.map(_worker, [(url, tag + "b")] * PROCESSES)
        seconds = time.perf_counter() - started
        report(f"{label}, {PROCESSES} processes on one bucket", [t for run in runs for t in run])
        print(f"{label}: {PROCESSES * HITS / seconds:.0f} hits/s in all")
        counts = set(
            RateCount.objects.filter(bucket__startswith=f"bench{tag}b:").values_list(
                "count", flat=True
            )
        )
        assert counts == {PROCESSES * HITS}, counts  # every hit counted exactly once
    finally:
        RateCount.objects.filter(bucket__startswith=f"bench{tag}").delete()
        if made:
            with connection.schema_editor() as editor:
                editor.delete_model(RateCount)


def bench_redis(url):
    import redis

    client = redis.Redis.from_url(url)
    keys = [f"qingfeng-bench-ratelimit:{os.getpid()}:{kind}" for kind in ("address", "phone")]
    times = []
    try:
        for _ in range(HITS):
            started = time.perf_counter()
            pipe = client.pipeline()
            for key in keys:
                pipe.incr(key)
                pipe.expire(key, 3600, nx=True)
            pipe.execute()
            times.append(time.perf_counter() - started)
    finally:
        client.delete(*keys)
    report("Redis INCR, 1 process", times)


def ensure_postgres_database(url):
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, dbname="postgres"
    ) as conn:
        conn.autocommit = True
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def in_own_process(url, label):
    """Django is set up once per process: each database gets a fresh one."""
    process = multiprocessing.get_context("spawn").Process(target=bench_database, args=(url, label))
    process.start()
    process.join()
    if process.exitcode:
        sys.exit(process.exitcode)


def main():
    with tempfile.TemporaryDirectory() as folder:
        in_own_process(f"sqlite:///{folder}/bench.sqlite3", "SQLite")
    postgres = next((arg for arg in sys.argv[1:] if arg.startswith("postgres")), None)
    if postgres:
        ensure_postgres_database(postgres)
        in_own_process(postgres, "PostgreSQL")
    redis_url = next((arg for arg in sys.argv[1:] if arg.startswith("redis")), None)
    if redis_url:
        bench_redis(redis_url)


if __name__ == "__main__":
    main()
