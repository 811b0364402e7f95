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

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.models import Family, FamilyMember, Person, Relation, Residence
from jeugdmodel.region.models import (
    District,
    Municipality,
    PostcodeArea,
    Team,
    TeamKind,
)
from jeugdmodel.region.selectors import teams_covering_postcode

from ..caseload import CaseloadRecord, CaseloadReport, check_table, known_people
from ..models import CaseloadImport, ImportMode, RunningClient
from ..reading import FileRefused, read_table
from ..selectors import mapped_keys

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
    records = report.records
    places = _Places(report)
    providers, products = mapped_keys()
    known = known_people(records)
    # New children: one person per person key, one family per address.
    new_people: dict[tuple[str, ...], Person] = {}
    first_start: dict[tuple[str, ...], date] = {}
    for record in records:
        key = record.person_key()
        first_start[key] = min(first_start.get(key, record.care_start), record.care_start)
        if key not in known and key not in new_people:
            new_people[key] = Person(
                bsn=record.bsn,
                given_name=record.given_names,
                family_name=record.family_name,
                date_of_birth=record.date_of_birth,
                postcode=record.postcode,
                pc4=record.pc4,
                house_number=record.house_number,
            )
    Person.objects.bulk_create(new_people.values(), batch_size=BATCH)
    progress(_("%(n)d nieuwe kinderen geschreven") % {"n": len(new_people)})
    Residence.objects.bulk_create(
        [
            Residence(
                person=person,
                pc4=person.pc4,
                municipality=_area_municipality(places, person.pc4),
                district=_area_district(places, person.pc4),
                valid_from=min(report.switch_date, first_start[key]),
            )
            for key, person in new_people.items()
        ],
        batch_size=BATCH,
    )
    families = _families(records, known, new_people, report)
    progress(_("%(n)d gezinnen bijgewerkt") % {"n": len({f.pk for f in families.values()})})
    batch = CaseloadImport.objects.create(
        fingerprint=fingerprint,
        file_name=report.file_name[:255],
        file_format=report.file_format,
        mode=ImportMode.GOOD_ROWS if good_rows_only else ImportMode.ALL,
        rows_read=report.rows_read,
        rows_imported=len(records),
        rows_rejected=len(report.rejected_rows),
        new_people=len(new_people),
        known_people=len({k.person_id for k in report.known}),
        imported_by=actor,
    )
    clients = []
    for record in records:
        key = record.person_key()
        person = known.get(key) or new_people[key]
        clients.append(
            RunningClient(
                caseload_import=batch,
                row_number=record.row,
                person=person,
                family=families[key],
                was_known=key in known,
                claimed_given_names=record.given_names,
                claimed_family_name=record.family_name,
                claimed_date_of_birth=record.date_of_birth,
                claimed_postcode=record.postcode,
                claimed_house_number=record.house_number,
                municipality=places.municipalities[record.municipality_code],
                team=places.teams.get(record.pc4),
                provider_agb=record.provider_agb,
                provider_name=record.provider_name,
                productcode=record.productcode,
                product_description=record.product_description,
                new_organisation_id=providers[record.provider_agb],
                help_form_id=products[record.productcode],
                care_start=record.care_start,
                care_end=record.care_end,
                decision_number=record.decision_number,
            )
        )
    RunningClient.objects.bulk_create(clients, batch_size=BATCH)
    progress(_("%(n)d lopende cliënten geschreven") % {"n": len(clients)})
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE,
        record_type="transition.caseload_import",
        record_id=batch.public_id,
        subjects={p.pk for p in known.values()} | {p.pk for p in new_people.values()},
        event="transition.imported",
        details={"rows": len(records), "new": len(new_people), "mode": batch.mode},
    )
    return batch


def _area_municipality(places: _Places, pc4: str) -> Municipality | None:
    area = places.areas.get(pc4)
    return area.municipality if area else None


def _area_district(places: _Places, pc4: str) -> District | None:
    area = places.areas.get(pc4)
    return area.district if area else None


def _families(
    records: list[CaseloadRecord],
    known: dict[tuple[str, ...], Person],
    new_people: dict[tuple[str, ...], Person],
    report: CaseloadReport,
) -> dict[tuple[str, ...], Family]:
    """The family of each child: a known child's current family when it has one, else one
    new family per address (postcode + house number) shared by the children living there."""
    assert report.switch_date is not None
    day = report.switch_date
    known_ids = [p.pk for p in known.values()]
    current: dict[int, Family] = {}
    for i in range(0, len(known_ids), 900):
        memberships = (
            FamilyMember.objects.filter(person_id__in=known_ids[i : i + 900], valid_to__isnull=True)
            .select_related("family")
            .order_by("id")
        )
        for member in memberships:
            current.setdefault(member.person_id, member.family)
    address_of: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for record in records:
        address_of.setdefault(
            record.person_key(), (record.postcode, record.house_number, record.family_name)
        )
    by_address: dict[tuple[str, str], Family] = {}
    families: dict[tuple[str, ...], Family] = {}
    to_create: list[Family] = []
    for key, (postcode, house_number, family_name) in address_of.items():
        person = known.get(key)
        if person is not None and person.pk in current:
            families[key] = current[person.pk]
            continue
        family = by_address.get((postcode, house_number))
        if family is None:
            family = Family(name=f"Gezin {family_name}")
            by_address[(postcode, house_number)] = family
            to_create.append(family)
        families[key] = family
    Family.objects.bulk_create(to_create, batch_size=BATCH)
    members = [
        FamilyMember(
            family=families[key],
            person=known.get(key) or new_people[key],
            relation=Relation.CHILD,
            valid_from=day,
        )
        for key in address_of
        if not (known.get(key) is not None and known[key].pk in current)
    ]
    FamilyMember.objects.bulk_create(members, batch_size=BATCH, ignore_conflicts=False)
    return families
