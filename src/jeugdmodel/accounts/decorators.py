"""The page guard: every page declares the permission it needs from the rule table
(`accounts.access`, published as docs/access.md)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from jeugdmodel.core.errors import NotFoundOrNotAllowed

from .access import Perm, Relation, can

V = TypeVar("V", bound=Callable[..., HttpResponse])


def access_required(perm: Perm, relations: Iterable[Relation] = ()) -> Callable[[V], V]:
    """Page guard: anonymous users go to the login page; users whose role lacks `perm` get
    the same answer as for a page that does not exist. Record-level checks happen in the
    selectors (`*_get_for`), which raise NotFoundOrNotAllowed, also answered as 404."""

    def decorator(view: V) -> V:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, perm, relations):
                raise Http404
            try:
                return view(request, *args, **kwargs)
            except NotFoundOrNotAllowed as exc:
                raise Http404 from exc

        wrapped.required_perm = perm  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
