"""Reads of the transition app."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple
from uuid import UUID

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jeugdmodel.accounts.access import Perm, Relation, can, require
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.cases.selectors import case_get_for
from jeugdmodel.core.errors import NotFoundOrNotAllowed
from jeugdmodel.families.models import Person
from jeugdmodel.jobs.models import Job
from jeugdmodel.region.models import Team

from .letter_models import FamilyLetter, LetterBatch
from .models import CaseloadImport, HandoverStatus, ProductMapping, ProviderMapping, RunningClient

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User


def provider_mappings(*, user: User) -> QuerySet[ProviderMapping]:
    require(user, Perm.TRANSITION_MAP)
    return ProviderMapping.objects.select_related("organisation").order_by("agb_code")


def product_mappings(*, user: User) -> QuerySet[ProductMapping]:
    require(user, Perm.TRANSITION_MAP)
    return ProductMapping.objects.select_related("help_form").order_by("productcode")


def mapped_keys() -> tuple[dict[str, int], dict[str, int]]:
    """AGB code → new organisation id, and product code → help form id (two queries)."""
    providers = dict(ProviderMapping.objects.values_list("agb_code", "organisation_id"))
    products = dict(ProductMapping.objects.values_list("productcode", "help_form_id"))
    return providers, products


class PersonFacts(NamedTuple):
    """What the dry run compares of a known person."""

    id: int
    bsn: str
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str
    pc4: str
    house_number: str


_FACTS = "id, bsn, given_name, family_name, date_of_birth, postcode, pc4, house_number"
#: Values per ``IN (…)`` on SQLite (old builds allow 999 parameters a statement).
SQLITE_IN_CHUNK = 900


def people_where_in(column: str, values: Sequence[str | date]) -> Iterator[PersonFacts]:
    """Known people whose ``column`` (``bsn`` or ``date_of_birth``) is one of ``values``,
    ordered by id within each chunk. Plain SQL: the ORM prepares every value of an
    ``__in`` list separately, which for the tens of thousands of BSNs of a caseload costs
    more than the query. PostgreSQL takes the whole list as one array parameter."""
    if column not in ("bsn", "date_of_birth"):
        raise ValueError(column)
    quote = connection.ops.quote_name
    table = quote(Person._meta.db_table)
    select = f"SELECT {_FACTS} FROM {table} WHERE "  # noqa: S608  # nosec B608
    on_pg = connection.vendor == "postgresql"
    size = max(len(values), 1) if on_pg else SQLITE_IN_CHUNK
    with connection.cursor() as cursor:
        for i in range(0, len(values), size):
            chunk = list(values[i : i + size])
            if on_pg:
                cursor.execute(f"{select}{quote(column)} = ANY(%s) ORDER BY id", [chunk])
            else:
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"{select}{quote(column)} IN ({marks}) ORDER BY id", chunk)
            for row in cursor.fetchall():
                born = row[4] if isinstance(row[4], date) else date.fromisoformat(row[4])
                yield PersonFacts(row[0], row[1], row[2], row[3], born, *row[5:])


def letter_batches_visible_to(*, user: User) -> QuerySet[LetterBatch]:
    require(user, Perm.TRANSITION_LETTERS)
    return LetterBatch.objects.select_related("template", "requested_by").order_by(
        "-created_at", "-id"
    )


def letter_batch_get_for(*, user: User, public_id: UUID | str) -> LetterBatch:
    """One batch (no personal data on it: counts and the job). Not found and not allowed
    are the same."""
    batch = letter_batches_visible_to(user=user).filter(public_id=public_id).first()
    if batch is None:
        raise NotFoundOrNotAllowed()
    return batch


def letter_archive_for(*, user: User, public_id: UUID | str) -> LetterBatch:
    """The batch whose zip is downloaded: written to the access log as an export with every
    child the letters are about."""
    batch = letter_batch_get_for(user=user, public_id=public_id)
    if not batch.archive:
        raise NotFoundOrNotAllowed()
    families = batch.letters.values_list("family_id", flat=True)
    access_log_write(
        actor=user,
        action=AccessAction.EXPORT,
        record_type="transition.letter_batch",
        record_id=batch.public_id,
        subjects=RunningClient.objects.filter(family_id__in=families)
        .values_list("person_id", flat=True)
        .distinct(),
        event="transition.letters_downloaded",
    )
    return batch


def family_letters(*, family_id: int) -> QuerySet[FamilyLetter]:
    """The letters about the switch sent to a family, newest first (shown on the case page,
    whose read is already in the access log)."""
    return FamilyLetter.objects.filter(family_id=family_id).order_by("-created_at", "-id")


def family_letter_for_case(
    *, user: User, case_id: UUID | str, letter_id: UUID | str
) -> FamilyLetter:
    """A letter opened from the case page: the reader must be allowed to see the case, and
    the letter must belong to the case's family. Written to the access log as an export."""
    case = case_get_for(user=user, public_id=case_id, purpose="brief over de overstap lezen")
    letter = (
        FamilyLetter.objects.select_related("family")
        .filter(public_id=letter_id, family_id=case.family_id)
        .first()
    )
    if letter is None:
        raise NotFoundOrNotAllowed()
    access_log_write(
        actor=user,
        action=AccessAction.EXPORT,
        record_type="transition.family_letter",
        record_id=letter.public_id,
        subjects=RunningClient.objects.filter(family_id=letter.family_id)
        .values_list("person_id", flat=True)
        .distinct(),
        event="transition.letter_downloaded",
    )
    return letter


def caseload_imports(*, user: User, limit: int = 20) -> list[CaseloadImport]:
    """The latest imports: file name, counts and who (no personal data of children)."""
    require(user, Perm.TRANSITION_IMPORT)
    return list(CaseloadImport.objects.select_related("imported_by")[:limit])


