"""Structured logs: every line carries the request id, the job id and the user's
pseudonymous id (never a name), JSON in production and readable text in development.

- `LogContextFilter` (on the handlers) adds `request_id`, `job_id` and `user` to every
  record from context variables set by the request middleware and the job worker.
- `JsonFormatter` (python-json-logger) writes one JSON object a line; `TextFormatter` one
  readable line. Both leave out the text of an exception (it may hold a name, a BSN or a
  case's words, e.g. `invalid literal for int(): 'Jansen'`): they print its class and the
  stack. The text of our own errors (DomainError: Dutch, written to be shown) stays.
- `user_pseudonym(user)`: a keyed hash of the user's internal id. The same user gets the
  same pseudonym in every line; only someone with the secret key can link it back
  (`manage.py log_pseudonym USERNAME`).
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

from .context import current_request_context

_job_id: contextvars.ContextVar[str] = contextvars.ContextVar("jeugdmodel_log_job", default="")
_user: contextvars.ContextVar[str] = contextvars.ContextVar("jeugdmodel_log_user", default="")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "jeugdmodel_log_request", default=""
)

#: Exceptions whose text is ours and safe in a log line (checked by class name, so that this
#: module needs no import of the error classes at logging set-up time).
_SAFE_EXCEPTION_TEXT = ("DomainError", "NotFoundOrNotAllowed", "NotAllowed", "JobError")


def user_pseudonym(user: Any) -> str:
    """A stable pseudonymous id for a logged-in user ("u-" and 12 hex digits); "" for
    anonymous. A keyed hash (HMAC with the secret key) of the internal id."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk is None:
        return ""
    from django.conf import settings

    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"user:{user.pk}".encode(), hashlib.sha256
    ).hexdigest()
    return f"u-{digest[:12]}"


def set_log_user(pseudonym: str) -> contextvars.Token[str]:
    return _user.set(pseudonym)


def reset_log_user(token: contextvars.Token[str]) -> None:
    _user.reset(token)


@contextmanager
def log_context(*, job_id: str = "", user: str = "", request_id: str = "") -> Iterator[None]:
    """Within the block every log line names this job, user and (enqueuing) request."""
    tokens = (_job_id.set(job_id), _user.set(user), _request_id.set(request_id))
    try:
        yield
    finally:
        _request_id.reset(tokens[2])
        _user.reset(tokens[1])
        _job_id.reset(tokens[0])


def current_log_user() -> str:
    return _user.get()


class LogContextFilter(logging.Filter):
    """Adds request_id, job_id and user to each record (empty when not known)."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = current_request_context()
        record.request_id = (ctx.request_id if ctx else "") or _request_id.get()
        record.job_id = _job_id.get()
        record.user = _user.get()
        # Django's request logger puts the request object on the record: a JSON formatter
        # would print it, and it is no business of the log line.
        if hasattr(record, "request"):
            record.request = None
        return True


def _exception_summary(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None],
) -> str:
    """The class of the exception and the stack (file, line, function, code), without the
    exception's text unless it is one of ours."""
    etype, value, tb = exc_info
    name = f"{etype.__module__}.{etype.__qualname__}"
    text = str(value) if etype.__name__ in _SAFE_EXCEPTION_TEXT else "[tekst weggelaten]"
    stack = "".join(traceback.format_tb(tb)) if tb else ""
    cause = value.__cause__ or value.__context__
    chained = ""
    if cause is not None and cause is not value:
        chained = f"\n(veroorzaakt door {type(cause).__module__}.{type(cause).__qualname__})"
    return f"Traceback:\n{stack}{name}: {text}{chained}"


class TextFormatter(logging.Formatter):
    """Readable lines for development: time, level, logger, ids, message."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s [req=%(request_id)s job=%(job_id)s "
            "user=%(user)s] %(message)s"
        )

    def format(self, record: logging.LogRecord) -> str:
        for name in ("request_id", "job_id", "user"):
            if not hasattr(record, name):
                setattr(record, name, "")
            if getattr(record, name) == "":
                setattr(record, name, "-")
        exc_info, record.exc_info, record.exc_text = record.exc_info, None, None
        line = super().format(record)
        if exc_info and exc_info[0] is not None:
            line += "\n" + _exception_summary(exc_info)
        record.exc_info = exc_info
        return line

    def formatException(self, ei: Any) -> str:
        return _exception_summary(ei)


class JsonFormatter(_BaseJsonFormatter):
    """One JSON object a line: time, level, logger, message, request_id, job_id, user, and
    `exception` (class and stack) when there is one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(job_id)s"
        )
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level"})
        kwargs.setdefault("timestamp", False)
        super().__init__(*args, **kwargs)

    def formatException(self, ei: Any) -> str:
        return _exception_summary(ei)

    def formatStack(self, stack_info: str) -> str:
        return stack_info


def logging_config(fmt: str = "text", level: str = "INFO") -> dict[str, Any]:
    """The LOGGING setting: one console handler (stderr) with the context filter and the
    "text" or "json" formatter."""
    if fmt not in {"text", "json"}:
        raise ValueError(f"JEUGDMODEL_LOG_FORMAT must be text or json, not {fmt!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "jeugdmodel.core.logging.LogContextFilter"}},
        "formatters": {
            "text": {"()": "jeugdmodel.core.logging.TextFormatter"},
            "json": {"()": "jeugdmodel.core.logging.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": ["context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            # Django's own lines about each request duplicate jeugdmodel.request's.
            "django.server": {"level": "WARNING"},
            # The job worker logs every job with its id; django-tasks' own lines would repeat it.
            "django_tasks": {"level": "CRITICAL"},
        },
    }
