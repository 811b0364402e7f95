"""Every URL of the project × every role, from one table.

A URL without a row fails `test_every_url_has_a_row`. Refused pages answer exactly like
pages that do not exist (404), so nobody learns that something is there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.care.services import consultation_accept, consultation_ask
from jeugdmodel.cases.models import (
    CaseTeamMember,
    CaseTeamRole,
    EmergencyAccess,
    EmergencyReason,
)
from tests.cases.helpers import Story, new_case
from tests.conftest import verify_second_factor
from tests.factories import TeamFactory, UserFactory
from tests.intake.conftest import mvs as mvs  # the region the per-record walks need
from tests.intake.fixtures_work import professional_in, team

EVERY = frozenset(Role)
CARE = frozenset(
    {
        Role.WIJKTEAM_PROFESSIONAL,
        Role.POH_JEUGD,
        Role.GEZINSSPECIALIST_ONDERWIJS,
        Role.FLEX_SPECIALIST,
        Role.SPECIALIST_CARE,
        Role.TEAM_LEAD,
    }
)
REFERRERS = CARE | {Role.PARTNER, Role.LEGAL_REFERRER}
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@dataclass(frozen=True)
class Row:
    path: Callable[[], str]
    allowed: frozenset[Role]
    ok: int = 200  # status for an allowed role
    refused: int = 404  # status for a role that is not allowed
    anonymous: int = 302  # status without login (302 = to the login page)
    method: str = "get"
    extra: dict[str, object] = field(default_factory=dict)


def only(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


def _team_path() -> str:
    return f"/regio/teams/{TeamFactory().public_id}/"


TABLE: dict[str, Row] = {
    "workspace:home": Row(lambda: "/", EVERY),
    "workspace:health": Row(lambda: "/gezondheid/", EVERY, anonymous=200),
    # Probes and metrics: no login (the test client comes from 127.0.0.1, where /metrics
    # answers without a token outside production; tests/ops/ checks the token).
    "ops:health": Row(lambda: "/gezond", EVERY, anonymous=200),
    "ops:ready": Row(lambda: "/gereed", EVERY, anonymous=200),
    "ops:metrics": Row(lambda: "/metrics", EVERY, anonymous=200),
    # Background jobs: the functional admin (per record: unknown ids answer "not found").
    "jobs:list": Row(lambda: "/beheer/taken/", only(Role.FUNCTIONAL_ADMIN)),
    "jobs:detail": Row(lambda: f"/beheer/taken/{UNKNOWN}/", frozenset(), refused=404),
    # iJw: the overview and resend for the functional admin; a case's messages like the case.
    "ijw:overview": Row(lambda: "/beheer/ijw/", only(Role.FUNCTIONAL_ADMIN)),
    "ijw:resend": Row(
        lambda: f"/beheer/ijw/{UNKNOWN}/opnieuw/", only(Role.FUNCTIONAL_ADMIN), ok=405
    ),
    "ijw:case_messages": Row(lambda: f"/casussen/{UNKNOWN}/berichten/", frozenset(), refused=404),
    "ijw:trajectory_messages": Row(
        lambda: f"/casussen/{UNKNOWN}/trajecten/{UNKNOWN}/berichten/", frozenset(), refused=404
    ),
    "jobs:retry": Row(
        lambda: f"/beheer/taken/{UNKNOWN}/opnieuw/", only(Role.FUNCTIONAL_ADMIN), ok=405
    ),
    # The switch: mapping table and caseload import for the functional admin.
    "transition:mapping": Row(lambda: "/overstap/koppelingen/", only(Role.FUNCTIONAL_ADMIN)),
    "transition:mapping_remove": Row(
        lambda: "/overstap/koppelingen/verwijderen/", only(Role.FUNCTIONAL_ADMIN), ok=405
    ),
    # The letters to families: the functional admin; one letter from the family's case page.
    "transition:letters": Row(lambda: "/overstap/brieven/", only(Role.FUNCTIONAL_ADMIN)),
    "transition:letters_make": Row(
        lambda: "/overstap/brieven/maken/", only(Role.FUNCTIONAL_ADMIN), ok=405
    ),
    "transition:letters_batch": Row(
        lambda: f"/overstap/brieven/{UNKNOWN}/", frozenset(), refused=404
    ),
    "transition:letters_zip": Row(
        lambda: f"/overstap/brieven/{UNKNOWN}/zip/", frozenset(), refused=404
    ),
    "transition:case_letter": Row(
        lambda: f"/overstap/brieven/casus/{UNKNOWN}/{UNKNOWN}/", frozenset(), refused=404
    ),
    "transition:upload": Row(lambda: "/overstap/inlezen/", only(Role.FUNCTIONAL_ADMIN)),
    "transition:report": Row(
        lambda: "/overstap/inlezen/verslag/", only(Role.FUNCTIONAL_ADMIN), ok=302
    ),
    "transition:upload_confirm": Row(
        lambda: "/overstap/inlezen/bevestigen/", only(Role.FUNCTIONAL_ADMIN), ok=405
    ),
    # The handover worklist: members and leads of a wijkteam (their own team's clients).
    "transition:worklist": Row(
        lambda: "/overstap/overdracht/", only(Role.WIJKTEAM_PROFESSIONAL, Role.TEAM_LEAD)
    ),
    "transition:client": Row(lambda: f"/overstap/overdracht/{UNKNOWN}/", frozenset(), refused=404),
    "transition:upload_job": Row(
        lambda: f"/overstap/inlezen/taak/{UNKNOWN}/", frozenset(), refused=404
    ),
    "accounts:login": Row(lambda: "/inloggen/", EVERY, ok=302, anonymous=200),
    "accounts:otp_verify": Row(lambda: "/inloggen/tweede-factor/", EVERY),
    "accounts:otp_setup": Row(lambda: "/tweede-factor/koppelen/", EVERY, ok=302),
    "accounts:logout": Row(lambda: "/uitloggen/", EVERY, method="post", anonymous=302, ok=302),
    "accounts:profile": Row(lambda: "/account/", EVERY),
    "accounts:password_change": Row(lambda: "/account/wachtwoord/", EVERY),
    "accounts:user_list": Row(lambda: "/beheer/gebruikers/", only(Role.FUNCTIONAL_ADMIN)),
    # "Wachtwoord vergeten": open to everyone (the e-mail link carries the proof).
    "accounts:password_reset": Row(lambda: "/wachtwoord-vergeten/", EVERY, anonymous=200),
    "accounts:password_reset_done": Row(
        lambda: "/wachtwoord-vergeten/verstuurd/", EVERY, anonymous=200
    ),
    "accounts:password_reset_confirm": Row(
        lambda: "/wachtwoord-herstellen/MQ/ongeldig-token/", EVERY, anonymous=200
    ),
    "accounts:password_reset_complete": Row(
        lambda: "/wachtwoord-herstellen/klaar/", EVERY, anonymous=200
    ),
    "accounts:second_factor_reset": Row(
        lambda: f"/beheer/gebruikers/{UNKNOWN}/tweede-factor/", frozenset(), refused=404
    ),
    "audit:log": Row(lambda: "/toegangslog/", only(Role.PRIVACY_OFFICER)),
    "audit:export": Row(
        lambda: "/toegangslog/export/", only(Role.PRIVACY_OFFICER), extra={"formaat": "csv"}
    ),
    "audit:unusual": Row(lambda: "/toegangslog/ongewoon/", only(Role.PRIVACY_OFFICER)),
    "region:overview": Row(lambda: "/regio/", EVERY),
    "region:team_detail": Row(_team_path, EVERY),
    "set_language": Row(
        lambda: "/i18n/setlang/",
        EVERY,
        method="post",
        ok=302,
        anonymous=302,
        extra={"language": "en", "next": "/"},
    ),
    # The API documents: functional admin and privacy officer (the access table).
    "api-schema": Row(
        lambda: "/api/v1/schema/",
        only(Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER),
        anonymous=401,
    ),
    "api-docs": Row(lambda: "/api/v1/docs/", only(Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER)),
    "api-region-list": Row(
        lambda: "/api/v1/region/regions/", only(Role.FUNCTIONAL_ADMIN), anonymous=401
    ),
    "api-municipality-list": Row(
        lambda: "/api/v1/region/municipalities/", only(Role.FUNCTIONAL_ADMIN), anonymous=401
    ),
    "api-team-list": Row(
        lambda: "/api/v1/region/teams/", only(Role.FUNCTIONAL_ADMIN), anonymous=401
    ),
    # The front door. Request pages are per record: with an id nobody relates to, every
    # role gets "not found" (record-level rules are tested in tests/intake/).
    "intake:public_form": Row(lambda: "/aanmelden/", EVERY, anonymous=200),
    "intake:receipt": Row(lambda: "/aanmelden/ontvangen/", EVERY, anonymous=200),
    "intake:pro_form": Row(lambda: "/aanmeldingen/nieuw/", REFERRERS),
    "intake:my_referrals": Row(lambda: "/aanmeldingen/mijn/", REFERRERS),
    "intake:worklist": Row(lambda: "/aanmeldingen/werklijst/", only(Role.TEAM_LEAD)),
    "intake:detail": Row(lambda: f"/aanmeldingen/{UNKNOWN}/", frozenset(), refused=404),
    "intake:safety_check": Row(
        lambda: f"/aanmeldingen/{UNKNOWN}/veiligheid/", only(Role.TEAM_LEAD), ok=405
    ),
    "intake:assign": Row(
        lambda: f"/aanmeldingen/{UNKNOWN}/toewijzen/", only(Role.TEAM_LEAD), ok=405
    ),
    "intake:match": Row(
        lambda: f"/aanmeldingen/{UNKNOWN}/personen/1/koppelen/", only(Role.TEAM_LEAD), ok=405
    ),
    "intake:forward": Row(
        lambda: f"/aanmeldingen/{UNKNOWN}/doorsturen/", only(Role.TEAM_LEAD), ok=405
    ),
    "intake:first_contact": Row(lambda: f"/aanmeldingen/{UNKNOWN}/eerste-contact/", CARE, ok=405),
    "intake:close": Row(lambda: f"/aanmeldingen/{UNKNOWN}/afsluiten/", CARE, ok=405),
    "notifications:inbox": Row(lambda: "/meldingen/", EVERY),
    "notifications:mark_read": Row(lambda: "/meldingen/gelezen/", EVERY, method="post", ok=302),
    "api-intake-request-create": Row(
        lambda: "/api/v1/intake/requests/",
        REFERRERS,
        method="post",
        ok=415,  # allowed, but the test client posts a form and the API takes JSON only
        anonymous=401,
    ),
    "api-intake-request-status": Row(
        lambda: "/api/v1/intake/requests/AM-2000-XXXXXX/status/",
        frozenset(),
        refused=404,
        anonymous=401,
    ),
    # The family case and its care (per record: unknown ids answer "not found").
    "cases:list": Row(lambda: "/casussen/", CARE),
    # Emergency access: care roles ask it; the privacy officer reviews it (decision 0077).
    "emergency:start": Row(lambda: "/noodtoegang/", CARE),
    # Inzage: the privacy officer (per request: unknown ids answer "not found"; the real
    # request for every role is walked in tests/privacy/test_access.py).
    "privacy:list": Row(lambda: "/inzage/", only(Role.PRIVACY_OFFICER)),
    "privacy:new": Row(lambda: "/inzage/nieuw/", only(Role.PRIVACY_OFFICER)),
    "privacy:detail": Row(lambda: f"/inzage/{UNKNOWN}/", frozenset(), refused=404),
    "privacy:produce": Row(lambda: f"/inzage/{UNKNOWN}/maken/", only(Role.PRIVACY_OFFICER), ok=405),
    "privacy:pdf": Row(lambda: f"/inzage/{UNKNOWN}/pakket.pdf", frozenset(), refused=404),
    "privacy:json": Row(lambda: f"/inzage/{UNKNOWN}/pakket.json", frozenset(), refused=404),
    "emergency:queue": Row(lambda: "/noodtoegang/beoordelen/", only(Role.PRIVACY_OFFICER)),
    "emergency:review": Row(
        lambda: f"/noodtoegang/{UNKNOWN}/beoordelen/", only(Role.PRIVACY_OFFICER), ok=405
    ),
    "cases:detail": Row(lambda: f"/casussen/{UNKNOWN}/", frozenset(), refused=404),
    "cases:plan": Row(lambda: f"/casussen/{UNKNOWN}/plan/", frozenset(), refused=404),
    "cases:plan_versions": Row(
        lambda: f"/casussen/{UNKNOWN}/plan/versies/", frozenset(), refused=404
    ),
    "cases:plan_version": Row(
        lambda: f"/casussen/{UNKNOWN}/plan/versies/1/", frozenset(), refused=404
    ),
    "cases:journal": Row(lambda: f"/casussen/{UNKNOWN}/journaal/", frozenset(), refused=404),
    "cases:documents": Row(lambda: f"/casussen/{UNKNOWN}/documenten/", frozenset(), refused=404),
    "cases:document_download": Row(
        lambda: f"/casussen/{UNKNOWN}/documenten/{UNKNOWN}/", frozenset(), refused=404
    ),
    "cases:close": Row(lambda: f"/casussen/{UNKNOWN}/afsluiten/", CARE, ok=405),
    "cases:reopen": Row(lambda: f"/casussen/{UNKNOWN}/heropenen/", CARE, ok=405),
    "cases:coordinator_change": Row(lambda: f"/casussen/{UNKNOWN}/regiehouder/", CARE, ok=405),
    "cases:team_add": Row(lambda: f"/casussen/{UNKNOWN}/casusteam/", CARE, ok=405),
    "cases:team_end": Row(
        lambda: f"/casussen/{UNKNOWN}/casusteam/{UNKNOWN}/beeindigen/", CARE, ok=405
    ),
    "cases:adult_link_add": Row(lambda: f"/casussen/{UNKNOWN}/volwassenenzorg/", CARE, ok=405),
    "cases:involvement_add": Row(lambda: f"/casussen/{UNKNOWN}/betrokkenheid/", CARE, ok=405),
    "cases:plan_save": Row(lambda: f"/casussen/{UNKNOWN}/plan/opslaan/", CARE, ok=405),
    "cases:journal_add": Row(lambda: f"/casussen/{UNKNOWN}/journaal/toevoegen/", CARE, ok=405),
    "cases:document_add": Row(lambda: f"/casussen/{UNKNOWN}/documenten/toevoegen/", CARE, ok=405),
    "api-case-list": Row(lambda: "/api/v1/cases/", CARE, anonymous=401),
    "api-case-detail": Row(
        lambda: f"/api/v1/cases/{UNKNOWN}/", frozenset(), refused=404, anonymous=401
    ),
    "api-case-plan": Row(
        lambda: f"/api/v1/cases/{UNKNOWN}/plan/", frozenset(), refused=404, anonymous=401
    ),
    "api-case-journal": Row(
        lambda: f"/api/v1/cases/{UNKNOWN}/journal/", frozenset(), refused=404, anonymous=401
    ),
    "care:trajectories": Row(lambda: f"/casussen/{UNKNOWN}/trajecten/", frozenset(), refused=404),
    "care:trajectory_start": Row(lambda: f"/casussen/{UNKNOWN}/trajecten/starten/", CARE, ok=405),
    "care:trajectory_end": Row(lambda: f"/casussen/{UNKNOWN}/trajecten/beeindigen/", CARE, ok=405),
    "care:step_up": Row(lambda: f"/casussen/{UNKNOWN}/trajecten/opschalen/", CARE, ok=405),
    "care:step_down": Row(lambda: f"/casussen/{UNKNOWN}/trajecten/afschalen/", CARE, ok=405),
    "care:case_consultations": Row(
        lambda: f"/casussen/{UNKNOWN}/consultaties/", frozenset(), refused=404
    ),
    "care:consultation_ask": Row(lambda: f"/casussen/{UNKNOWN}/consultaties/vragen/", CARE, ok=405),
    "care:queue": Row(lambda: "/consultaties/", only(Role.FLEX_SPECIALIST, Role.TEAM_LEAD)),
    "care:consultation_hour": Row(
        lambda: "/consultaties/spreekuur/", only(Role.FLEX_SPECIALIST, Role.TEAM_LEAD)
    ),
    "care:consultation_detail": Row(lambda: f"/consultaties/{UNKNOWN}/", frozenset(), refused=404),
    "care:consultation_accept": Row(
        lambda: f"/consultaties/{UNKNOWN}/aannemen/",
        only(Role.FLEX_SPECIALIST, Role.TEAM_LEAD),
        ok=405,
    ),
    "care:consultation_advise": Row(
        lambda: f"/consultaties/{UNKNOWN}/advies/",
        only(Role.FLEX_SPECIALIST, Role.TEAM_LEAD),
        ok=405,
    ),
    "care:consultation_close": Row(
        lambda: f"/consultaties/{UNKNOWN}/afsluiten/",
        only(Role.FLEX_SPECIALIST, Role.TEAM_LEAD),
        ok=405,
    ),
    "api-care-case-trajectories": Row(
        lambda: f"/api/v1/cases/{UNKNOWN}/trajectories/", frozenset(), refused=404, anonymous=401
    ),
    "steering:dashboard": Row(lambda: "/sturing/", only(Role.MUNICIPALITY, Role.TEAM_LEAD)),
    "steering:export": Row(
        lambda: "/sturing/export/zorg/",
        only(Role.MUNICIPALITY, Role.TEAM_LEAD),
        extra={"formaat": "csv"},
    ),
    "finance:overview": Row(lambda: "/sturing/financien/", only(Role.MUNICIPALITY)),
    "finance:export": Row(
        lambda: "/sturing/financien/export/overzicht/",
        only(Role.MUNICIPALITY),
        extra={"formaat": "csv"},
    ),
    "api-steering-figures": Row(
        lambda: "/api/v1/steering/figures/",
        only(Role.MUNICIPALITY, Role.TEAM_LEAD),
        anonymous=401,
    ),
    "api-steering-definitions": Row(
        lambda: "/api/v1/steering/definitions/",
        only(Role.MUNICIPALITY, Role.TEAM_LEAD),
        anonymous=401,
    ),
    # Council reports (municipality users only; per record: unknown ids answer "not found").
    "reports:list": Row(lambda: "/sturing/raadsrapportage/", only(Role.MUNICIPALITY)),
    "reports:start": Row(
        lambda: "/sturing/raadsrapportage/maken/", only(Role.MUNICIPALITY), ok=405
    ),
    "reports:progress": Row(
        lambda: f"/sturing/raadsrapportage/{UNKNOWN}/", frozenset(), refused=404
    ),
    "reports:retry": Row(
        lambda: f"/sturing/raadsrapportage/{UNKNOWN}/opnieuw/", only(Role.MUNICIPALITY), ok=405
    ),
    "reports:download": Row(
        lambda: f"/sturing/raadsrapportage/{UNKNOWN}/pdf/", frozenset(), refused=404
    ),
    # The admin screens: a sample of their URLs stands for the whole admin site.
    "admin:index": Row(lambda: "/beheer/admin/", only(Role.FUNCTIONAL_ADMIN)),
    "admin:accounts_user_changelist": Row(
        lambda: "/beheer/admin/accounts/user/", only(Role.FUNCTIONAL_ADMIN)
    ),
    "admin:accounts_user_add": Row(
        lambda: "/beheer/admin/accounts/user/add/", only(Role.FUNCTIONAL_ADMIN)
    ),
    "admin:region_team_changelist": Row(
        lambda: "/beheer/admin/region/team/", only(Role.FUNCTIONAL_ADMIN)
    ),
}


def _url_names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= _url_names(p.url_patterns, ns)
        elif p.name:
            names.add(f"{prefix}{p.name}")
        else:
            names.add(f"{prefix}<unnamed {p.pattern}>")
    return names


def test_every_url_has_a_row() -> None:
    names = {n for n in _url_names(get_resolver().url_patterns) if not n.startswith("admin:")}
    missing = sorted(names - TABLE.keys())
    assert not missing, f"URL's zonder rij in de toegangstabel: {missing}"


def _request(client: Client, row: Row) -> int:
    path = row.path()
    send = client.post if row.method == "post" else client.get
    response = send(path, row.extra)
    assert_security_headers(response, path)
    return response.status_code


def assert_security_headers(response: HttpResponse, path: str) -> None:
    """The headers every answer carries, whatever its status, role or kind (page, API,
    file, redirect, refusal)."""
    # No page or API answer may be kept by a browser or proxy (personal data, typed input).
    assert "no-store" in response.get("Cache-Control", ""), path
    csp = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp, (path, csp)
    assert "frame-ancestors 'none'" in csp, (path, csp)
    assert "object-src 'none'" in csp, (path, csp)
    assert "unsafe-inline" not in csp, (path, csp)
    assert "unsafe-eval" not in csp, (path, csp)
    assert response.get("X-Frame-Options") == "DENY", path
    assert response.get("X-Content-Type-Options") == "nosniff", path
    assert response.get("Referrer-Policy") == "same-origin", path
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", path


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TABLE))
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_role_access(
    client: Client, name: str, role: str, make_user: Callable[..., object]
) -> None:
    row = TABLE[name]
    user = make_user(Role(role))
    verify_second_factor(client, user)  # type: ignore[arg-type]
    expected = row.ok if Role(role) in row.allowed else row.refused
    assert _request(client, row) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TABLE))
def test_anonymous_access(client: Client, name: str) -> None:
    row = TABLE[name]
    status = _request(client, row)
    assert status == row.anonymous
    if status == 302 and name not in {"set_language", "accounts:logout"}:
        response = client.get(row.path()) if row.method == "get" else client.post(row.path())
        assert response["Location"].startswith("/inloggen/")


@pytest.mark.django_db
def test_unknown_team_answers_like_a_refused_page(client: Client) -> None:
    user = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value)
    verify_second_factor(client, user)
    missing = client.get("/regio/teams/00000000-0000-0000-0000-000000000000/")
    refused = client.get("/toegangslog/")
    assert missing.status_code == refused.status_code == 404

    # The same page, apart from the bits that name the current path (language switch).
    def main(body: bytes) -> bytes:
        return body[body.index(b"<main") : body.index(b"</main>")]

    assert main(missing.content) == main(refused.content)


@pytest.mark.django_db
def test_logged_in_without_second_factor_reaches_nothing_with_data(client: Client) -> None:
    user = UserFactory(role=Role.PRIVACY_OFFICER.value)
    client.force_login(user)  # password passed, second factor not
    for path in ["/", "/toegangslog/", "/regio/", "/account/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/tweede-factor/koppelen/")
    api = client.get("/api/v1/region/teams/")
    assert api.status_code == 401
    assert api["Content-Type"] == "application/problem+json"


#: The only pages and API calls a municipality user may reach: none of them shows a person.
#: Adding a URL for municipalities means adding it here on purpose, after checking it shows
#: aggregates only.
MUNICIPALITY_PAGES_WITHOUT_PERSONAL_DATA = frozenset(
    {
        # Pages about the user's own account, the public front door, the region's teams
        # and the API documentation: no client appears on them.
        "accounts:profile",
        "accounts:password_change",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "api-docs",
        "api-schema",
        "intake:public_form",
        "intake:receipt",
        "notifications:inbox",
        "notifications:mark_read",
        "region:team_detail",
        "workspace:home",
        "workspace:health",
        "ops:health",
        "ops:ready",
        "ops:metrics",
        "accounts:login",
        "accounts:otp_verify",
        "accounts:otp_setup",
        "accounts:logout",
        "accounts:account",
        "set_language",
        "notifications:list",
        "region:overview",
        "region:team",
        "steering:dashboard",
        "steering:export",
        "api-steering-figures",
        "api-steering-definitions",
        "reports:start",
        "reports:list",
        "reports:progress",
        "reports:download",
        "reports:retry",
        "finance:overview",
        "finance:export",
    }
)


def test_municipality_reaches_no_personal_data() -> None:
    reachable = {name for name, row in TABLE.items() if Role.MUNICIPALITY in row.allowed}
    unexpected = sorted(reachable - MUNICIPALITY_PAGES_WITHOUT_PERSONAL_DATA)
    assert not unexpected, f"een gemeentegebruiker bereikt: {unexpected}"


@pytest.mark.django_db
def test_admin_screens_refuse_changes_to_ones_own_account(
    client: Client, make_user: Callable[..., User]
) -> None:
    """The admin's own account: no password page, no delete; another admin's: yes (the
    rest of the bounds and the access-log rows: tests/accounts/test_admin_power.py)."""
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    colleague = make_user(Role.FUNCTIONAL_ADMIN)
    verify_second_factor(client, admin)
    base = "/beheer/admin/accounts/user/"
    assert client.get(f"{base}{admin.pk}/password/").status_code == 404
    assert client.get(f"{base}{admin.pk}/delete/").status_code in {403, 404}
    assert client.get(f"{base}{colleague.pk}/password/").status_code == 200
    assert client.get(f"{base}{colleague.pk}/delete/").status_code == 200


# -- per record: lists and details answer from the same rule ---------------------------------
#
# Every role × every way a user can relate to a case (none, a membership of the case's team
# as member or as lead, the case team before, during and after the period): the case list
# page, the API list, the case page and the API detail agree, and agree with the table below.

_CASE_TEAM_STATES = ("case_team_now", "case_team_ended", "case_team_future")
#: Who opens the case, per relation. A lead membership counts only for the team-lead role;
#: a case-team period counts only while it runs.
CASE_OPENS: dict[str, frozenset[Role]] = {
    "none": frozenset(),
    "team_member": frozenset(),
    "team_lead_membership": only(Role.TEAM_LEAD),
    "case_team_now": CARE,
    "case_team_ended": frozenset(),
    "case_team_future": frozenset(),
    # Emergency access opens the case to care roles while it runs, never after.
    "emergency_now": CARE,
    "emergency_expired": frozenset(),
}


def _relate(user: User, relation: str, story: Story) -> None:
    today = timezone.localdate()
    case = story.case
    if relation in {"team_member", "team_lead_membership"}:
        TeamMembership.objects.create(
            user=user,
            team=case.team,
            role_in_team=TeamRole.LEAD if relation == "team_lead_membership" else TeamRole.MEMBER,
            valid_from=today - timedelta(days=30),
        )
    periods = {
        "case_team_now": (today - timedelta(days=5), today + timedelta(days=5)),
        "case_team_ended": (today - timedelta(days=30), today - timedelta(days=1)),
        "case_team_future": (today + timedelta(days=1), today + timedelta(days=30)),
    }
    if relation.startswith("emergency_"):
        now = timezone.now()
        ends = now + timedelta(hours=4) if relation == "emergency_now" else now
        EmergencyAccess.objects.create(
            case=case,
            user=user,
            reason=EmergencyReason.CRISIS,
            explanation="Crisisdienst belt: het kind is alleen thuis.",
            starts_at=ends - timedelta(hours=4),
            ends_at=ends,
        )
    if relation in periods:
        start, end = periods[relation]
        CaseTeamMember.objects.create(
            case=case, user=user, role=CaseTeamRole.MEMBER, valid_from=start, valid_to=end
        )


@pytest.mark.django_db
@pytest.mark.usefixtures("mvs")
@pytest.mark.parametrize("relation", sorted(CASE_OPENS))
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_case_list_and_detail_agree(client: Client, role: str, relation: str) -> None:
    story = new_case()
    user = UserFactory(role=role)
    _relate(user, relation, story)
    verify_second_factor(client, user)
    case_id = str(story.case.public_id)
    family = story.case.family.name

    page = client.get("/casussen/")
    in_page_list = page.status_code == 200 and family in page.content.decode()
    api = client.get("/api/v1/cases/", {"status": "all"})
    in_api_list = api.status_code == 200 and case_id in api.content.decode()
    detail_page = client.get(f"/casussen/{case_id}/")
    api_detail_page = client.get(f"/api/v1/cases/{case_id}/")
    for response in (page, api, detail_page, api_detail_page):
        assert "no-store" in response.get("Cache-Control", "")
    detail, api_detail = detail_page.status_code, api_detail_page.status_code

    opens = Role(role) in CASE_OPENS[relation]
    assert (in_page_list, in_api_list, detail, api_detail) == (
        opens,
        opens,
        200 if opens else 404,
        200 if opens else 404,
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("mvs")
def test_consultation_closes_after_the_period(client: Client) -> None:
    """A flex specialist whose case-team period ended no longer opens the consultation
    (child's name, age, question), nor sees it in the queue, nor opens the case."""
    story = new_case()
    specialist = professional_in(team("plusteam"), role=Role.FLEX_SPECIALIST)
    consultation = consultation_ask(
        actor=story.coordinator,
        case=story.case,
        question="Kind is angstig na de verhuizing; hoe begeleiden?",
        flex_team=team("plusteam"),
        wanted_expertise=[],
    )
    consultation_accept(actor=specialist, consultation=consultation)
    verify_second_factor(client, specialist)
    detail = f"/consultaties/{consultation.public_id}/"
    assert client.get(detail).status_code == 200
    assert "angstig" in client.get("/consultaties/").content.decode()

    today = timezone.localdate()
    CaseTeamMember.objects.filter(pk=consultation.membership_id).update(
        valid_from=today - timedelta(days=42), valid_to=today - timedelta(days=1)
    )
    assert client.get(detail).status_code == 404
    assert client.post(detail + "advies/", {"advise-advice": "Nog dit."}).status_code == 404
    assert "angstig" not in client.get("/consultaties/").content.decode()
    assert client.get(f"/casussen/{story.case.public_id}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TABLE))
def test_hsts_on_every_url_in_production(
    client: Client, name: str, make_user: Callable[..., object], settings: object
) -> None:
    """Production's transport settings (HSTS for a year, subdomains, preload) reach every
    answer over HTTPS, for a role that may open the URL and for a visitor without login."""
    settings.SECURE_HSTS_SECONDS = 31_536_000  # production's default, see test_settings  # type: ignore[attr-defined]
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True  # type: ignore[attr-defined]
    settings.SECURE_HSTS_PRELOAD = True  # type: ignore[attr-defined]
    row = TABLE[name]
    clients = [Client()]
    if row.allowed:
        signed_in = Client()
        user = make_user(sorted(row.allowed, key=lambda r: r.value)[0])
        verify_second_factor(signed_in, user)  # type: ignore[arg-type]
        clients.append(signed_in)
    for each in clients:
        path = row.path()
        send = each.post if row.method == "post" else each.get
        response = send(path, row.extra, secure=True)
        assert_security_headers(response, path)
        assert response.get("Strict-Transport-Security") == (
            "max-age=31536000; includeSubDomains; preload"
        ), path
