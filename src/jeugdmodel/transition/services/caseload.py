"""The caseload import: dry run (report only) and the real import, all or nothing.

``caseload_dry_run`` reads and checks a file and writes nothing. ``caseload_import`` checks
it again the same way and then writes everything in one transaction: new children (with
their residence and a family per address), the running clients, and one access-log row.
It refuses while a provider or product is not mapped, and refuses a file with a rejected
row unless ``good_rows_only`` is chosen. A crash or a killed process leaves nothing: the
transaction is only committed at the end. A known person is never changed: what the file
says about them is kept on the running client as a claim.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.models import Family, FamilyMember, Person, Relation, Residence
from jeugdmodel.region.models import (
    Municipality,
    PostcodeArea,
    Team,
    TeamKind,
)
from jeugdmodel.region.selectors import teams_covering_postcode

from ..caseload import CHUNK, CaseloadRecord, CaseloadReport, check_table
from ..models import CaseloadImport, ImportMode, RunningClient
from ..reading import FileRefused, read_table
from ..selectors import mapped_keys
from .rows import insert_rows, insert_rows_with_ids

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User

#: Rows per INSERT statement.
BATCH = 1000


class CaseloadRefused(DomainError):
    """The import was refused; ``report`` says why. Nothing was written."""

    def __init__(self, message: str, report: CaseloadReport | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class ImportResult:
    caseload_import: CaseloadImport
    report: CaseloadReport


def caseload_report(*, data: bytes, file_name: str) -> CaseloadReport:
    """Read and check a file; a file that cannot be read gives a report with file errors."""
    try:
        table = read_table(data, file_name)
        return check_table(table, file_name)
    except FileRefused as exc:
        return CaseloadReport(file_name=file_name, file_errors=[str(exc)])


def caseload_dry_run(*, actor: User | None, data: bytes, file_name: str) -> CaseloadReport:
    """The report of what an import would do. Stores nothing but the access-log row for the
    known children it shows."""
    if actor is not None:
        require(actor, Perm.TRANSITION_IMPORT)
    report = caseload_report(data=data, file_name=file_name)
    if report.known:
        access_log_write(
            actor=actor,
            action=AccessAction.READ,
            record_type="transition.caseload",
            record_id=_fingerprint(data)[:16],
            subjects=[k.person_id for k in report.known],
            event="transition.dry_run",
        )
    return report


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def caseload_import(
    *,
    actor: User | None,
    data: bytes,
    file_name: str,
    good_rows_only: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import the file's running caseload, all or nothing (see the module's text)."""
    if actor is not None:
        require(actor, Perm.TRANSITION_IMPORT)
    report = caseload_report(data=data, file_name=file_name)
    if report.file_errors:
        raise CaseloadRefused(report.file_errors[0], report)
    if report.has_unmapped:
        raise CaseloadRefused(
            _("Nog niet alles is gekoppeld: %(list)s. Koppel eerst, dan kan de import.")
            % {"list": _unmapped_text(report)},
            report,
        )
    if report.rejected and not good_rows_only:
        raise CaseloadRefused(
            _(
                "%(n)d rij(en) zijn afgewezen (rij %(rows)s); er is niets ingelezen. "
                "Verbeter het bestand, of kies uitdrukkelijk 'alleen de goede rijen inlezen'."
            )
            % {"n": len(report.rejected_rows), "rows": _rows_text(report.rejected_rows)},
            report,
        )
    if not report.records:
        raise CaseloadRefused(_("Er is geen goede rij om in te lezen."), report)
    fingerprint = _fingerprint(data)
    if CaseloadImport.objects.filter(fingerprint=fingerprint).exists():
        raise CaseloadRefused(_("Dit bestand is al ingelezen."), report)
    try:
        with transaction.atomic():
            batch = _write(actor, report, fingerprint, good_rows_only, progress or _silent)
    except IntegrityError as exc:  # the same file imported at the same moment (double click)
        raise CaseloadRefused(_("Dit bestand is al ingelezen."), report) from exc
    return ImportResult(batch, report)


def _silent(_message: str) -> None:
    return None


