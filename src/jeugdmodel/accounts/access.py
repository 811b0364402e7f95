"""The one access rule table: role × relationship to the record → allowed.

Every page, API endpoint and selector asks `can()` / `require()` here. A rule names the
relationships that grant it per role; `ANYONE` means the role needs no relationship to the
record (reference data, or a role-wide task such as reviewing the access log).

Records are reached through `*_visible_to` / `*_get_for` selectors, which compute the
relationships of a user to a record and call `require()`. "Not found" and "not allowed"
raise the same error, so nobody learns that a record exists.

`manage.py access_table` prints this table as Markdown; docs/access.md is that output and
a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from jeugdmodel.core.errors import NotAllowed

from .roles import CARE_ROLES, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


class Relation(StrEnum):
    """How a user relates to a record."""

    ANYONE = "anyone"  # no relationship needed
    SELF = "self"  # the record is the user's own account
    TEAM_MEMBER = "team_member"  # the record belongs to a team the user is an active member of
    TEAM_LEAD = "team_lead"  # the user leads the record's team
    ASSIGNED = "assigned"  # the user is the professional assigned to (or coordinating) it
    REFERRER = "referrer"  # the user referred the request
    COORDINATOR = "coordinator"  # the user is the case's coordinator (regiehouder) now
    CASE_TEAM = "case_team"  # the user is in the case team today (within their period)
    EMERGENCY = "emergency"  # the user broke the glass for the case and it has not expired


class Perm(StrEnum):
    """What can be done. Named `<record>.<verb>`."""

    HOME_VIEW = "home.view"
    OWN_ACCOUNT_VIEW = "own_account.view"
    REGION_VIEW = "region.view"
    REGION_API = "region.api"
    USER_VIEW = "user.view"
    ACCESS_LOG_VIEW = "access_log.view"
    API_DOCS_VIEW = "api_docs.view"
    ADMIN_SITE = "admin_site.use"
    REQUEST_CREATE = "request.create"
    REQUEST_WORKLIST = "request.worklist"
    REQUEST_VIEW = "request.view"
    REQUEST_TRIAGE = "request.triage"
    REQUEST_PROGRESS = "request.progress"
    REQUEST_STATUS = "request.status"
    CASE_LIST = "case.list"
    CASE_VIEW = "case.view"
    CASE_EDIT = "case.edit"
    CASE_MANAGE = "case.manage"
    CASE_EMERGENCY = "case.emergency"
    EMERGENCY_REVIEW = "emergency.review"
    INZAGE_MANAGE = "inzage.manage"
    CONSULTATION_ASK = "consultation.ask"
    CONSULTATION_QUEUE = "consultation.queue"
    CONSULTATION_ANSWER = "consultation.answer"
    STEERING_VIEW = "steering.view"
    STEERING_EXPORT = "steering.export"
    STEERING_API = "steering.api"
    STEERING_REPORT = "steering.report"
    FINANCE_VIEW = "finance.view"
    JOBS_MANAGE = "jobs.manage"
    IJW_MANAGE = "ijw.manage"
    TRANSITION_MAP = "transition.map"
    TRANSITION_IMPORT = "transition.import"
    TRANSITION_LETTERS = "transition.letters"
    TRANSITION_HANDOVER = "transition.handover"


PERM_LABELS: Mapping[Perm, object] = {
    Perm.HOME_VIEW: _("eigen startpagina zien"),
    Perm.OWN_ACCOUNT_VIEW: _("eigen account en teams zien"),
    Perm.REGION_VIEW: _("regio, gemeenten, wijken en teams zien (geen persoonsgegevens)"),
    Perm.REGION_API: _("regio-API lezen (systeemkoppelingen)"),
    Perm.USER_VIEW: _("gebruikers en teamlidmaatschappen beheren"),
    Perm.ACCESS_LOG_VIEW: _("toegangslog inzien en controleren"),
    Perm.API_DOCS_VIEW: _("API-documentatie lezen"),
    Perm.ADMIN_SITE: _("beheerschermen voor regio, gebruikers en teams"),
    Perm.REQUEST_CREATE: _("een aanmelding doen (als professional of partner)"),
    Perm.REQUEST_WORKLIST: _("de werklijst van aanmeldingen van het eigen team zien"),
    Perm.REQUEST_VIEW: _("een aanmelding met persoonsgegevens inzien"),
    Perm.REQUEST_TRIAGE: _("aanmelding beoordelen, toewijzen, doorsturen, veiligheid checken"),
    Perm.REQUEST_PROGRESS: _("eerste contact en afsluiting van een aanmelding vastleggen"),
    Perm.REQUEST_STATUS: _("de status van de eigen aanmeldingen zien"),
    Perm.CASE_LIST: _("de lijst van eigen casussen zien"),
    Perm.CASE_VIEW: _("een casus met plan, journaal, documenten en trajecten inzien"),
    Perm.CASE_EDIT: _("plan, journaal, documenten en trajecten van een casus bijwerken"),
    Perm.CASE_MANAGE: _("casus afsluiten of heropenen, regiehouder en casusteam wijzigen"),
    Perm.CASE_EMERGENCY: _(
        "noodtoegang vragen tot een casus buiten het eigen casusteam (met reden en toelichting; "
        "tijdelijk en alleen inzien)"
    ),
    Perm.EMERGENCY_REVIEW: _("noodtoegangen beoordelen: goedkeuren of markeren met een notitie"),
    Perm.INZAGE_MANAGE: _(
        "inzageverzoeken vastleggen, het inzagepakket laten maken en downloaden (met "
        "persoonsgegevens van de betrokkene)"
    ),
    Perm.CONSULTATION_ASK: _("het flexibel netwerk om consultatie vragen"),
    Perm.CONSULTATION_QUEUE: _("de wachtrij en het spreekuur van het flexibel netwerk zien"),
    Perm.CONSULTATION_ANSWER: _("een consultatie aannemen, adviseren en afsluiten"),
    Perm.STEERING_VIEW: _(
        "sturingsdashboard zien: alleen geaggregeerde cijfers, kleine aantallen verstoord "
        "(teamleider: alleen het eigen team)"
    ),
    Perm.STEERING_EXPORT: _("tabellen van het dashboard downloaden (CSV, Excel)"),
    Perm.STEERING_API: _("sturingscijfers via de API lezen (geaggregeerd)"),
    Perm.STEERING_REPORT: _("de kwartaalrapportage voor de raad maken (PDF, ODT)"),
    Perm.FINANCE_VIEW: _("budgetten, kosten en prognose zien (geen persoonsgegevens)"),
    Perm.JOBS_MANAGE: _("achtergrondtaken en geplande runs zien, mislukte taken opnieuw starten"),
    Perm.IJW_MANAGE: _(
        "iJw-berichten die wachten, mislukt of afgekeurd zijn zien (zonder inhoud) en opnieuw "
        "versturen"
    ),
    Perm.TRANSITION_MAP: _(
        "oude aanbieders en producten koppelen aan nieuwe organisaties en hulpvormen "
        "(geen persoonsgegevens)"
    ),
    Perm.TRANSITION_IMPORT: _(
        "lopende zorg van oude aanbieders inlezen (proefrun en import, met persoonsgegevens)"
    ),
    Perm.TRANSITION_LETTERS: _(
        "de brief over de overstap aan gezinnen opstellen, in bulk maken en downloaden "
        "(met persoonsgegevens)"
    ),
    Perm.TRANSITION_HANDOVER: _(
        "overdrachtswerklijst van het eigen team: overdrachtsstatus zetten, casus openen of "
        "koppelen"
    ),
}

#: What each relation means, for docs/access.md.
RELATION_LABELS: Mapping[Relation, str] = {
    Relation.ANYONE: "geen relatie nodig",
    Relation.SELF: "het eigen account",
    Relation.TEAM_MEMBER: "actief lid van het team van het gegeven (consultatie: alleen zolang "
    "die op een specialist wacht)",
    Relation.TEAM_LEAD: "actief teamleiderslidmaatschap van het team van het gegeven",
    Relation.ASSIGNED: "toegewezen professional; bij een consultatie de specialist die haar "
    "aannam, tot het einde van diens periode in het casusteam",
    Relation.REFERRER: "heeft de aanmelding gedaan",
    Relation.COORDINATOR: "is nu regiehouder van de casus",
    Relation.CASE_TEAM: "zit vandaag in het casusteam (binnen de eigen periode)",
    Relation.EMERGENCY: "heeft noodtoegang tot de casus gevraagd (reden en toelichting) en die "
    "is nog niet verlopen (standaard 4 uur); elke inzage staat als noodtoegang in het log",
}

_ALL = frozenset({Relation.ANYONE})
_EVERY_ROLE: dict[Role, frozenset[Relation]] = dict.fromkeys(Role, _ALL)

ACCESS_RULES: dict[Perm, dict[Role, frozenset[Relation]]] = {
    Perm.HOME_VIEW: dict(_EVERY_ROLE),
    Perm.OWN_ACCOUNT_VIEW: {role: frozenset({Relation.SELF}) for role in Role},
    Perm.REGION_VIEW: dict(_EVERY_ROLE),
    Perm.REGION_API: {Role.FUNCTIONAL_ADMIN: _ALL},
    Perm.USER_VIEW: {Role.FUNCTIONAL_ADMIN: _ALL},
    Perm.ACCESS_LOG_VIEW: {Role.PRIVACY_OFFICER: _ALL},
    Perm.API_DOCS_VIEW: {Role.FUNCTIONAL_ADMIN: _ALL, Role.PRIVACY_OFFICER: _ALL},
    Perm.ADMIN_SITE: {Role.FUNCTIONAL_ADMIN: _ALL},
    Perm.REQUEST_CREATE: dict.fromkeys((*CARE_ROLES, Role.PARTNER, Role.LEGAL_REFERRER), _ALL),
    Perm.REQUEST_WORKLIST: {Role.TEAM_LEAD: _ALL},
    Perm.REQUEST_VIEW: {
        **{role: frozenset({Relation.ASSIGNED}) for role in CARE_ROLES},
        Role.TEAM_LEAD: frozenset({Relation.TEAM_LEAD, Relation.ASSIGNED}),
    },
    Perm.REQUEST_TRIAGE: {Role.TEAM_LEAD: frozenset({Relation.TEAM_LEAD})},
    Perm.REQUEST_PROGRESS: {role: frozenset({Relation.ASSIGNED}) for role in CARE_ROLES},
    Perm.REQUEST_STATUS: {
        role: frozenset({Relation.REFERRER})
        for role in (*CARE_ROLES, Role.PARTNER, Role.LEGAL_REFERRER)
    },
    Perm.CASE_LIST: dict.fromkeys(CARE_ROLES, _ALL),
    # Emergency access (decision 0077) opens a case for reading only, for care roles.
    Perm.CASE_VIEW: {
        **dict.fromkeys(
            CARE_ROLES, frozenset({Relation.COORDINATOR, Relation.CASE_TEAM, Relation.EMERGENCY})
        ),
        Role.TEAM_LEAD: frozenset(
            {Relation.TEAM_LEAD, Relation.COORDINATOR, Relation.CASE_TEAM, Relation.EMERGENCY}
        ),
    },
    Perm.CASE_EDIT: dict.fromkeys(
        CARE_ROLES, frozenset({Relation.COORDINATOR, Relation.CASE_TEAM})
    ),
    Perm.CASE_MANAGE: {
        **dict.fromkeys(CARE_ROLES, frozenset({Relation.COORDINATOR})),
        Role.TEAM_LEAD: frozenset({Relation.TEAM_LEAD, Relation.COORDINATOR}),
    },
    Perm.CASE_EMERGENCY: dict.fromkeys(CARE_ROLES, _ALL),
    Perm.EMERGENCY_REVIEW: {Role.PRIVACY_OFFICER: _ALL},
    Perm.INZAGE_MANAGE: {Role.PRIVACY_OFFICER: _ALL},
    Perm.CONSULTATION_ASK: dict.fromkeys(
        CARE_ROLES, frozenset({Relation.COORDINATOR, Relation.CASE_TEAM})
    ),
    Perm.CONSULTATION_QUEUE: {Role.FLEX_SPECIALIST: _ALL, Role.TEAM_LEAD: _ALL},
    # Steering shows aggregates only. Municipality users see their region's municipalities;
    # a team lead sees the teams they lead (steering.selectors.steering_scope_for).
    Perm.STEERING_VIEW: {Role.MUNICIPALITY: _ALL, Role.TEAM_LEAD: _ALL},
    Perm.STEERING_EXPORT: {Role.MUNICIPALITY: _ALL, Role.TEAM_LEAD: _ALL},
    Perm.STEERING_API: {Role.MUNICIPALITY: _ALL, Role.TEAM_LEAD: _ALL},
    Perm.STEERING_REPORT: {Role.MUNICIPALITY: _ALL},
    Perm.FINANCE_VIEW: {Role.MUNICIPALITY: _ALL},
    Perm.CONSULTATION_ANSWER: {
        Role.FLEX_SPECIALIST: frozenset({Relation.TEAM_MEMBER, Relation.ASSIGNED}),
        Role.TEAM_LEAD: frozenset({Relation.TEAM_LEAD}),
    },
    # Jobs hold ids, never case content (jobs/models.py).
    Perm.JOBS_MANAGE: {Role.FUNCTIONAL_ADMIN: _ALL},
    # The overview shows type, parties, state and reason; the content (BSN, name) only on
    # the case pages (case.view).
    Perm.IJW_MANAGE: {Role.FUNCTIONAL_ADMIN: _ALL},
    # The switch: the functional admin keeps the mapping table and runs the caseload import.
    Perm.TRANSITION_MAP: {Role.FUNCTIONAL_ADMIN: _ALL},
    Perm.TRANSITION_IMPORT: {Role.FUNCTIONAL_ADMIN: _ALL},
    Perm.TRANSITION_LETTERS: {Role.FUNCTIONAL_ADMIN: _ALL},
    # The handover worklist is per wijkteam: its members and its lead work their own team's
    # running clients.
    Perm.TRANSITION_HANDOVER: {
        Role.WIJKTEAM_PROFESSIONAL: frozenset({Relation.TEAM_MEMBER}),
        Role.TEAM_LEAD: frozenset({Relation.TEAM_LEAD, Relation.TEAM_MEMBER}),
    },
}


def _role_of(user: User | AnonymousUser | None) -> Role | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user.role_enum


def can(
    user: User | AnonymousUser | None,
    perm: Perm,
    relations: Iterable[Relation] = (),
) -> bool:
    """True when the user's role is granted `perm` through any of `relations` (or ANYONE)."""
    role = _role_of(user)
    if role is None:
        return False
    granted = ACCESS_RULES[perm].get(role, frozenset())
    if Relation.ANYONE in granted:
        return True
    return bool(granted.intersection(relations))


