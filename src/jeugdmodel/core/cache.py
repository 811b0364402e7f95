"""The shared cache (Redis) as a help, not a condition: when Redis is unreachable, a read
is a miss and a write is dropped, with a warning in the log (once a minute per process).

What the cache holds in production (API rate-limit counters, the dashboard's repeated
filters) can be rebuilt from the database or given up for a while; the pages and the API
keep answering. /gereed still reports the cache as down (its check writes and reads back),
so operations notices. Decision 0088."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

T = TypeVar("T")
_WARN_EVERY_SECONDS = 60.0
_last_warning = 0.0


def _unreachable_errors() -> tuple[type[BaseException], ...]:
    import redis.exceptions

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def _tolerate(call: Callable[[], T], fallback: T, what: str) -> T:
    global _last_warning
    try:
        return call()
    except _unreachable_errors() as exc:
        now = time.monotonic()
        if now - _last_warning >= _WARN_EVERY_SECONDS:
            _last_warning = now
            logger.warning(
                "shared cache unreachable (%s): %s; going on without it", what, type(exc).__name__
            )
        return fallback


class TolerantRedisCacheClient(RedisCacheClient):
    def get(self, key: Any, default: Any) -> Any:
        return _tolerate(
            lambda: super(TolerantRedisCacheClient, self).get(key, default), default, "get"
        )

    def get_many(self, keys: Iterable[Any]) -> dict[Any, Any]:
        return _tolerate(
            lambda: super(TolerantRedisCacheClient, self).get_many(keys), {}, "get_many"
        )

    def has_key(self, key: Any) -> bool:
        return _tolerate(
            lambda: super(TolerantRedisCacheClient, self).has_key(key), False, "has_key"
        )

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        _tolerate(
            lambda: super(TolerantRedisCacheClient, self).set(key, value, timeout), None, "set"
        )

    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        return _tolerate(
            lambda: super(TolerantRedisCacheClient, self).add(key, value, timeout), False, "add"
        )

    def set_many(self, data: Mapping[Any, Any], timeout: Any) -> None:
        _tolerate(
            lambda: super(TolerantRedisCacheClient, self).set_many(data, timeout), None, "set_many"
        )

    def touch(self, key: Any, timeout: Any) -> bool:
        return _tolerate(
            lambda: super(TolerantRedisCacheClient, self).touch(key, timeout), False, "touch"
        )

    def delete(self, key: Any) -> bool:
        return _tolerate(lambda: super(TolerantRedisCacheClient, self).delete(key), False, "delete")

    def delete_many(self, keys: Iterable[Any]) -> None:
        _tolerate(
            lambda: super(TolerantRedisCacheClient, self).delete_many(keys), None, "delete_many"
        )

    def clear(self) -> bool:
        return _tolerate(lambda: super(TolerantRedisCacheClient, self).clear(), False, "clear")


class TolerantRedisCache(RedisCache):
    """Django's Redis cache whose reads miss and writes drop while Redis is unreachable."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
