"""Lines about people: a family, and a person in it with their address history."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from jeugdmodel.core.text import normalise_text
from jeugdmodel.families.models import Family, FamilyMember, Person, Relation, Residence

from ..selectors import Area
from .checker import RELATION_CODES, LineChecker, ordinal, raise_if

#: One address of a person: from (ordinal), pc4, and its postcode area (None: unknown).
Address = tuple[int, str, Area | None]


def family_line(c: LineChecker, number: int, data: dict[str, Any]) -> None:
    errors: list[str] = []
    c.new_id(errors, c.families, data["id"])
    raise_if(errors)
    pk = c.writer.add(Family, {"name": normalise_text(data["name"])})
    c.families.add(data["id"], number, pk)


def person_line(c: LineChecker, number: int, data: dict[str, Any]) -> None:
    errors: list[str] = []
    source_id = data["id"]
    c.new_id(errors, c.persons, source_id)
    family = c.ref(errors, c.families, data["family"], "family")
    born = c.day(errors, data, "date_of_birth")
    relation = data["relation"]
    bsn = data.get("bsn", "")
    if bsn:
        if not stdnum_bsn.is_valid(bsn):
            errors.append(_("bsn: %(bsn)s haalt de elfproef niet") % {"bsn": bsn})
        elif bsn in c.bsns:
            errors.append(
                _("bsn: BSN %(bsn)s staat al bij een persoon op regel %(line)d")
                % {"bsn": bsn, "line": c.bsns[bsn]}
            )
    addresses: list[dict[str, Any]] = data.get("addresses", [])
    if relation == Relation.CHILD and not addresses:
        errors.append(_("addresses: een kind heeft minstens één adres nodig"))
    moves = _addresses(c, errors, addresses, born)
    member_from = c.day(errors, data, "member_from")
    raise_if(errors)
    assert family is not None
    assert born is not None
    if member_from is None:
        member_from = born
        if relation != Relation.CHILD and moves:
            member_from = date.fromordinal(moves[0][0])
    public_id = uuid.uuid4()
    writer = c.writer
    pk = writer.add(
        Person,
        {
            "public_id": public_id,
            "bsn": bsn,
            "given_name": normalise_text(data["given_name"]),
            "family_name": normalise_text(data["family_name"]),
            "date_of_birth": born,
            "sex": data["sex"],
            "pc4": moves[-1][1] if moves else "",
        },
    )
    persons = c.persons
    index = persons.add(source_id, number, pk)
    persons.born.append(born.toordinal())
    persons.family.append(family)
    persons.relation.append(RELATION_CODES[relation])
    persons.public.extend(public_id.bytes)
    persons.first_pc4.append(int(moves[0][1]) if moves else 0)
    if len(moves) > 1:
        persons.moves[index] = tuple((start, pc4) for start, pc4, _area in moves)
    if bsn:
        c.note_unique_bsn(bsn, number, source_id)
    writer.add(
        FamilyMember,
        {
            "family_id": c.families.pk[family],
            "person_id": pk,
            "relation": relation,
            "valid_from": member_from,
            "valid_to": None,
        },
    )
    for position, (start, pc4, area) in enumerate(moves):
        following = moves[position + 1][0] if position + 1 < len(moves) else None
        writer.add(
            Residence,
            {
                "person_id": pk,
                "pc4": pc4,
                "municipality_id": area.municipality_id if area else None,
                "district_id": area.district_id if area else None,
                "valid_from": date.fromordinal(start),
                "valid_to": date.fromordinal(following - 1) if following else None,
            },
        )


def _addresses(
    c: LineChecker, errors: list[str], addresses: list[dict[str, Any]], born: date | None
) -> list[Address]:
    """The addresses as (from ordinal, pc4, area), checked: in order, after the birth, in
    the region (or marked outside), not a PO-box area."""
    assert c.index is not None
    moves: list[Address] = []
    previous: date | None = None
    for position, address in enumerate(addresses):
        label = f"addresses[{position}]"
        day = c.day(errors, address, "from", f"{label}.from")
        if day is None:
            continue
        pc4 = address["pc4"]
        if previous is not None and day <= previous:
            errors.append(
                _("%(field)s.from: de adressen staan op volgorde; elk begint na het vorige")
                % {"field": label}
            )
        previous = day
        following = addresses[position + 1].get("from") if position + 1 < len(addresses) else None
        end = ordinal(following) - 1 if following else None
        if born is not None and day < born:
            # The family's address "since" a date before this child was born: the child
            # lived there from its birth. One that ended before the birth is left out.
            if end is not None and end < born.toordinal():
                c.note(
                    _(
                        "%(field)s: adres %(pc4)s vanaf %(from)s eindigde voor de geboorte "
                        "(%(born)s) en is weggelaten"
                    )
                    % {
                        "field": label,
                        "pc4": pc4,
                        "from": day.isoformat(),
                        "born": born.isoformat(),
                    }
                )
                continue
            c.note(
                _(
                    "%(field)s.from: %(from)s ligt voor de geboortedatum; het adres telt "
                    "vanaf de geboorte (%(born)s)"
                )
                % {"field": label, "from": day.isoformat(), "born": born.isoformat()}
            )
            day = born
        area = c.index.area_in(pc4, day.toordinal(), end)
        in_region = area is not None and area.region_id == c.index.region_id
        values = {"field": label, "pc4": pc4, "region": c.region_code}
        if address.get("outside"):
            if in_region:
                errors.append(
                    _(
                        "%(field)s: postcodegebied %(pc4)s lag toen in regio %(region)s; "
                        'laat "outside" weg'
                    )
                    % values
                )
        elif not in_region:
            errors.append(
                _(
                    "%(field)s.pc4: postcodegebied %(pc4)s lag toen niet in regio "
                    '%(region)s; zet "outside": true als het adres buiten de regio lag'
                )
                % values
            )
        elif area is not None and not area.residential:
            errors.append(
                _("%(field)s.pc4: postcodegebied %(pc4)s heeft geen woonadressen (postbussen)")
                % values
            )
        moves.append((day.toordinal(), pc4, area))
    return moves
