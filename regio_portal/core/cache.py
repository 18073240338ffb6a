"""A Redis cache that degrades instead of failing when Redis is away.

What the portal keeps in the cache is short-lived and can be lost: login rate-limit
counters and the "TOTP code already used" marks (sessions live in the database). When
Redis is unreachable, reads miss and writes are dropped, with a warning in the log
(and /gezondheid says `beperkt`), so pages and logins keep working. The price, for the
duration of the outage: no login rate limit and a TOTP code could be used twice within
its 30 seconds. That is the documented trade-off (docs/operations.md); the alternative
is that nobody can log in while Redis is down.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
FOUTEN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


def _verdraagzaam(naam: str, bij_fout):
    def methode(self, *args, **kwargs):
        try:
            return getattr(super(VerdraagzameRedisCache, self), naam)(*args, **kwargs)
        except FOUTEN as fout:
            logger.warning("cache (Redis) niet bereikbaar bij %s: %s", naam, type(fout).__name__)
            return bij_fout(*args, **kwargs)

    methode.__name__ = naam
    return methode


def _standaard(key, default=None, *args, **kwargs):
    return default


class VerdraagzameRedisCache(RedisCache):
    get = _verdraagzaam("get", _standaard)
    get_many = _verdraagzaam("get_many", lambda *a, **k: {})
    has_key = _verdraagzaam("has_key", lambda *a, **k: False)
    # add() answers "stored" so that callers that use it as "first time?" go on.
    add = _verdraagzaam("add", lambda *a, **k: True)
    set = _verdraagzaam("set", lambda *a, **k: None)
    set_many = _verdraagzaam("set_many", lambda *a, **k: [])
    touch = _verdraagzaam("touch", lambda *a, **k: False)
    delete = _verdraagzaam("delete", lambda *a, **k: False)
    delete_many = _verdraagzaam("delete_many", lambda *a, **k: None)
    incr = _verdraagzaam("incr", lambda key, delta=1, *a, **k: delta)
    clear = _verdraagzaam("clear", lambda *a, **k: False)
