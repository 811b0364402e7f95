"""Per-request context (request id, client address) for the access log, without passing
the request object into services."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str  # made by the server, unique
    client_address: str | None
    client_request_id: str = ""  # what the client sent as X-Request-ID (a claim, kept apart)


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "jeugdmodel_request_context", default=None
)


def current_request_context() -> RequestContext | None:
    return _current.get()


def set_request_context(ctx: RequestContext | None) -> contextvars.Token[RequestContext | None]:
    return _current.set(ctx)


def reset_request_context(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)
