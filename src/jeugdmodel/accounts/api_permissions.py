"""DRF permission classes built from the access rule table."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .access import Perm, can


def perm_required(perm: Perm) -> type[BasePermission]:
    """A permission class for one rule of the table. A refused but authenticated caller
    gets 404 (via the problem handler), like a record that does not exist."""

    class _PermRequired(BasePermission):
        required_perm = perm

        def has_permission(self, request: Request, view: Any) -> bool:
            return bool(request.user and request.user.is_authenticated) and can(request.user, perm)

    _PermRequired.__name__ = f"PermRequired_{perm.name}"
    return _PermRequired
