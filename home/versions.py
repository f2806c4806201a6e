"""The counters that cached things are keyed on: moving one retires everything kept under it.

- ``CONTENT`` moves on every change a visitor could see: a page published, unpublished, moved
  or deleted, a view restriction added or lifted, the settings or a slogan saved, and seats
  taken or given back. Whole pages (home.page_cache), the site chrome and page fragments are
  kept under it.
- ``PAGES`` moves with every one of those changes but seats. The reads over every
  published page (a listing's ids and tags, the order of search results:
  ``home.pagination.for_content``) are kept under it, so that a registration, which changes
  only the seats a page shows, does not make the next listing and search read them again.

Both live in the shared cache (Redis, or the folder every worker shares) and are kept for good.
"""

import time

from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache

CONTENT = "qingfeng:content-version"
PAGES = "qingfeng:pages-version"


def current(key):
    version = cache.get(key)
    if version is None:
        # Start from the clock in microseconds, so that a cache that lost the key never reuses
        # an old version (each change moves it by one, and no change takes under a microsecond):
        # a worker's own copies of kept reads (home.pagination) are keyed on it too.
        cache.add(key, time.time_ns() // 1000, None)
        version = cache.get(key)
    return version


def move(*keys):
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            current(key)
            continue
        if isinstance(caches["default"], FileBasedCache):
            # Its incr stores the new value with the default timeout: keep it for good.
            cache.touch(key, None)
