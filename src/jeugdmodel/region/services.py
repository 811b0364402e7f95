"""Writes of the region app: loading a region file into the database.

``region_load`` is all-or-nothing and idempotent. Rows are matched on their natural keys
(codes; postcode areas on pc4 + valid_from; neighbours outside the region on pc4 +
municipality code; the region's help forms on code). Rows of the same region that the file
no longer names are removed when nothing else refers to them; otherwise the load is refused
(docs/decisions/0005-region-load-removals.md). Help forms are the exception: one that
trajectories still use is kept but no longer offered (``active`` false), because care
history must keep its help form (docs/decisions/0017-trajectories-and-levels.md).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from .models import (
    District,
    HelpForm,
    IjwProduct,
    Municipality,
    Organisation,
    OutsideRegionArea,
    PostcodeArea,
    Region,
    RegionSwitch,
    Team,
    TeamPostcode,
)
from .regionfile import (
    RegionFile,
    RegionFileError,
    RegionFileInvalid,
    TeamEntry,
    check_region_data,
    periods_overlap,
    region_file_to_data,
    sort_errors,
)

logger = logging.getLogger(__name__)

KINDS = (
    "region",
    "municipalities",
    "districts",
    "postcodes",
    "organisations",
    "teams",
    "outside_region",
    "help_forms",
    "ijw_products",
    "transition",
)
_Model = TypeVar("_Model", bound=models.Model)


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class LoadReport:
    """What a load did, per kind of row."""

    region_code: str
    counts: dict[str, KindCounts] = field(default_factory=lambda: {k: KindCounts() for k in KINDS})
    notices: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated or c.removed for c in self.counts.values())


class RegionLoadRefused(RegionFileInvalid):
    """The file is fine on its own, but loading it would break the database."""


@transaction.atomic
def region_load(*, data: RegionFile, actor: AbstractBaseUser | None = None) -> LoadReport:
    """Make the database hold exactly the region in ``data`` (all or nothing).

    Raises ``RegionFileInvalid`` when the file has errors and ``RegionLoadRefused`` when
    it clashes with another region or a removal is blocked; the database is then unchanged.
    """
    errors = check_region_data(region_file_to_data(data), lines=data.lines)
    if errors:
        raise RegionFileInvalid(errors)
    loader = _Loader(data)
    loader.refuse_clashes_with_other_regions()
    loader.refuse_help_forms_of_the_base_list()
    report = loader.run()
    logger.info(
        "region %s loaded by %s: %s",
        data.region.code,
        getattr(actor, "pk", None),
        {kind: vars(counts) for kind, counts in report.counts.items()},
    )
    return report


class _Loader:
    """One load: upserts kind by kind, then removes what the file no longer names."""

    def __init__(self, data: RegionFile) -> None:
        self.data = data
        self.report = LoadReport(region_code=data.region.code)
        self.region: Region | None = Region.objects.filter(code=data.region.code).first()

    # -- clashes with other regions ------------------------------------------------------

    def refuse_clashes_with_other_regions(self) -> None:
        others = Region.objects.exclude(code=self.data.region.code)
        errors = [
            *self._foreign_codes(
                "municipalities",
                [m.code for m in self.data.municipalities],
                Municipality.objects.filter(region__in=others).values_list("code", "region__code"),
            ),
            *self._foreign_codes(
                "districts",
                [d.code for d in self.data.districts],
                District.objects.filter(municipality__region__in=others).values_list(
                    "code", "municipality__region__code"
                ),
            ),
            *self._foreign_postcodes(others),
        ]
        if errors:
            raise RegionLoadRefused(sort_errors(errors))

    def _foreign_codes(
        self, section: str, codes: Sequence[str], taken: Iterable[tuple[str, str]]
    ) -> list[RegionFileError]:
        owner = dict(taken)
        return [
            self._error(
                f"{section}[{index}].code",
                _("de code %(code)s hoort al bij een andere regio (%(region)s)")
                % {"code": code, "region": owner[code]},
            )
            for index, code in enumerate(codes)
            if code in owner
        ]

    def _foreign_postcodes(self, others: models.QuerySet[Region]) -> list[RegionFileError]:
        pc4s = {p.pc4 for p in self.data.postcodes}
        taken = PostcodeArea.objects.filter(
            municipality__region__in=others, pc4__in=pc4s
        ).values_list("pc4", "valid_from", "valid_to", "municipality__code")
        by_pc4: dict[str, list[tuple[date, date | None, str]]] = {}
        for pc4, start, end, municipality in taken:
            by_pc4.setdefault(pc4, []).append((start, end, municipality))
        errors = []
        for index, postcode in enumerate(self.data.postcodes):
            for start, end, municipality in by_pc4.get(postcode.pc4, []):
                if periods_overlap(postcode.valid_from, postcode.valid_to, start, end):
                    message = _(
                        "postcodegebied %(pc4)s ligt in dezelfde periode al in gemeente "
                        "%(municipality)s van een andere regio"
                    ) % {"pc4": postcode.pc4, "municipality": municipality}
                    errors.append(self._error(f"postcodes[{index}].pc4", message))
                    break
        return errors

    def refuse_help_forms_of_the_base_list(self) -> None:
        """A region adds help forms; it cannot redefine one of the national base list."""
        national = set(
            HelpForm.objects.filter(
                region__isnull=True, code__in=[h.code for h in self.data.help_forms]
            ).values_list("code", flat=True)
        )
        errors = [
            self._error(
                f"help_forms[{index}].code",
                _("de hulpvorm %(code)s staat al in de landelijke basislijst; kies een andere code")
                % {"code": entry.code},
            )
            for index, entry in enumerate(self.data.help_forms)
            if entry.code in national
        ]
        if errors:
            raise RegionLoadRefused(sort_errors(errors))

    def _error(self, path: str, message: str) -> RegionFileError:
        return RegionFileError(path, message, self.data.line_of(path))

    # -- the load -------------------------------------------------------------------------

    def run(self) -> LoadReport:
        region = self._load_region()
        municipalities = self._load_municipalities(region)
        districts = self._load_districts(municipalities)
        self._load_postcodes(municipalities, districts)
        organisations = self._load_organisations(region, municipalities)
        self._load_teams(region, municipalities, organisations, districts)
        self._load_outside_region(region)
        self._load_help_forms(region)
        self._retire_absent_help_forms(region)
        self._load_ijw_products(region)
        self._load_switch(region)
        self._remove_absent(region)
        self._note_unstored_sections()
        return self.report

    def _count(self, kind: str, *, created: int = 0, updated: int = 0, unchanged: int = 0) -> None:
        counts = self.report.counts[kind]
        counts.created += created
        counts.updated += updated
        counts.unchanged += unchanged

    def _load_region(self) -> Region:
        info = self.data.region
        values = {
            "name": info.name,
            "description": info.description,
            "crisis_response_hours": info.crisis_response_hours,
            "crisis_phone": info.crisis_phone,
            "synthetic": info.synthetic,
            "source": info.source,
        }
        if self.region is None:
            region = Region(code=info.code, **values)
            region.full_clean()
            region.save()
            self._count("region", created=1)
            return region
        changed = _apply(self.region, values)
        if changed:
            self.region.full_clean()
            self.region.save(update_fields=changed)
        self._count("region", updated=int(bool(changed)), unchanged=int(not changed))
        return self.region

    def _load_municipalities(self, region: Region) -> dict[str, Municipality]:
        wanted = {
            m.code: {
                "region": region,
                "name": m.name,
                "synthetic": m.synthetic,
                "source": m.source,
            }
            for m in self.data.municipalities
        }
        self._upsert(
            "municipalities", Municipality, Municipality.objects.filter(code__in=wanted), wanted
        )
        return {m.code: m for m in Municipality.objects.filter(code__in=wanted)}

    def _load_districts(self, municipalities: Mapping[str, Municipality]) -> dict[str, District]:
        wanted = {
            d.code: {
                "municipality": municipalities[d.municipality],
                "name": d.name,
                "inhabitants": d.inhabitants,
                "synthetic": d.synthetic,
                "source": d.source,
            }
            for d in self.data.districts
        }
        self._upsert("districts", District, District.objects.filter(code__in=wanted), wanted)
        return {d.code: d for d in District.objects.filter(code__in=wanted)}

    def _load_postcodes(
        self, municipalities: Mapping[str, Municipality], districts: Mapping[str, District]
    ) -> None:
        wanted = {
            (p.pc4, p.valid_from): {
                "municipality": municipalities[p.municipality],
                "district": districts[p.district] if p.district else None,
                "valid_to": p.valid_to,
                "residential": p.residential,
                "synthetic": p.synthetic,
                "source": p.source,
            }
            for p in self.data.postcodes
        }
        existing = PostcodeArea.objects.filter(pc4__in={pc4 for pc4, _start in wanted})
        self._upsert("postcodes", PostcodeArea, existing, wanted, key=("pc4", "valid_from"))

    def _load_organisations(
        self, region: Region, municipalities: Mapping[str, Municipality]
    ) -> dict[str, Organisation]:
        wanted = {
            o.code: {
                "region": region,
                "name": o.name,
                "kind": o.kind,
                "agb_code": o.agb_code,
                "brin_code": o.brin_code,
                "municipality": municipalities[o.municipality] if o.municipality else None,
                "synthetic": o.synthetic,
                "source": o.source,
            }
            for o in self.data.organisations
        }
        queryset = Organisation.objects.filter(region=region, code__in=wanted)
        counts = self._upsert_rows(Organisation, queryset, wanted)
        organisations = {o.code: o for o in queryset.all()}
        # Parents afterwards: a parent may be new in this very file.
        moved = []
        for entry in self.data.organisations:
            organisation = organisations[entry.code]
            parent = organisations[entry.parent] if entry.parent else None
            if organisation.parent_id != (parent.pk if parent else None):
                organisation.parent = parent
                moved.append(organisation)
        Organisation.objects.bulk_update(moved, ["parent"])
        counts.mark_updated({o.code for o in moved})
        self._count_upserts("organisations", counts)
        return organisations

    def _load_teams(
        self,
        region: Region,
        municipalities: Mapping[str, Municipality],
        organisations: Mapping[str, Organisation],
        districts: Mapping[str, District],
    ) -> None:
        wanted = {
            t.code: {
                "region": region,
                "name": t.name,
                "kind": t.kind,
                "organisation": organisations[t.organisation] if t.organisation else None,
                "municipality": municipalities[t.municipality] if t.municipality else None,
                "covers_whole_region": t.covers.whole_region,
                "callback_working_days": t.callback_working_days,
                "phone": t.phone,
                "synthetic": t.synthetic,
                "source": t.source,
            }
            for t in self.data.teams
        }
        queryset = Team.objects.filter(region=region, code__in=wanted)
        counts = self._upsert_rows(Team, queryset, wanted)
        teams = {
            t.code: t
            for t in Team.objects.filter(region=region, code__in=wanted).prefetch_related(
                "districts", "gp_practices", "schools", "postcodes"
            )
        }
        changed = {
            entry.code
            for entry in self.data.teams
            if _set_coverage(teams[entry.code], entry, organisations, districts)
        }
        counts.mark_updated(changed)
        self._count_upserts("teams", counts)

    def _load_outside_region(self, region: Region) -> None:
        wanted = {
            _outside_key(o.pc4, o.municipality_code): {
                "region": region,
                "municipality_name": o.municipality_name,
                "forward": o.forward,
                "forward_to": o.forward_to,
                "synthetic": o.synthetic,
                "source": o.source,
            }
            for o in self.data.outside_region
        }
        existing = OutsideRegionArea.objects.filter(region=region)
        self._upsert(
            "outside_region",
            OutsideRegionArea,
            existing,
            wanted,
            key=("pc4", "municipality_code"),
        )

    def _load_help_forms(self, region: Region) -> None:
        wanted = {
            h.code: {
                "region": region,
                "name": h.name,
                "level": h.level,
                "with_stay": h.with_stay,
                "active": True,
                "synthetic": h.synthetic,
                "source": h.source,
            }
            for h in self.data.help_forms
        }
        self._upsert("help_forms", HelpForm, HelpForm.objects.filter(region=region), wanted)

    def _load_switch(self, region: Region) -> None:
        transition = self.data.transition
        existing = RegionSwitch.objects.filter(region=region).first()
        if transition is None:
            if existing is not None:
                existing.delete()
                self.report.counts["transition"].removed += 1
            return
        values = {
            "switch_date": transition.switch_date,
            "transitional_right_months": transition.transitional_right_months,
            "products": {p.productcode: p.until.isoformat() for p in transition.products},
            "synthetic": transition.synthetic,
            "source": transition.source,
        }
        if existing is None:
            RegionSwitch.objects.create(region=region, **values)
            self._count("transition", created=1)
            return
        changed = _apply(existing, values)
        if changed:
            existing.save(update_fields=changed)
        self._count("transition", updated=int(bool(changed)), unchanged=int(not changed))

    def _retire_absent_help_forms(self, region: Region) -> None:
        """Help forms the file no longer names: removed when unused; when trajectories use
        them, kept for that history but no longer offered (``active`` false)."""
        codes = [h.code for h in self.data.help_forms]
        absent = HelpForm.objects.filter(region=region).exclude(code__in=codes)
        counts = self.report.counts["help_forms"]
        removable = []
        for help_form in absent:
            if not _references_outside_region(help_form):
                removable.append(help_form.pk)
            elif help_form.active:
                help_form.active = False
                help_form.save(update_fields=["active"])
                counts.updated += 1
                self.report.notices.append(
                    _(
                        "Hulpvorm %(code)s staat niet meer in het bestand maar is gebruikt in "
                        "trajecten: hij blijft bewaard en is niet meer te kiezen."
                    )
                    % {"code": help_form.code}
                )
        HelpForm.objects.filter(pk__in=removable).delete()
        counts.removed += len(removable)

    def _load_ijw_products(self, region: Region) -> None:
        """Each ``ijw_products`` entry names a help form of the base list or of this file."""
        help_forms = {
            h.code: h
            for h in HelpForm.objects.filter(Q(region=region) | Q(region__isnull=True), active=True)
        }
        errors = [
            self._error(
                f"ijw_products[{index}].help_form",
                _("hulpvorm '%(code)s' staat niet in de basislijst en niet in dit bestand")
                % {"code": entry.help_form},
            )
            for index, entry in enumerate(self.data.ijw_products)
            if entry.help_form not in help_forms
        ]
        if errors:
            raise RegionLoadRefused(errors)
        existing = IjwProduct.objects.filter(region=region).select_related("help_form")
        current = {p.help_form.code: p for p in existing}
        wanted = {
            entry.help_form: {
                "category": entry.category,
                "code": entry.code,
                "variant": entry.variant,
                "synthetic": entry.synthetic,
                "source": entry.source,
            }
            for entry in self.data.ijw_products
        }
        counts = self.report.counts["ijw_products"]
        for code, values in wanted.items():
            row = current.get(code)
            if row is None:
                row = IjwProduct(region=region, help_form=help_forms[code], **values)
                row.full_clean(exclude=["region", "help_form"], validate_constraints=False)
                row.save()
                counts.created += 1
            elif _apply(row, values):
                row.full_clean(exclude=["region", "help_form"], validate_constraints=False)
                row.save()
                counts.updated += 1
            else:
                counts.unchanged += 1
        absent = [p.pk for code, p in current.items() if code not in wanted]
        IjwProduct.objects.filter(pk__in=absent).delete()
        counts.removed += len(absent)

    # -- generic upsert ------------------------------------------------------------------

    def _upsert(
        self,
        kind: str,
        model: type[_Model],
        existing: models.QuerySet[_Model],
        wanted: Mapping[Any, dict[str, Any]],
        *,
        key: tuple[str, ...] = ("code",),
    ) -> None:
        self._count_upserts(kind, self._upsert_rows(model, existing, wanted, key=key))

    def _count_upserts(self, kind: str, counts: _UpsertCounts) -> None:
        self._count(
            kind,
            created=len(counts.created_keys),
            updated=len(counts.updated_keys),
            unchanged=len(counts.unchanged_keys),
        )

    @staticmethod
    def _upsert_rows(
        model: type[_Model],
        existing: models.QuerySet[_Model],
        wanted: Mapping[Any, dict[str, Any]],
        *,
        key: tuple[str, ...] = ("code",),
    ) -> _UpsertCounts:
        """Create what is missing and update what differs, in bulk; return what happened."""
        current = {_natural_key(row, key): row for row in existing}
        to_create: list[_Model] = []
        to_update: list[_Model] = []
        fields: set[str] = set()
        counts = _UpsertCounts()
        for natural_key, values in wanted.items():
            row = current.get(natural_key)
            if row is None:
                row = model(**dict(zip(key, _as_tuple(natural_key), strict=True)), **values)
                to_create.append(row)
                counts.created_keys.add(natural_key)
                continue
            changed = _apply(row, values)
            if changed:
                to_update.append(row)
                fields.update(changed)
                counts.updated_keys.add(natural_key)
            else:
                counts.unchanged_keys.add(natural_key)
        # Relations are our own rows: skip the per-row existence queries of full_clean.
        relations = [f.name for f in model._meta.fields if f.is_relation]
        for row in [*to_create, *to_update]:
            row.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        model._default_manager.bulk_create(to_create)
        if to_update:
            model._default_manager.bulk_update(to_update, sorted(fields))
        return counts

    # -- removals ------------------------------------------------------------------------

    def _remove_absent(self, region: Region) -> None:
        """Remove rows of this region the file no longer names, unless something uses them."""
        data = self.data
        pc_keys = {(p.pc4, p.valid_from) for p in data.postcodes}
        absent_postcodes = [
            p
            for p in PostcodeArea.objects.filter(municipality__region=region)
            if (p.pc4, p.valid_from) not in pc_keys
        ]
        absent_organisations = list(
            Organisation.objects.filter(region=region).exclude(
                code__in=[o.code for o in data.organisations]
            )
        )
        # Organisations leaving together must not block each other through 'parent'.
        Organisation.objects.filter(pk__in=[o.pk for o in absent_organisations]).update(parent=None)
        outside_keys = {_outside_key(o.pc4, o.municipality_code) for o in data.outside_region}
        plan: list[tuple[str, Sequence[models.Model]]] = [
            (
                "outside_region",
                [
                    o
                    for o in OutsideRegionArea.objects.filter(region=region)
                    if (o.pc4, o.municipality_code) not in outside_keys
                ],
            ),
            (
                "teams",
                list(
                    Team.objects.filter(region=region).exclude(
                        code__in=[t.code for t in data.teams]
                    )
                ),
            ),
            ("organisations", absent_organisations),
            ("postcodes", absent_postcodes),
            (
                "districts",
                list(
                    District.objects.filter(municipality__region=region).exclude(
                        code__in=[d.code for d in data.districts]
                    )
                ),
            ),
            (
                "municipalities",
                list(
                    Municipality.objects.filter(region=region).exclude(
                        code__in=[m.code for m in data.municipalities]
                    )
                ),
            ),
        ]
        errors: list[RegionFileError] = []
        for section, rows in plan:
            errors += self._remove(section, rows)
        if errors:
            raise RegionLoadRefused(sort_errors(errors))

    def _remove(self, section: str, rows: Sequence[models.Model]) -> list[RegionFileError]:
        errors = []
        removable = []
        for row in rows:
            users = _references_outside_region(row)
            if users:
                errors.append(self._blocked_error(section, row, users))
            else:
                removable.append(row)
        if removable and not errors:
            model = type(removable[0])
            model._default_manager.filter(pk__in=[r.pk for r in removable]).delete()
        self.report.counts[section].removed += len(removable)
        return errors

    def _blocked_error(
        self, section: str, row: models.Model, users: Mapping[str, int]
    ) -> RegionFileError:
        uses = ", ".join(f"{count} × {name}" for name, count in sorted(users.items()))
        message = _(
            "%(row)s staat niet meer in het bestand, maar wordt nog gebruikt (%(uses)s); "
            "zet het terug in het bestand of haal eerst die verwijzingen weg"
        ) % {"row": _describe_row(row), "uses": uses}
        return self._error(section, message)

    def _note_unstored_sections(self) -> None:
        if self.data.extensions:
            self.report.notices.append(
                _("Het onderdeel '%(name)s' is gecontroleerd maar wordt (nog) niet opgeslagen.")
                % {"name": "extensions"}
            )


@dataclass
class _UpsertCounts:
    created_keys: set[Any] = field(default_factory=set)
    updated_keys: set[Any] = field(default_factory=set)
    unchanged_keys: set[Any] = field(default_factory=set)

    def mark_updated(self, keys: set[Any]) -> None:
        """Rows that changed in a second step (parents, team coverage); new rows stay new."""
        moved = keys & self.unchanged_keys
        self.unchanged_keys -= moved
        self.updated_keys |= moved


def _outside_key(pc4: str | None, municipality_code: str) -> tuple[str, str]:
    """The natural key of a neighbour: a blank pc4 stands for an entry without one."""
    return (pc4 or "", municipality_code)


def _natural_key(row: models.Model, key: tuple[str, ...]) -> Any:
    values = tuple(getattr(row, name) for name in key)
    return values[0] if len(values) == 1 else values


def _as_tuple(natural_key: Any) -> tuple[Any, ...]:
    return natural_key if isinstance(natural_key, tuple) else (natural_key,)


def _apply(row: models.Model, values: Mapping[str, Any]) -> list[str]:
    """Set the values that differ on ``row``; return the names of the fields changed."""
    changed = []
    for name, value in values.items():
        field_ = row._meta.get_field(name)
        if isinstance(field_, models.ForeignKey):
            current_id = getattr(row, field_.attname)
            new_id = value.pk if value is not None else None
            if current_id != new_id:
                setattr(row, name, value)
                changed.append(name)
        elif getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    return changed


def _set_coverage(
    team: Team,
    entry: TeamEntry,
    organisations: Mapping[str, Organisation],
    districts: Mapping[str, District],
) -> bool:
    """Replace the team's coverage by the file's; return whether anything changed."""
    covers = entry.covers
    changed = False
    for relation, wanted in (
        (team.districts, [districts[code].pk for code in covers.districts]),
        (team.gp_practices, [organisations[code].pk for code in covers.gp_practices]),
        (team.schools, [organisations[code].pk for code in covers.schools]),
    ):
        if {row.pk for row in relation.all()} != set(wanted):
            relation.set(wanted)
            changed = True
    current_pc4 = {row.pc4 for row in team.postcodes.all()}
    if current_pc4 != set(covers.postcodes):
        TeamPostcode.objects.filter(team=team).exclude(pc4__in=covers.postcodes).delete()
        TeamPostcode.objects.bulk_create(
            [TeamPostcode(team=team, pc4=pc4) for pc4 in covers.postcodes if pc4 not in current_pc4]
        )
        changed = True
    return changed


def _region_models() -> set[type[models.Model]]:
    """Our own rows: deleting them along with a removed row is part of the load."""
    own: set[type[models.Model]] = {TeamPostcode, IjwProduct}
    for m2m in (Team.districts, Team.gp_practices, Team.schools):
        own.add(m2m.through)
    return own


def _references_outside_region(row: models.Model) -> dict[str, int]:
    """Rows elsewhere that point at ``row`` (any on_delete), counted per kind of row."""
    collector = Collector(using=router.db_for_write(type(row)), origin=row)
    found: Counter[str] = Counter()
    try:
        collector.collect([row])
    except ProtectedError as exc:
        _count_rows(found, exc.protected_objects)
    except RestrictedError as exc:
        _count_rows(found, exc.restricted_objects)
    own = _region_models() | {type(row)}
    for model, instances in collector.data.items():
        if model not in own:
            _count_rows(found, instances)
    for fast in collector.fast_deletes:
        if fast.model not in own:
            found[str(fast.model._meta.verbose_name_plural)] += fast.count()
    for (field_, _value), collections in collector.field_updates.items():
        if field_.model not in own:
            for rows in collections:  # each a QuerySet or list of rows (SET_NULL and the like)
                _count_rows(found, cast(Iterable[models.Model], rows))
    return {name: count for name, count in found.items() if count}


def _count_rows(found: Counter[str], rows: Iterable[models.Model]) -> None:
    for row in rows:
        found[str(row._meta.verbose_name_plural)] += 1


def _describe_row(row: models.Model) -> str:
    label = str(row._meta.verbose_name)
    if isinstance(row, PostcodeArea):
        return _("%(label)s %(pc4)s (vanaf %(day)s)") % {
            "label": label,
            "pc4": row.pc4,
            "day": row.valid_from.isoformat(),
        }
    if isinstance(row, OutsideRegionArea):
        return f"{label} {row}"
    return f"{label} {getattr(row, 'code', row.pk)}"


@dataclass
class PublishedLoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def published_figures_load(*, text: str) -> PublishedLoadReport:
    """Load the published figures file (docs/decisions/0098): all or nothing, idempotent.

    The file is the whole reference set: a row it no longer names is removed. A bad row
    refuses the file (PublishedFiguresInvalid, each error with its line)."""
    from .models import PublishedFigure
    from .published import parse_published_figures

    rows = parse_published_figures(text)
    report = PublishedLoadReport()
    fields = (
        "municipality_name",
        "value_text",
        "value",
        "approximate",
        "unit",
        "note",
        "source",
    )
    with transaction.atomic():
        existing = {
            (f.municipality_code, f.year, f.measure, f.age_group): f
            for f in PublishedFigure.objects.select_for_update()
        }
        for row in rows:
            values = {name: getattr(row, name) for name in fields}
            current = existing.pop(row.key, None)
            if current is None:
                PublishedFigure.objects.create(
                    municipality_code=row.municipality_code,
                    year=row.year,
                    measure=row.measure,
                    age_group=row.age_group,
                    **values,
                )
                report.created += 1
            elif any(getattr(current, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(current, name, value)
                current.save(update_fields=list(fields))
                report.updated += 1
            else:
                report.unchanged += 1
        if existing:
            PublishedFigure.objects.filter(pk__in=[f.pk for f in existing.values()]).delete()
            report.removed = len(existing)
    logger.info(
        "published figures loaded: %d new, %d changed, %d unchanged, %d removed",
        report.created,
        report.updated,
        report.unchanged,
        report.removed,
    )
    return report
