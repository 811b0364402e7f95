"""Writes for families and people: matching a named person to a known one, or adding them."""

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


@transaction.atomic
def person_match_or_create(*, data: PersonInput, on: date | None = None) -> Person:
    """The known person, with a BSN added when it was missing; else a new person.

    With `on`, the person's residence from that day is recorded from the postcode (a
    known person with a new postcode has moved)."""
    person = person_match(data=data)
    if person is not None:
        if data.bsn and not person.bsn:
            person.bsn = data.bsn
            person.save(update_fields=["bsn"])
        if on is not None and data.postcode:
            current = person.residences.filter(valid_to__isnull=True).first()
            if current is None or (current.pc4 != data.postcode[:4] and on > current.valid_from):
                residence_record(person=person, pc4=data.postcode[:4], on=on)
        return person
    if data.date_of_birth is None:
        raise ValueError("A new person needs a date of birth.")
    person = Person.objects.create(
        given_name=data.given_name.strip(),
        family_name=data.family_name.strip(),
        date_of_birth=data.date_of_birth,
        bsn=data.bsn,
        postcode=data.postcode,
        pc4=data.postcode[:4],
        house_number=data.house_number,
    )
    if data.postcode:
        residence_record(person=person, pc4=data.postcode[:4], on=on or data.date_of_birth)
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
