"""The Redis connection pool of the cache, which gives up at once while Redis is down.

With IGNORE_EXCEPTIONS (settings.CACHES), django-redis turns a cache call that fails into a
miss, so pages are built without the cache instead of failing. What is left is time and noise:
every cache call of every request would try to reach Redis again, and a Redis that is not
refusing but silent (a network fault) would cost the socket timeout each time. So when a
connection cannot be had, this pool marks Redis down for ``DOWN_SECONDS``: calls in that time
fail at once without touching the network, and the first call after it tries again. The first
failure of an outage and the recovery are logged once per process, not once per request.

The cache is not where anything lasting is kept (rate limits are counted in the database,
home.rate_counts; sessions are in the database), so running without it for a while only costs
speed. Entries written while Redis was down are lost, so after it returns a page may show the
cached site chrome or home-page lists of before the outage until they time out (60 s and
300 s, home.chrome).
"""

import logging
import threading
import time

from redis.connection import ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("qingfeng.faults")

DOWN_SECONDS = 2.0


class FailFastConnectionPool(ConnectionPool):
    """django-redis shares one pool per Redis URL in a process, so the "down" mark is shared
    by the default and the renditions cache."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._down_until = 0.0
        self._down_since = None
        self._mark_lock = threading.Lock()

    def get_connection(self, *args, **kwargs):
        if time.monotonic() < self._down_until:
            raise RedisConnectionError("Redis did not answer a moment ago; not trying yet")
        try:
            connection = super().get_connection(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            self._mark_down(error)
            raise
        self._mark_up()
        return connection

    def _mark_down(self, error):
        with self._mark_lock:
            self._down_until = time.monotonic() + DOWN_SECONDS
            if self._down_since is None:
                self._down_since = time.monotonic()
                logger.warning(
                    "Redis does not answer (%s): the cache is off until it does",
                    type(error).__name__,
                )

    def _mark_up(self):
        if self._down_since is None:
            return
        with self._mark_lock:
            if self._down_since is not None:
                logger.warning(
                    "Redis answers again after %.1f s: the cache is back on",
                    time.monotonic() - self._down_since,
                )
                self._down_since = None
