"""The counters that cached things are keyed on: moving one retires everything kept under it.

- ``CONTENT`` moves on every change a visitor could see: a page published, unpublished, moved
  or deleted, a view restriction added or lifted, the settings or a slogan saved, and seats
  taken or given back. Whole pages (home.page_cache), the site chrome and page fragments are
  kept under it.
- ``PAGES`` moves with every one of those changes but seats, and also when a page is saved in
  any way (a draft too). The reads over the pages (a listing's ids and tags, the order of
  search results, the sites and the pages on the way to an address) are kept under it
  (``Kept``), so that a registration, which changes only the seats a page shows, does not make
  the next listing, search or route read them again.

Both live in the shared cache (Redis, or the folder every worker shares) and are kept for good.
A change moves them at once and again when its transaction commits: a request that read the
old rows between the two cannot keep them under the new version.
"""

import hashlib
import pickle
import secrets
import threading

from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction

CONTENT = "qingfeng:content-version"
PAGES = "qingfeng:pages-version"


def current(key):
    version = cache.get(key)
    if version is None:
        # Start from a random number, so that a cache that lost the key never comes back to an
        # old version (each change moves it by one from there), even with the clock held still:
        # the workers' own copies of kept reads (Kept) are keyed on it too.
        cache.add(key, secrets.randbits(62), None)
        version = cache.get(key)
    return version


def move(*keys):
    """Move the counters now, and again when the transaction around the change commits."""
    _move(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _move(keys))


def _move(keys):
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            current(key)
            continue
        if isinstance(caches["default"], FileBasedCache):
            # Its incr stores the new value with the default timeout: keep it for good.
            cache.touch(key, None)


# How long a kept read lasts at most, should no change retire it first.
KEEP_FOR = 10 * 60


class Kept:
    """Reads that only a change of the pages can change, kept under ``PAGES``.

    Each worker keeps the last ``size`` it used in its own memory, so that a hit costs no trip
    to the cache; a copy lasts until the pages change, whatever the timeout. With ``shared``
    the shared cache also keeps each for every worker, for reads that cost more than a trip to
    it. With ``copies`` the value is kept pickled and every call gets its own copy: for model
    instances that a request may change.
    """

    def __init__(self, name, size, *, shared=True, copies=False):
        self.name, self.size, self.shared, self.copies = name, size, shared, copies
        self._mine = {}
        self._lock = threading.Lock()  # for a server that runs a worker's requests in threads

    def get(self, what, compute, timeout=KEEP_FOR):
        """``compute()``, kept under ``what``, which must say everything the value depends on."""
        digest = hashlib.sha256(str(what).encode()).hexdigest()[:32]
        key = f"qingfeng:{self.name}:{current(PAGES)}:{digest}"
        with self._lock:
            value = self._mine.pop(key, None)
        if value is None:
            value = cache.get(key) if self.shared else None
            if value is None:
                value = compute()
                if self.copies:
                    value = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
                if self.shared:
                    cache.set(key, value, timeout)
        with self._lock:
            while len(self._mine) >= self.size:
                del self._mine[next(iter(self._mine))]  # the one used longest ago
            self._mine[key] = value  # the last one used comes last
        return pickle.loads(value) if self.copies else value  # noqa: S301 - pickled here