def import_job_for(*, user: User, job_id: UUID | str) -> Job:
    """An import job, for the user who started it; anything else is "not found"."""
    require(user, Perm.TRANSITION_IMPORT)
    job = Job.objects.filter(pk=job_id, task_path__endswith=".caseload_import_job").first()
    if job is None or job.kwargs.get("actor_id") != user.pk:
        raise NotFoundOrNotAllowed()
    return job


#: The worklist shows who still has no status, and whose transitional right ends soon.
ENDING_SOON = timedelta(weeks=4)


def team_relations(user: User, team_id: int | None) -> set[Relation]:
    """How the user relates to a team today: member and/or lead."""
    if team_id is None:
        return set()
    from jeugdmodel.accounts.models import TeamRole

    roles = set(
        user.active_memberships().filter(team_id=team_id).values_list("role_in_team", flat=True)
    )
    relations = set()
    if roles:
        relations.add(Relation.TEAM_MEMBER)
    if TeamRole.LEAD in roles:
        relations.add(Relation.TEAM_LEAD)
    return relations


def require_on_client(user: User, perm: Perm, client: RunningClient) -> None:
    require(user, perm, team_relations(user, client.team_id))


def handover_teams_for(user: User) -> list[Team]:
    """The teams whose handover worklist the user may work (empty: none)."""
    team_ids = user.active_team_ids()
    return [
        team
        for team in Team.objects.filter(id__in=team_ids).order_by("name")
        if can(user, Perm.TRANSITION_HANDOVER, team_relations(user, team.pk))
    ]


@dataclass(frozen=True)
class Worklist:
    team: Team
    clients: list[RunningClient]
    counts: dict[str, int]  # status → clients of the team
    unknown: int
    ending_soon: int
    ending_before: date


def handover_worklist(*, user: User, team: Team) -> Worklist:
    """Everyone of the team still unknown or whose transitional right ends within four
    weeks (ending first, then by name), and the team's counts per status."""
    require(user, Perm.TRANSITION_HANDOVER, team_relations(user, team.pk))
    today = timezone.localdate()
    before = today + ENDING_SOON
    mine = RunningClient.objects.filter(team=team)
    open_now = Q(status=HandoverStatus.UNKNOWN) | Q(
        status=HandoverStatus.TRANSITIONAL, transitional_until__lte=before
    )
    clients = list(
        mine.filter(open_now)
        .select_related("new_organisation", "help_form", "case")
        .order_by("transitional_until", "claimed_family_name", "id")[:500]
    )
    counts = dict(mine.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    ending = mine.filter(status=HandoverStatus.TRANSITIONAL, transitional_until__lte=before).count()
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="transition.running_client",
        record_id=team.code,
        subjects=[c.person_id for c in clients],
        event="transition.worklist",
    )
    return Worklist(
        team=team,
        clients=clients,
        counts={status: counts.get(status, 0) for status in HandoverStatus.values},
        unknown=counts.get(HandoverStatus.UNKNOWN, 0),
        ending_soon=ending,
        ending_before=before,
    )


def running_client_get_for(*, user: User, public_id: UUID | str) -> RunningClient:
    """One running client, for a member or lead of its team; else "not found"."""
    client = (
        RunningClient.objects.select_related(
            "team", "family", "person", "case", "new_organisation", "help_form", "new_coordinator"
        )
        .filter(public_id=public_id)
        .first()
    )
    if client is None:
        raise NotFoundOrNotAllowed()
    require_on_client(user, Perm.TRANSITION_HANDOVER, client)
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="transition.running_client",
        record_id=client.public_id,
        subjects=[client.person_id],
        event="transition.client_view",
    )
    return client


STATUS_MEASURE = {
    HandoverStatus.WARM_HANDOVER: "switch_warm",
    HandoverStatus.TRANSITIONAL: "switch_transitional",
    HandoverStatus.CLOSED: "switch_closed",
    HandoverStatus.UNKNOWN: "switch_unknown",
}


def continuity_members(
    *, municipalities: tuple[int, ...], teams: tuple[int, ...], by: str, today: date | None = None
) -> dict[int | None, dict[str, list[int]]]:
    """Per municipality or team (`by`): the running clients (ids) by handover status, and
    those whose help stopped without a handover (see transition/figures.py). The ids let the
    dashboard give each count its cell key; no personal data leaves this function."""
    day = today or timezone.localdate()
    mine = Q(team_id__in=teams) if teams else Q(municipality_id__in=municipalities)
    key = "municipality_id" if by == "municipality" else "team_id"
    out: dict[int | None, dict[str, list[int]]] = {}
    rows = RunningClient.objects.filter(mine).values_list(
        key, "id", "status", "care_end", "transitional_until"
    )
    for place, client_id, status, care_end, transitional_until in rows:
        members = out.setdefault(place, {"switch_clients": [], "switch_stopped": []})
        members["switch_clients"].append(client_id)
        stopped = (
            status == HandoverStatus.UNKNOWN and care_end is not None and care_end < day
        ) or (
            status == HandoverStatus.TRANSITIONAL
            and transitional_until is not None
            and transitional_until < day
        )
        if stopped:
            members["switch_stopped"].append(client_id)
        measure = STATUS_MEASURE.get(status)
        if measure:
            members.setdefault(measure, []).append(client_id)
    return out


def continuity_counts(
    *, municipalities: tuple[int, ...], teams: tuple[int, ...], by: str, today: date | None = None
) -> dict[int | None, dict[str, int]]:
    """`continuity_members` as counts (aggregates only)."""
    members = continuity_members(municipalities=municipalities, teams=teams, by=by, today=today)
    return {place: {m: len(ids) for m, ids in sums.items()} for place, sums in members.items()}