def _rows_text(rows: list[int], limit: int = 20) -> str:
    text = ", ".join(str(r) for r in rows[:limit])
    return text + (" …" if len(rows) > limit else "")


def _unmapped_text(report: CaseloadReport) -> str:
    parts = [_("aanbieder %(code)s (%(name)s)") % vars(t) for t in report.providers_to_map]
    parts += [_("product %(code)s (%(name)s)") % vars(t) for t in report.products_to_map]
    return ", ".join(parts)


class _Places:
    """Municipality and wijkteam per postcode area, read once per import."""

    def __init__(self, report: CaseloadReport) -> None:
        assert report.switch_date is not None
        day = report.switch_date
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        pc4s = sorted({r.pc4 for r in report.records})
        self.areas = {
            a.pc4: a
            for a in PostcodeArea.objects.filter(pc4__in=pc4s, valid_from__lte=day)
            .exclude(valid_to__lt=day)
            .select_related("municipality", "district")
        }
        self.teams: dict[str, Team | None] = {
            pc4: teams_covering_postcode(pc4, day, kind=TeamKind.WIJKTEAM).order_by("code").first()
            for pc4 in pc4s
        }


def _write(
    actor: User | None,
    report: CaseloadReport,
    fingerprint: str,
    good_rows_only: bool,
    progress: Callable[[str], None],
) -> CaseloadImport:
    assert report.switch_date is not None
    day = report.switch_date
    records = report.records
    places = _Places(report)
    providers, products = mapped_keys()
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    # Dates as the database takes them, converted once per distinct date (a caseload
    # repeats the same dates thousands of times).
    as_day = functools.lru_cache(maxsize=None)(ops.adapt_datefield_value)
    _sqlite_cache_for_bulk()
    # Who is known: the dry run's one look-up pass, by row.
    known_by_row = {k.row: k.person_id for k in report.known}
    keys = [record.person_key() for record in records]
    person_ids: dict[tuple[str, ...], int] = {}
    known_keys: set[tuple[str, ...]] = set()
    first: dict[tuple[str, ...], CaseloadRecord] = {}
    first_start: dict[tuple[str, ...], date] = {}
    for key, record in zip(keys, records, strict=True):
        if key not in first:
            first[key] = record
            first_start[key] = record.care_start
        elif record.care_start < first_start[key]:
            first_start[key] = record.care_start
        if record.row in known_by_row:
            person_ids[key] = known_by_row[record.row]
            known_keys.add(key)
    new_keys = [key for key in first if key not in known_keys]
    # New children: one person per person key.
    new_ids = insert_rows_with_ids(
        Person,
        (
            "bsn",
            "given_name",
            "family_name",
            "date_of_birth",
            "postcode",
            "pc4",
            "house_number",
            "created_at",
        ),
        [
            (
                r.bsn,
                r.given_names,
                r.family_name,
                as_day(r.date_of_birth),
                r.postcode,
                r.postcode[:4],
                r.house_number,
                now,
            )
            for r in (first[key] for key in new_keys)
        ],
    )
    person_ids.update(zip(new_keys, new_ids, strict=True))
    progress(_("%(n)d nieuwe kinderen geschreven") % {"n": len(new_keys)})
    area_ids = {pc4: (area.municipality_id, area.district_id) for pc4, area in places.areas.items()}
    no_area = (None, None)
    insert_rows(
        Residence,
        ("person_id", "pc4", "municipality_id", "district_id", "valid_from"),
        (
            (
                person_ids[key],
                pc4,
                *area_ids.get(pc4, no_area),
                as_day(min(day, first_start[key])),
            )
            for key in new_keys
            for pc4 in (first[key].postcode[:4],)
        ),
    )
    family_ids = _families(first, person_ids, known_keys, as_day(day), now)
    progress(_("%(n)d gezinnen bijgewerkt") % {"n": len(set(family_ids.values()))})
    team_ids = {pc4: team.pk for pc4, team in places.teams.items() if team is not None}
    municipality_ids = {code: m.pk for code, m in places.municipalities.items()}
    batch = CaseloadImport.objects.create(
        fingerprint=fingerprint,
        file_name=report.file_name[:255],
        file_format=report.file_format,
        mode=ImportMode.GOOD_ROWS if good_rows_only else ImportMode.ALL,
        rows_read=report.rows_read,
        rows_imported=len(records),
        rows_rejected=len(report.rejected_rows),
        new_people=len(new_keys),
        known_people=len(known_keys),
        imported_by=actor,
    )
    written = insert_rows(
        RunningClient,
        (
            "caseload_import_id",
            "row_number",
            "person_id",
            "family_id",
            "was_known",
            "claimed_given_names",
            "claimed_family_name",
            "claimed_date_of_birth",
            "claimed_postcode",
            "claimed_house_number",
            "municipality_id",
            "team_id",
            "provider_agb",
            "provider_name",
            "productcode",
            "product_description",
            "new_organisation_id",
            "help_form_id",
            "care_start",
            "care_end",
            "decision_number",
        ),
        (
            (
                batch.pk,
                r.row,
                person_ids[key],
                family_ids[key],
                key in known_keys,
                r.given_names,
                r.family_name,
                as_day(r.date_of_birth),
                r.postcode,
                r.house_number,
                municipality_ids[r.municipality_code],
                team_ids.get(r.postcode[:4]),
                r.provider_agb,
                r.provider_name,
                r.productcode,
                r.product_description,
                providers[r.provider_agb],
                products[r.productcode],
                as_day(r.care_start),
                as_day(r.care_end) if r.care_end else None,
                r.decision_number,
            )
            for key, r in zip(keys, records, strict=True)
        ),
    )
    progress(_("%(n)d lopende cliënten geschreven") % {"n": written})
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE,
        record_type="transition.caseload_import",
        record_id=batch.public_id,
        subjects=set(person_ids.values()),
        event="transition.imported",
        details={"rows": len(records), "new": len(new_keys), "mode": batch.mode},
    )
    return batch


