"""Rows built once for many tests: inside a transaction that is rolled back after the last of
them, while each test's own changes are rolled back after it, as pytest-django always does."""

import contextlib

from django.db import transaction


@contextlib.contextmanager
def built_once(django_db_blocker):
    """Use in a fixture of module or package scope that takes ``django_db_setup`` and
    ``django_db_blocker``; build the rows inside, then yield them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
