"""Reads of the steering figures from a PostgreSQL read replica, when one is configured
(DATABASE_REPLICA_URL). Only during a GET of a steering page or the steering API
(`ReplicaReadsMiddleware` marks those requests): the jobs and every write that reads
first (the refresh increments cells) keep reading the primary, so they never act on a
copy that lags. A replica that lags a few seconds shows figures a few seconds older."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

#: Apps whose reads may go to the replica.
REPLICA_APPS = frozenset({"steering"})
REPLICA = "replica"
#: URL prefixes of the pages whose GET may read the replica.
REPLICA_PATHS = ("/sturing/", "/api/v1/steering/")

_replica_ok: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "jeugdmodel_replica_ok", default=False
)


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _replica_ok.get() and model._meta.app_label in REPLICA_APPS:
            return REPLICA
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica is a copy of the primary: same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"


class ReplicaReadsMiddleware:
    """Lets a GET of a steering page read the steering cells from the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ok = request.method == "GET" and request.path.startswith(REPLICA_PATHS)
        token = _replica_ok.set(ok)
        try:
            return self.get_response(request)
        finally:
            _replica_ok.reset(token)


def replica_reads(allowed: bool) -> contextvars.Token[bool]:
    """Allow (or stop) replica reads in this context (tests, commands that only read)."""
    return _replica_ok.set(allowed)
