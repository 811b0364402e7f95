"""Writes for families and people: proposing a known person for a claim, taking a
confirmed claim over, or adding a new person.

A claim (what a requester says about a person) never changes a known person by itself:
the match only proposes, and `person_take_over_claim` runs after a professional confirmed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from jeugdmodel.core.text import normalise_digits, normalise_identifier, normalise_text

from .models import Family, FamilyMember, Person, Relation, Residence


@dataclass(frozen=True)
class PersonInput:
    given_name: str
    family_name: str
    date_of_birth: date | None
    bsn: str = ""
    postcode: str = ""
    house_number: str = ""


def person_match(*, data: PersonInput) -> Person | None:
    """A known person: by BSN when given, else by name + date of birth + postcode area.

    Everything is compared normalised (core/text.py), as it is stored."""
    bsn = normalise_digits(data.bsn)
    if bsn:
        # exclude(bsn="") repeats the partial unique index's condition so it is used.
        return Person.objects.filter(bsn=bsn).exclude(bsn="").first()
    pc4 = normalise_identifier(data.postcode)[:4]
    if data.date_of_birth is None or not pc4:
        return None
    return (
        Person.objects.filter(
            family_name__iexact=normalise_text(data.family_name),
            given_name__iexact=normalise_text(data.given_name),
            date_of_birth=data.date_of_birth,
            pc4=pc4,
        )
        .order_by("id")
        .first()
    )


@transaction.atomic
def residence_record(*, person: Person, pc4: str, on: date) -> Residence | None:
    """Record that `person` lives in postcode area `pc4` from `on`.

    The current residence ends the day before; nothing changes when the person already
    lives there. A move dated before the current residence began is refused, because it
    would rewrite history (correct it in the admin instead)."""
    from jeugdmodel.region.selectors import postcode_area_for_residence

    if not pc4:
        return None
    current = Residence.objects.select_for_update().filter(person=person, valid_to__isnull=True)
    now = current.first()
    if now is not None:
        if now.pc4 == pc4:
            return now
        if on <= now.valid_from:
            raise ValueError("A move must come after the current residence began.")
        now.valid_to = on - timedelta(days=1)
        now.save(update_fields=["valid_to"])
    area = postcode_area_for_residence(pc4, on)
    residence = Residence.objects.create(
        person=person,
        pc4=pc4,
        municipality=area.municipality if area else None,
        district=area.district if area else None,
        valid_from=on,
    )
    if person.pc4 != pc4:
        person.pc4 = pc4
        person.save(update_fields=["pc4"])
    return residence


#: What a professional may take over from a confirmed claim into the known person.
TAKE_OVER_FIELDS = ("name", "address", "bsn")


@dataclass(frozen=True)
class Difference:
    """One way a claim differs from the known person it may be about."""

    field: str  # "name", "date_of_birth", "bsn", "address"
    claimed: str
    known: str
    #: May the professional take the claimed value over into the known person?
    may_take_over: bool


def _address(postcode: str, house_number: str) -> str:
    return " ".join(p for p in (postcode, house_number) if p)


def claim_differences(*, claim: PersonInput, person: Person) -> list[Difference]:
    """How the claim differs from the known person (compared normalised)."""
    out: list[Difference] = []
    claimed_name = normalise_text(f"{claim.given_name} {claim.family_name}")
    known_name = f"{person.given_name} {person.family_name}"
    if claimed_name.casefold() != known_name.casefold():
        out.append(Difference("name", claimed_name, known_name, True))
    if claim.date_of_birth is not None and claim.date_of_birth != person.date_of_birth:
        out.append(
            Difference(
                "date_of_birth",
                claim.date_of_birth.isoformat(),
                person.date_of_birth.isoformat(),
                False,
            )
        )
    bsn = normalise_digits(claim.bsn)
    if bsn and bsn != person.bsn:
        # A BSN is only added to someone without one; a different BSN is never overwritten.
        out.append(Difference("bsn", bsn, person.bsn, not person.bsn))
    claimed_address = _address(normalise_identifier(claim.postcode), claim.house_number)
    known_address = _address(person.postcode or person.pc4, person.house_number)
    if claimed_address and claimed_address.casefold() != known_address.casefold():
        out.append(Difference("address", claimed_address, known_address, True))
    return out


@transaction.atomic
def person_take_over_claim(
    *, person: Person, claim: PersonInput, fields: set[str], on: date
) -> list[str]:
    """Take the chosen differences of a confirmed claim over into the known person; a new
    postcode area is a move from `on` (never before the current residence began). Returns
    the fields that changed."""
    offered = {d.field for d in claim_differences(claim=claim, person=person) if d.may_take_over}
    changed: list[str] = []
    chosen = fields & offered
    if "name" in chosen:
        person.given_name = normalise_text(claim.given_name)
        person.family_name = normalise_text(claim.family_name)
        person.save(update_fields=["given_name", "family_name"])
        changed.append("name")
    if "bsn" in chosen:
        person.bsn = normalise_digits(claim.bsn)
        person.save(update_fields=["bsn"])
        changed.append("bsn")
    if "address" in chosen:
        postcode = normalise_identifier(claim.postcode)
        current = person.residences.filter(valid_to__isnull=True).first()
        if postcode and (current is None or current.pc4 != postcode[:4]):
            if current is not None and on <= current.valid_from:
                raise ValueError("A move must come after the current residence began.")
            residence_record(person=person, pc4=postcode[:4], on=on)
            person.refresh_from_db(fields=["pc4"])
        person.postcode = postcode
        person.house_number = claim.house_number
        person.save(update_fields=["postcode", "house_number"])
        changed.append("address")
    return changed


def person_match_kind(data: PersonInput) -> str:
    """What a match of this claim is based on: "bsn" or "name"."""
    return "bsn" if normalise_digits(data.bsn) else "name"


@transaction.atomic
def person_from_claim(
    *, data: PersonInput, on: date | None = None, with_bsn: bool = True
) -> Person:
    """A new person made from a claim (never a known one). Without `with_bsn` the claimed
    BSN is left out: it belongs to a known person the professional said this is not."""
    if data.date_of_birth is None:
        raise ValueError("A new person needs a date of birth.")
    person = Person.objects.create(
        given_name=data.given_name.strip(),
        family_name=data.family_name.strip(),
        date_of_birth=data.date_of_birth,
        bsn=data.bsn if with_bsn else "",
        postcode=data.postcode,
        pc4=normalise_identifier(data.postcode)[:4],
        house_number=data.house_number,
    )
    if data.postcode:
        residence_record(person=person, pc4=person.pc4, on=on or data.date_of_birth)
    return person


@transaction.atomic
def family_for(*, children: list[Person], adults: list[Person], on: date) -> Family:
    """The family the first child already belongs to, else a new one; everyone is added."""
    existing = (
        FamilyMember.objects.filter(person__in=children, valid_to__isnull=True)
        .select_related("family")
        .order_by("id")
        .first()
    )
    family = (
        existing.family
        if existing
        else Family.objects.create(name=f"Gezin {children[0].family_name}")
    )
    known = set(family.members.values_list("person_id", flat=True))
    FamilyMember.objects.bulk_create(
        [
            FamilyMember(family=family, person=p, relation=relation, valid_from=on)
            for people, relation in ((children, Relation.CHILD), (adults, Relation.PARENT))
            for p in people
            if p.pk not in known
        ]
    )
    return family