#: SQLite page cache for the import's connection (KiB, negative in the PRAGMA): the
#: default 2 MB makes every index of every table spill while tens of thousands of rows
#: go in; 64 MB keeps them in memory. PostgreSQL has its own shared buffers.
SQLITE_BULK_CACHE_KIB = 65536


def _sqlite_cache_for_bulk() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")


def _families(
    first: dict[tuple[str, ...], CaseloadRecord],
    person_ids: dict[tuple[str, ...], int],
    known_keys: set[tuple[str, ...]],
    day: object,
    now: object,
) -> dict[tuple[str, ...], int]:
    """The family of each child: a known child's current family when it has one, else one
    new family per address (postcode + house number) shared by the children living there.
    ``day`` and ``now`` come as the database takes them."""
    known_ids = [person_ids[key] for key in known_keys]
    current: dict[int, int] = {}
    for i in range(0, len(known_ids), CHUNK):
        memberships = (
            FamilyMember.objects.filter(
                person_id__in=known_ids[i : i + CHUNK], valid_to__isnull=True
            )
            .order_by("id")
            .values_list("person_id", "family_id")
        )
        for person_id, family_id in memberships:
            current.setdefault(person_id, family_id)
    family_ids: dict[tuple[str, ...], int] = {}
    joining: list[tuple[str, ...]] = []
    address_slot: dict[tuple[str, str], int] = {}
    new_names: list[tuple[str, object]] = []
    slot_of: dict[tuple[str, ...], int] = {}
    for key, record in first.items():
        if person_ids[key] in current:
            family_ids[key] = current[person_ids[key]]
            continue
        joining.append(key)
        address = (record.postcode, record.house_number)
        if address not in address_slot:
            address_slot[address] = len(new_names)
            new_names.append((f"Gezin {record.family_name}"[:200], now))
        slot_of[key] = address_slot[address]
    ids = insert_rows_with_ids(Family, ("name", "created_at"), new_names)
    for key in joining:
        family_ids[key] = ids[slot_of[key]]
    insert_rows(
        FamilyMember,
        ("family_id", "person_id", "relation", "valid_from"),
        ((family_ids[key], person_ids[key], Relation.CHILD.value, day) for key in joining),
    )
    return family_ids
