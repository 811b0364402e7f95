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


#: (label, URL name, permission, the relationships that grant it for this item). The
#: relationships are the ones the page itself asks for: "Mijn account" is the user's own
#: (SELF), "Mijn aanmeldingen" lists the user's own requests (REFERRER).
_ITEMS: list[tuple[Any, str, Perm, tuple[Relation, ...]]] = [
    (_("Start"), "workspace:home", Perm.HOME_VIEW, ()),
    (_("Aanmelden"), "intake:pro_form", Perm.REQUEST_CREATE, ()),
    (_("Werklijst"), "intake:worklist", Perm.REQUEST_WORKLIST, ()),
    (_("Mijn casussen"), "cases:list", Perm.CASE_LIST, ()),
    (_("Consultaties"), "care:queue", Perm.CONSULTATION_QUEUE, ()),
    (_("Mijn aanmeldingen"), "intake:my_referrals", Perm.REQUEST_STATUS, (Relation.REFERRER,)),
    (_("Sturingsinformatie"), "steering:dashboard", Perm.STEERING_VIEW, ()),
    (_("Geld"), "finance:overview", Perm.FINANCE_VIEW, ()),
    (_("Meldingen"), "notifications:inbox", Perm.HOME_VIEW, ()),
    (_("Regio en teams"), "region:overview", Perm.REGION_VIEW, ()),
    (_("Gebruikers"), "accounts:user_list", Perm.USER_VIEW, ()),
    (_("Achtergrondtaken"), "jobs:list", Perm.JOBS_MANAGE, ()),
    (_("iJw-berichten"), "ijw:overview", Perm.IJW_MANAGE, ()),
    (_("Overstap: koppelingen"), "transition:mapping", Perm.TRANSITION_MAP, ()),
    (_("Overstap: brieven"), "transition:letters", Perm.TRANSITION_LETTERS, ()),
    (_("Overstap: inlezen"), "transition:upload", Perm.TRANSITION_IMPORT, ()),
    (_("Overdracht"), "transition:worklist", Perm.TRANSITION_HANDOVER, (Relation.TEAM_MEMBER,)),
    (_("Noodtoegang"), "emergency:start", Perm.CASE_EMERGENCY, ()),
    (_("Toegangslog"), "audit:log", Perm.ACCESS_LOG_VIEW, ()),
    (_("Noodtoegangen"), "emergency:queue", Perm.EMERGENCY_REVIEW, ()),
    (_("Ongewone toegang"), "audit:unusual", Perm.ACCESS_LOG_VIEW, ()),
    (_("Inzageverzoeken"), "privacy:list", Perm.INZAGE_MANAGE, ()),
    (_("API"), "api-docs", Perm.API_DOCS_VIEW, ()),
    (_("Mijn account"), "accounts:profile", Perm.OWN_ACCOUNT_VIEW, (Relation.SELF,)),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    path = request.path
    for label, name, perm, relations in _ITEMS:
        if not can(user, perm, relations):
            continue
        url = reverse(name)
        active = path == url if url == "/" else path.startswith(url)
        items.append(NavItem(label=label, url=url, active=active))
    return {"nav_items": items}
