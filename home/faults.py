"""What a request meets while the database is briefly gone: a short wait, then a Chinese 503
page with Retry-After, never a plain 500.

Each step is taken only where it is safe:

1. Opening a connection is retried for a few seconds (home.db.postgresql): nothing has been
   sent yet, so nothing can happen twice. A PostgreSQL restart (about 3 s) is usually over
   before a request arriving during it gives up.
2. A GET or HEAD whose connection was lost part-way is served once more (``FaultMiddleware``):
   it only reads, so running it again changes nothing. A form post is never replayed: what it
   did before the connection dropped may already be committed (a rate-limit count, a queued
   text message, or the registration itself when the reply to its COMMIT was lost), so only the
   resident, who sees the page, should send it again. The services make that safe: a number
   holds one seat (a unique constraint), and asking for a code again gets the same form.
3. Whatever still fails because the database is unavailable (a connection lost or refused,
   SQLite locked past its busy timeout, a PostgreSQL lock or statement timeout) is answered by
   ``server_error``, the project's handler500, with the 503 page; any other error keeps the
   500 page.

Redis never gets here: the cache degrades to no cache while it is down (home.redis_pool).
"""

import logging
import sqlite3
import sys

from django.db import InterfaceError, close_old_connections
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger("qingfeng.faults")

RETRY_AFTER_SECONDS = 10
SAFE_METHODS = ("GET", "HEAD")

# What went wrong, as far as the visitor's request is concerned.
LOST = "lost"  # the connection dropped part-way: a read-only request may run again
DOWN = "down"  # no connection could be opened within the retry window
BUSY = "busy"  # the database answered "not now": locked, a lock or statement timeout

SQLITE_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
# PostgreSQL's "operator intervention" codes: the server is shutting down or starting up.
PG_SHUTTING_DOWN = ("57P01", "57P02", "57P03")


def fault_of(error):
    """LOST, DOWN or BUSY when ``error`` (or an error it was raised from) means the database is
    unavailable for a moment; None for anything else, which stays a 500."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        kind = _kind(error)
        if kind:
            return kind
        error = error.__cause__ or error.__context__
    return None


def _kind(error):
    """Django wraps the driver's exception; the driver's own (its ``__cause__``) says what
    happened."""
    if getattr(error, "during_connect", False):
        return DOWN
    if isinstance(error, sqlite3.OperationalError):
        # Other SQLite errors ("no such table") are bugs, not a busy database.
        return BUSY if getattr(error, "sqlite_errorname", "").startswith(SQLITE_BUSY) else None
    if _is_psycopg(error, "InterfaceError") or isinstance(error, InterfaceError):
        return LOST
    if _is_psycopg(error, "OperationalError"):
        # No SQLSTATE: the client lost the connection (closed, reset, refused).
        if error.sqlstate is None or error.sqlstate in PG_SHUTTING_DOWN:
            return LOST
        return BUSY
    return None


def _is_psycopg(error, name):
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(error, getattr(psycopg, name))


def busy_page():
    """The 503 page, rendered without the request: its context processors would ask the
    database and the cache, and either may be what is missing."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """handler500: the 503 page when the database is unavailable, else Django's 500 page.

    Django calls it while handling the exception, so ``sys.exc_info()`` holds it."""
    error = sys.exc_info()[1]
    kind = fault_of(error)
    if kind is None:
        return defaults.server_error(request)
    logger.warning(
        "Database %s during %s %s (%s)", kind, request.method, request.path, error_summary(error)
    )
    response = busy_page()
    response.fault = kind
    # Logged above in one line; Django would log every such request again with its traceback.
    response._has_been_logged = True
    return response


def error_summary(error):
    """The error's type and the first line of its message, for one log line."""
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0][:200]}" if text else type(error).__name__


class FaultMiddleware:
    """Serve a GET or HEAD once more when its database connection was lost part-way (see the
    module's docstring for why only those). First in MIDDLEWARE, so the second run goes through
    every other middleware again; the dead connection is closed first, and reconnecting waits
    for the database as any new connection does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "fault", None) == LOST and request.method in SAFE_METHODS:
            logger.warning("Serving %s %s again on a new connection", request.method, request.path)
            close_old_connections()
            response = self.get_response(request)
        return response
