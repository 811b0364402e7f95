"""Business errors. Pages show the message; the API answers with a problem document."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule was broken. The message is Dutch (translatable) and safe to show."""

    status_code = 400
    default_message = _("De gegevens kloppen niet.")

    def __init__(
        self,
        message: object = None,
        *,
        field: str | None = None,
        errors: list[tuple[str, str]] | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.field = field
        # Several problems at once: (field, message) pairs, e.g. from a whole form.
        self.field_errors: list[tuple[str, str]] = errors or [(field or "", str(self.message))]
        super().__init__(str(self.message))


class KeyReusedWithOtherData(DomainError):
    """A form or idempotency key that was already used, now with other data: nothing of the
    new data was stored, and the caller is told so (never silently the first answer)."""

    status_code = 409


class NotFoundOrNotAllowed(DomainError):
    """One answer for "does not exist" and "you may not see it": nobody learns a record exists."""

    status_code = 404
    default_message = _("Niet gevonden.")


class NotAllowed(NotFoundOrNotAllowed):
    """Raised by access checks. Deliberately a NotFoundOrNotAllowed: same answer to the user."""


class ServiceUnavailable(Exception):
    """A service the request needs (the database, the job store) cannot be reached. Raised
    inside the service's transaction, so nothing of the request was saved; the user gets a
    503 page that says so (core.views.server_error)."""
