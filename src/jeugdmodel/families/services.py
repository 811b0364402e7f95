"""Writes for families and people: matching a named person to a known one, or adding them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from .models import Family, FamilyMember, Person, Relation


@dataclass(frozen=True)
class PersonInput:
    given_name: str
    family_name: str
    date_of_birth: date | None
    bsn: str = ""
    postcode: str = ""
    house_number: str = ""


def person_match(*, data: PersonInput) -> Person | None:
    """A known person: by BSN when given, else by name + date of birth + postcode area."""
    if data.bsn:
        return Person.objects.filter(bsn=data.bsn).first()
    if data.date_of_birth is None or not data.postcode:
        return None
    return (
        Person.objects.filter(
            family_name__iexact=data.family_name.strip(),
            given_name__iexact=data.given_name.strip(),
            date_of_birth=data.date_of_birth,
            pc4=data.postcode[:4],
        )
        .order_by("id")
        .first()
    )


@transaction.atomic
def person_match_or_create(*, data: PersonInput) -> Person:
    """The known person, with a BSN added when it was missing; else a new person."""
    person = person_match(data=data)
    if person is not None:
        if data.bsn and not person.bsn:
            person.bsn = data.bsn
            person.save(update_fields=["bsn"])
        return person
    if data.date_of_birth is None:
        raise ValueError("A new person needs a date of birth.")
    return Person.objects.create(
        given_name=data.given_name.strip(),
        family_name=data.family_name.strip(),
        date_of_birth=data.date_of_birth,
        bsn=data.bsn,
        postcode=data.postcode,
        pc4=data.postcode[:4],
        house_number=data.house_number,
    )


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
