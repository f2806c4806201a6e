"""One way to take a row lock inside a service's transaction.

A service that decides on a row's current state (seats left, a paper not yet handed in, a case's
status) first locks that row and reads it fresh, so two requests at the same moment decide one
after the other. On PostgreSQL that is ``SELECT … FOR UPDATE`` with a lock timeout: a request
that waits longer than ``LOCK_TIMEOUT_MS`` gives up with the caller's "busy" error, which a view
turns into "please try again" instead of a worker stuck behind a long transaction. On SQLite the
IMMEDIATE transaction (settings) already holds the database's write lock from BEGIN, and its busy
timeout plays the same part.

Only a lock that was not granted is the caller's "busy". A connection lost or refused while
asking for it goes on to home.faults, whose 503 page says when to come back.
"""

from typing import TypeVar

from django.db import OperationalError, connection
from django.db.models import Model, QuerySet

from home.faults import BUSY, fault_of

LOCK_TIMEOUT_MS = 5000

RowT = TypeVar("RowT", bound=Model)


def lock_row(queryset: QuerySet[RowT], *, busy: Exception) -> RowT:
    """Lock the one row ``queryset`` selects until the transaction ends, and return it fresh.

    Call it inside ``transaction.atomic()``. Rows joined with ``select_related`` are read but
    not locked. Raises ``busy`` when the lock is not granted in time, and the queryset's
    ``DoesNotExist`` when there is no such row; any other database error (the connection lost,
    say) is raised as it is.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
        queryset = queryset.select_for_update(of=("self",))
    try:
        return queryset.get()
    except OperationalError as error:
        if fault_of(error) != BUSY:
            raise
        raise busy from error
