"""The dashboard's repeated filters from the shared cache (core/cache.py), invalidated by
a version key that every write of the figures bumps.

A municipality user clicks through the same few filters again and again; the tables of one
filter are the same until the figures change. The cache key holds the figures' version,
so a write never has to know which entries it touches: `figures_changed` (called on commit
by every writer of the cells, and by every tracked change, which may move a live figure)
gives the version a new value, and every entry made before it is never read again (it
expires by itself). A request that read the old version and stores what it computed
afterwards stores it under the old version: nobody reads that again either.

While Redis is away a read is a miss and the dashboard computes as before. Decision 0093."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

T = TypeVar("T")

VERSION_KEY = "steering:figures-version"
#: How long one filter's tables stay in the cache without being asked for again.
ENTRY_SECONDS = 15 * 60


def figures_version() -> str:
    """The current version of the figures (made when there is none yet)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        fresh = uuid.uuid4().hex
        # Another process may have made one in the meantime: theirs wins.
        cache.add(VERSION_KEY, fresh, None)
        version = cache.get(VERSION_KEY) or fresh
    return str(version)


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def figures_changed() -> None:
    """The figures changed: after this transaction commits no cached table is used again
    (at once when there is no transaction)."""
    transaction.on_commit(_bump)


def figures_cached(parts: tuple[object, ...], build: Callable[[], T]) -> T:
    """What `build` gives for these parts (the scope, filters, period and cut of one
    request) at the current figures' version, today and in the current language."""
    raw = repr((figures_version(), timezone.localdate().isoformat(), get_language(), parts))
    key = "steering:board:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found
    value = build()
    cache.set(key, value, ENTRY_SECONDS)
    return value
