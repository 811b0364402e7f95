"""The main navigation per role: an item shows only when the role may open its page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jeugdmodel.accounts.access import Perm, Relation, can


@dataclass(frozen=True)
class NavItem:
    label: Any
    url: str
    active: bool


_ITEMS: list[tuple[Any, str, Perm]] = [
    (_("Start"), "core:home", Perm.HOME_VIEW),
    (_("Regio en teams"), "region:overview", Perm.REGION_VIEW),
    (_("Gebruikers"), "accounts:user_list", Perm.USER_VIEW),
    (_("Toegangslog"), "audit:log", Perm.ACCESS_LOG_VIEW),
    (_("API"), "api-docs", Perm.API_DOCS_VIEW),
    (_("Mijn account"), "accounts:profile", Perm.OWN_ACCOUNT_VIEW),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    path = request.path
    for label, name, perm in _ITEMS:
        if not can(user, perm, (Relation.SELF,)):
            continue
        url = reverse(name)
        active = path == url if url == "/" else path.startswith(url)
        items.append(NavItem(label=label, url=url, active=active))
    return {"nav_items": items}
