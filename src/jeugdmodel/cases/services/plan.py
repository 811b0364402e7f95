"""Saving the family's plan: every save is a new version, from the version the writer saw.

Optimistic locking: the writer sends the number of the version they started from
(`base_version`, 0 for the first plan). When someone saved in between, nothing is stored
and the writer is told to look at the new version first."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.consent import consent_rule_satisfied
from jeugdmodel.families.models import Person
from jeugdmodel.families.models import Relation as FamilyRelation

from ..models import Case, ConsentAction, ConsentKind, ConsentRecord, PlanVersion
from ..plan_content import MAX_SHORT, plan_content_parse
from .base import lock_case, log_case, require_on_case, require_open


class PlanConflict(DomainError):
    """Someone else saved a newer version since the writer started."""


def plan_children(*, case: Case, on: date | None = None) -> list[Person]:
    """The children of the case's family on `on` (today), oldest first."""
    day = on or timezone.localdate()
    return list(
        Person.objects.filter(
            memberships__family_id=case.family_id,
            memberships__relation=FamilyRelation.CHILD,
            memberships__valid_from__lte=day,
        )
        .filter(Q(memberships__valid_to__isnull=True) | Q(memberships__valid_to__gte=day))
        .order_by("date_of_birth", "id")
        .distinct()
    )


def plan_latest_number(*, case: Case) -> int:
    return case.plan_versions.aggregate(n=Max("number"))["n"] or 0


def _conflict(latest: int) -> PlanConflict:
    return PlanConflict(
        _(
            "Iemand anders heeft het plan intussen gewijzigd (versie %(n)d). Bekijk de nieuwe "
            "versie en voer uw wijziging opnieuw in."
        )
        % {"n": latest}
    )


def _consent_message(oldest: int) -> str:
    if oldest >= 16:
        return _(
            "Vanaf 16 jaar stemt de jongere zelf in met het plan: vink 'de jongere stemt in' aan."
        )
    if oldest >= 12:
        return _(
            "Voor een kind van 12 tot en met 15 jaar stemmen ouder én jongere allebei in met "
            "het plan."
        )
    return _("Voor een kind jonger dan 12 stemt de ouder of verzorger in met het plan.")


def _agreement_problems(
    *,
    children: list[Person],
    agreed_on: date | None,
    agreed_by: str,
    consent_parent: bool,
    consent_youth: bool,
) -> list[tuple[str, str]]:
    """The family's agreement: a date, by whom, and consent of the right people for the
    oldest child (the same rule as for sharing at the front door)."""
    problems: list[tuple[str, str]] = []
    if agreed_on is None:
        if agreed_by or consent_parent or consent_youth:
            problems.append(("agreed_on", _("Vul de datum in waarop het gezin instemde.")))
        return problems
    if agreed_on > timezone.localdate():
        problems.append(("agreed_on", _("De datum van instemming ligt niet in de toekomst.")))
    if not agreed_by:
        problems.append(("agreed_by", _("Vul in wie namens het gezin instemde.")))
    elif len(agreed_by) > MAX_SHORT:
        problems.append(("agreed_by", _("Dit is te lang (meer dan %(n)d tekens).") % {"n": 200}))
    oldest = max((c.age_on(agreed_on) for c in children), default=0)
    if not consent_rule_satisfied(oldest_age=oldest, parent=consent_parent, youth=consent_youth):
        problems.append(("consent", _consent_message(oldest)))
    return problems


@transaction.atomic
def plan_save(
    *,
    actor: User,
    case: Case,
    base_version: int,
    content: Mapping[str, Any],
    agreed_on: date | None = None,
    agreed_by: str = "",
    consent_parent: bool = False,
    consent_youth: bool = False,
) -> PlanVersion:
    """Store the next version of the plan. Refused, storing nothing, when `base_version`
    is not the latest version, when the content or the agreement is not right, or when
    the case is closed."""
    require_on_case(actor, Perm.CASE_EDIT, case)
    lock_case(case)
    require_open(case)
    latest = plan_latest_number(case=case)
    if base_version != latest:
        raise _conflict(latest)
    today = timezone.localdate()
    children = plan_children(case=case)
    problems: list[tuple[str, str]] = []
    try:
        parsed = plan_content_parse(
            content, subjects={str(c.public_id) for c in children}, today=today
        )
    except DomainError as exc:
        problems += exc.field_errors
    agreed_by = agreed_by.strip()
    problems += _agreement_problems(
        children=children,
        agreed_on=agreed_on,
        agreed_by=agreed_by,
        consent_parent=consent_parent,
        consent_youth=consent_youth,
    )
    if problems:
        raise DomainError(problems[0][1], field=problems[0][0], errors=problems)
    try:
        with transaction.atomic():
            version = PlanVersion.objects.create(
                case=case,
                number=latest + 1,
                created_by=actor,
                content=parsed.to_json(),
                agreed_on=agreed_on,
                agreed_by=agreed_by if agreed_on else "",
                consent_parent=consent_parent if agreed_on else False,
                consent_youth=consent_youth if agreed_on else False,
            )
    except IntegrityError as exc:
        # Two saves from the same base at the same moment: the unique (case, number) lets
        # one win; the other is told exactly as above.
        raise _conflict(plan_latest_number(case=case)) from exc
    if agreed_on is not None:
        # The agreement is a consent record too (decision 0079); the version keeps its
        # copy of who agreed, as versions never change.
        ConsentRecord.objects.create(
            kind=ConsentKind.PLAN,
            action=ConsentAction.GIVEN,
            case=case,
            plan_version=version,
            by_parent=consent_parent,
            by_youth=consent_youth,
            oldest_age=max((c.age_on(agreed_on) for c in children), default=0),
            given_by_name=agreed_by,
            on=agreed_on,
            recorded_by=actor,
        )
    log_case(
        actor,
        case,
        AccessAction.CREATE,
        "plan.save",
        record_type="plan",
        details={"version": version.number, "agreed": bool(agreed_on)},
    )
    return version
