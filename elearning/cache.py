"""The shared cache's backend: Flask-Caching's Redis cache, made to fail soft.

Everything the app caches can be computed again, so when Redis stops answering a read is a
miss and a write is skipped (logged at most once a minute) instead of a 500 on every page that
uses the cache. Configured by ``CACHE_TYPE = "elearning.cache.ResilientRedisCache"`` whenever
``CACHE_REDIS_URL`` is set.
"""

import logging
import time
from functools import wraps

from flask_caching.backends.rediscache import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
_QUIET_SECONDS = 60.0


def _soft(method, fallback):
    @wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            now = time.monotonic()
            if now - self._last_warning >= _QUIET_SECONDS:
                self._last_warning = now
                log.warning("Cache unavailable, serving without it: %s", error)
            return fallback(*args)

    return call


class ResilientRedisCache(RedisCache):
    _last_warning = float("-inf")

    get = _soft(RedisCache.get, lambda *keys: None)
    get_many = _soft(RedisCache.get_many, lambda *keys: [None] * len(keys))
    has = _soft(RedisCache.has, lambda *keys: False)
    set = _soft(RedisCache.set, lambda *args: False)
    add = _soft(RedisCache.add, lambda *args: False)
    set_many = _soft(RedisCache.set_many, lambda *args: [])
    delete = _soft(RedisCache.delete, lambda *keys: False)
    delete_many = _soft(RedisCache.delete_many, lambda *keys: [])
    inc = _soft(RedisCache.inc, lambda *args: None)
    dec = _soft(RedisCache.dec, lambda *args: None)
