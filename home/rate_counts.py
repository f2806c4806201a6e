"""Rate-limit counters in the database, which every worker and every server shares.

A per-process memory cache counts per worker (two workers let twice the limit through), and a
cache that degrades to "no cache" when Redis is down would switch limits off with it. So each
bucket (one scope, one kind, one hashed value) is a row holding its window's end and count,
and one hit on several buckets is ONE statement: an ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` that adds one, or starts the count again when the row's window has ended. The
statement is atomic on PostgreSQL and on SQLite (3.35 or later), so concurrent requests in any
number of processes never both see the same count.

Rows of ended windows are deleted by each process at most once a minute (``SWEEP_EVERY``), with
one indexed DELETE, so the table holds only the buckets of the last hour.
"""

import threading
import time

from django.db import connection, models

SWEEP_EVERY = 60


class RateCount(models.Model):
    bucket = models.CharField(max_length=64, primary_key=True)
    # The end of the bucket's current window, in seconds since the epoch; it identifies the
    # window, and a row past it is free to delete.
    expires = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.bucket}: {self.count}"


def _upsert_sql(rows):
    quote = connection.ops.quote_name
    table, bucket, expires, count = (
        quote(name) for name in (RateCount._meta.db_table, "bucket", "expires", "count")
    )
    values = ", ".join(["(%s, %s, 1)"] * rows)
    # A later window starts the count again; an earlier one (a request that read the clock
    # just before the window turned) counts in the row's newer window.
    # Only quoted names of this model go into the text; every value is a parameter.
    return (
        f"INSERT INTO {table} ({bucket}, {expires}, {count}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({bucket}) DO UPDATE SET "
        f"{count} = CASE WHEN excluded.{expires} > {table}.{expires} "
        f"THEN 1 ELSE {table}.{count} + 1 END, "
        f"{expires} = CASE WHEN excluded.{expires} > {table}.{expires} "
        f"THEN excluded.{expires} ELSE {table}.{expires} END "
        f"RETURNING {bucket}, {count}"
    )


def hit(buckets):
    """Count one hit on each bucket; ``buckets`` maps a bucket to its window's end. Answers
    {bucket: count in its window, this hit included}."""
    if not buckets:
        return {}
    params = [value for item in buckets.items() for value in item]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(len(buckets)), params)
        counts = dict(cursor.fetchall())
    _sweep_now_and_then()
    return counts


_sweep_lock = threading.Lock()
_next_sweep = 0.0


def sweep(now=None):
    """Delete the rows of ended windows; answers how many went."""
    deleted, _detail = RateCount.objects.filter(expires__lte=now or time.time()).delete()
    return deleted


def _sweep_now_and_then():
    global _next_sweep  # noqa: PLW0603 - one timestamp per process, guarded by the lock
    now = time.time()
    with _sweep_lock:
        if now < _next_sweep:
            return
        _next_sweep = now + SWEEP_EVERY
    sweep(now)
