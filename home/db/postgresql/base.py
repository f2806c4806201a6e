"""Django's PostgreSQL backend, with new connections retried for a few seconds and JIT
compilation off.

A PostgreSQL restart takes about 3 seconds: for that long the server refuses connections or
answers "the database system is starting up". Opening a connection is always safe to repeat
(nothing has been sent yet, so nothing can be written twice), so ``get_new_connection`` tries
again with a short backoff until ``RETRY_SECONDS`` have passed, and only then lets the error
through (home.faults turns it into the 503 page). This covers a request that arrives during
the restart and one whose kept-alive connection fails Django's health check
(CONN_HEALTH_CHECKS) at its first query; the message worker reconnects the same way.

JIT compilation is switched off for each new connection. The server compiles a query whose
estimated cost passes ``jit_above_cost``; the site's queries are short, but a listing's check
for view restrictions (a subquery per page) inflates the estimate, and the compiling then took
longer than the query: 14 ms of the 62 ms that read the search order at 10,000 articles.

Queries are never retried here. A query that fails mid-request may have followed writes that
were already committed (a rate-limit count, a session, or the registration whose COMMIT was
sent just before the connection dropped), and a transaction cut in the middle was rolled back
by the server: only the caller knows whether repeating it is safe. home.faults replays a whole
GET or HEAD request once, and never a form post.
"""

import logging
import time

from django.db.backends.postgresql import base

from home.faults import error_summary

logger = logging.getLogger("qingfeng.faults")

RETRY_SECONDS = 5.0
FIRST_PAUSE, LONGEST_PAUSE = 0.1, 1.0
# The server answered, and what it said will not change in a few seconds.
PERMANENT = ("authentication failed", "does not exist", "pg_hba.conf", "no password supplied")

_down_since = None  # when this process last failed to connect; None while connections work


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        deadline = time.monotonic() + RETRY_SECONDS
        pause = FIRST_PAUSE
        while True:
            try:
                connection = super().get_new_connection(conn_params)
            except self.Database.OperationalError as error:
                if _permanent(error) or time.monotonic() + pause > deadline:
                    # home.faults answers 503 without serving the request again: it waited.
                    error.during_connect = True
                    raise
                _note_down(error)
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
            else:
                _note_up()
                return connection

    def init_connection_state(self):
        super().init_connection_state()
        with self.connection.cursor() as cursor:
            cursor.execute("SET jit = off")


def _permanent(error):
    return any(text in str(error) for text in PERMANENT)


def _note_down(error):
    """Log the first failure of an outage, not every attempt of every request."""
    global _down_since  # noqa: PLW0603 - one flag per process
    if _down_since is None:
        _down_since = time.monotonic()
        logger.warning("PostgreSQL refuses connections (%s); retrying", error_summary(error))


def _note_up():
    global _down_since  # noqa: PLW0603 - one flag per process
    if _down_since is not None:
        logger.warning(
            "PostgreSQL accepts connections again after %.1f s", time.monotonic() - _down_since
        )
        _down_since = None
