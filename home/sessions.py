"""Sessions in the database, as Django keeps them, written with one statement each.

Django's own store asks the database whether a new random key is taken before it inserts the
row, and wraps every write in a transaction of its own: four statements for a session that a
resident's first form creates (the post that takes a seat, for one). Here a new session is one
INSERT, whose unique key refuses the one-in-36^32 clash, which then tries another key; a changed
one is one UPDATE. A single statement outside a transaction commits by itself. Inside someone
else's transaction the write keeps Django's savepoint, so a refusal cannot spoil that
transaction.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, IntegrityError, connections, router
from django.utils.crypto import get_random_string


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self):
        # No look-up first: the INSERT's unique key is the check (create() tries again).
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create=False):
        if self.session_key is None:
            return self.create()
        using = router.db_for_write(self.model)
        if connections[using].in_atomic_block:
            return super().save(must_create=must_create)
        data = self._get_session(no_load=must_create)
        row = self.create_model_instance(data)
        try:
            row.save(force_insert=must_create, force_update=not must_create, using=using)
        except IntegrityError as error:
            if must_create:
                raise CreateError from error
            raise
        except DatabaseError as error:
            if not must_create:
                raise UpdateError from error
            raise