def granted_relations(user: User | AnonymousUser | None, perm: Perm) -> frozenset[Relation]:
    """The relations through which the user's role is granted `perm` (may hold ANYONE;
    empty: never). Lists build their filter from this, so a list shows exactly the records
    whose detail page opens: the same rule answers both."""
    role = _role_of(user)
    if role is None:
        return frozenset()
    return ACCESS_RULES[perm].get(role, frozenset())


def require(
    user: User | AnonymousUser | None,
    perm: Perm,
    relations: Iterable[Relation] = (),
) -> None:
    """Raise NotAllowed (answered as "not found") unless `can()`."""
    if not can(user, perm, relations):
        raise NotAllowed()


def access_table_markdown() -> str:
    """The rule table as Markdown (docs/access.md)."""
    roles = list(Role)
    lines = [
        "# Toegangstabel",
        "",
        "Gegenereerd met `manage.py access_table` uit `src/jeugdmodel/accounts/access.py`;",
        "een test houdt dit bestand gelijk aan de code. Een cel noemt de relatie tot het",
        "gegeven die toegang geeft (`anyone`: geen relatie nodig); leeg is geen toegang.",
        "",
        "| recht | omschrijving | " + " | ".join(r.value for r in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for perm in Perm:
        cells = []
        for role in roles:
            rels = ACCESS_RULES[perm].get(role, frozenset())
            cells.append(", ".join(sorted(r.value for r in rels)))
        lines.append(f"| `{perm.value}` | {PERM_LABELS[perm]} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Relaties",
        "",
        "Een relatie telt alleen op de dag zelf: een lidmaatschap of casusteamperiode die",
        "voorbij is (of nog niet begonnen) geeft niets. Lijsten, zoekresultaten, de API en",
        "detailpagina's vragen dezelfde regel (`granted_relations`): een lijst toont precies",
        "de gegevens waarvan de detailpagina opengaat. Een relatie geeft alleen toegang aan",
        "de rollen die in de tabel bij die relatie staan: een teamleiderslidmaatschap geeft",
        "een rol die geen teamleider is niets.",
        "",
        "| relatie | betekenis |",
        "|---|---|",
    ]
    lines += [f"| `{rel.value}` | {RELATION_LABELS[rel]} |" for rel in Relation]
    lines += ["", "## Beheerschermen", ""]
    lines += [f"- {rule}" for rule in ADMIN_RULES]
    lines += [
        "",
        "## Zonder inloggen",
        "",
        "| adres | wat | bescherming |",
        "|---|---|---|",
    ]
    lines += [f"| `{path}` | {what} | {how} |" for path, what, how in PUBLIC_ENDPOINTS]
    return "\n".join(lines) + "\n"


#: The bounds of the admin screens (`admin_site.use`), decision 0030. Listed in docs/access.md.
ADMIN_RULES: list[str] = [
    "Rol, organisatie, gemeente, status en teams van het eigen account zijn alleen-lezen; "
    "het eigen wachtwoord wijzigt een beheerder op `/account/wachtwoord/` (met het huidige).",
    "Staff en de rechten in de beheerschermen volgen uit de rol; superuser, groepen en losse "
    "rechten staan niet in het scherm.",
    "Een wachtwoord dat een beheerder instelt (ook bij een nieuw account) moet de gebruiker bij "
    "de volgende login vervangen; de tweede factor wordt opnieuw gekoppeld en alle sessies "
    "van de gebruiker eindigen.",
    "In het toegangslog: `user.create`, `user.role_change`, `user.change`, `user.delete`, "
    "`membership.add/change/delete`, `password.reset_by_admin`, "
    "`second_factor.reset_by_admin`, `second_factor.enrol`, `password.change`, en het "
    "inzien van accounts (`admin.user.list`, `admin.user.view`).",
    "De tweede factor van een ander account wist een functioneel beheerder op "
    "`/beheer/gebruikers/<id>/tweede-factor/` (na bevestiging; het wachtwoord blijft, de "
    "gebruiker koppelt de app opnieuw); de eigen tweede factor niet.",
    "Casusinhoud staat niet in de beheerschermen; regio- en financiële gegevens bevatten geen "
    "persoonsgegevens.",
]

#: Addresses without login (besides the login pages and the public request form): what
#: they show and how they are protected. Listed in docs/access.md.
PUBLIC_ENDPOINTS: list[tuple[str, str, str]] = [
    (
        "/wachtwoord-vergeten/",
        "e-mailadres invullen voor een link om een nieuw wachtwoord te kiezen",
        "zelfde antwoord met of zonder account; de link (eenmalig token van Django) werkt "
        "alleen voor dat account; de tweede factor blijft gevraagd bij het inloggen",
    ),
    (
        "/wachtwoord-herstellen/…/",
        "nieuw wachtwoord kiezen met de link uit de e-mail",
        "alleen met een geldig, ongebruikt token; komt in het toegangslog "
        "(`password.reset_by_email`)",
    ),
    ("/gezond", 'het proces leeft (`{"status": "ok"}`)', "geen gegevens"),
    (
        "/gereed",
        "database, migraties, takenopslag en (productie) Redis bereikbaar",
        "alleen namen van controles en ok/fout, geen persoonsgegevens",
    ),
    (
        "/metrics",
        "Prometheus-metrieken (verzoeken, taken, logins, geplande runs)",
        "bearer-token `JEUGDMODEL_METRICS_TOKEN`; zonder token alleen vanaf deze machine "
        "en nooit in productie",
    ),
]
