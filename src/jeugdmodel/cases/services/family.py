"""Facts around the family that are not help given here: a parent's link with services for
adults, and the GRJR's involvement with a child (youth protection, youth probation,
Veilig Thuis). Facts only: neither becomes a trajectory."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.models import FamilyMember, Person
from jeugdmodel.families.models import Relation as FamilyRelation

from ..models import (
    AdultService,
    AdultServiceLink,
    Case,
    ExternalInvolvement,
    InvolvementKind,
)
from .base import lock_case, log_case, require_on_case, require_open

ADULT_RELATIONS = (FamilyRelation.PARENT, FamilyRelation.CARER)


def _member_of(case: Case, person: Person, relations: tuple[str, ...]) -> bool:
    today = timezone.localdate()
    return (
        FamilyMember.objects.filter(family_id=case.family_id, person=person, relation__in=relations)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .exists()
    )


@transaction.atomic
def adult_service_link_add(
    *, actor: User, case: Case, person: Person, service: str, since: date, note: str = ""
) -> AdultServiceLink:
    """Record that a parent of the family is in touch with a service for adults."""
    require_on_case(actor, Perm.CASE_EDIT, case)
    lock_case(case)
    require_open(case)
    note = note.strip()
    problems: list[tuple[str, str]] = []
    if not _member_of(case, person, ADULT_RELATIONS):
        problems.append(("person", _("Kies een ouder of verzorger uit dit gezin.")))
    if service not in AdultService.values:
        problems.append(("service", _("Kies de dienst.")))
    if since > timezone.localdate():
        problems.append(("since", _("Deze datum ligt niet in de toekomst.")))
    if len(note) > 200:
        problems.append(("note", _("De toelichting is te lang (meer dan 200 tekens).")))
    if problems:
        raise DomainError(problems[0][1], field=problems[0][0], errors=problems)
    link = AdultServiceLink.objects.create(
        person=person, service=service, since=since, note=note, created_by=actor
    )
    log_case(
        actor,
        case,
        AccessAction.CREATE,
        "case.adult_service_link_add",
        record_type="adult_service_link",
        record_id=link.public_id,
        details={"service": service},
    )
    return link


@transaction.atomic
def external_involvement_add(
    *,
    actor: User,
    case: Case,
    person: Person,
    kind: str,
    organisation: str,
    since: date,
    until: date | None = None,
) -> ExternalInvolvement:
    """Record that youth protection, youth probation or Veilig Thuis is involved with a
    child of the family."""
    require_on_case(actor, Perm.CASE_EDIT, case)
    lock_case(case)
    require_open(case)
    organisation = organisation.strip()
    problems: list[tuple[str, str]] = []
    if not _member_of(case, person, (FamilyRelation.CHILD,)):
        problems.append(("person", _("Kies een kind uit dit gezin.")))
    if kind not in InvolvementKind.values:
        problems.append(("kind", _("Kies jeugdbescherming, jeugdreclassering of Veilig Thuis.")))
    if not organisation:
        problems.append(("organisation", _("Vul de organisatie in.")))
    elif len(organisation) > 200:
        problems.append(("organisation", _("Dit is te lang (meer dan 200 tekens).")))
    if since > timezone.localdate():
        problems.append(("since", _("Deze datum ligt niet in de toekomst.")))
    if until is not None and until < since:
        problems.append(("until", _("De einddatum ligt niet voor de begindatum.")))
    if problems:
        raise DomainError(problems[0][1], field=problems[0][0], errors=problems)
    involvement = ExternalInvolvement.objects.create(
        person=person,
        kind=kind,
        organisation=organisation,
        since=since,
        until=until,
        created_by=actor,
    )
    log_case(
        actor,
        case,
        AccessAction.CREATE,
        "case.external_involvement_add",
        record_type="external_involvement",
        record_id=involvement.public_id,
        details={"kind": kind},
    )
    return involvement
