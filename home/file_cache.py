"""The cache in files that every worker on one machine shares when no Redis is set.

Django's FileBasedCache lists its whole folder on every write to see whether it holds more than
MAX_ENTRIES files (``_cull``): with a few thousand kept pages that listing is the largest part
of a write, and every registration writes (the content version moves). Here each process looks
at most once every CULL_EVERY seconds; between two looks the folder may pass MAX_ENTRIES by the
writes of those seconds, which the next look removes as Django would.
"""

import time

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 10.0  # seconds


class FileCache(FileBasedCache):
    def __init__(self, dir, params):  # noqa: A002 - Django's name for it
        super().__init__(dir, params)
        self._next_cull = 0.0

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + CULL_EVERY
        super()._cull()
