"""Trajectories (hulpinzet): start, end, and the explicit step up and step down.

Every write needs Perm.CASE_EDIT on the case (coordinator or case team today) and an open
case. A trajectory's level is copied from its help form when it starts and then belongs to
the trajectory: the 80/20 figures count it. None of these writes touches the case's
coordinator: a child that steps up stays in the same case with the same coordinator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.cases.models import Case
from jeugdmodel.core.errors import DomainError, NotFoundOrNotAllowed
from jeugdmodel.families.models import FamilyMember, Person
from jeugdmodel.families.models import Relation as FamilyRelation
from jeugdmodel.region.models import CareLevel, HelpForm, Organisation, Team

from ..models import (
    EndReason,
    EndSubreason,
    LevelChange,
    LevelChangeKind,
    Trajectory,
)
from ..signals import trajectory_ended, trajectory_started
from ._common import log_write, require_on_case, require_open_case

MAX_INTENSITY = 200


@dataclass
class _Errors:
    """Problems found in one write, each at its field; raised together."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.items.append((field_name, message))

    def raise_if_any(self) -> None:
        if self.items:
            field_name, message = self.items[0]
            raise DomainError(message, field=field_name, errors=self.items)


def _running_twice() -> str:
    return _(
        "Dit kind heeft al een lopend traject met deze hulpvorm. Beëindig dat traject eerst, "
        "of pas het aan."
    )


def _save_new(trajectory: Trajectory) -> None:
    """Save a new trajectory; the database refuses a second running one of the same help
    form for the child (two requests at the same moment), with the same Dutch message."""
    try:
        with transaction.atomic():
            trajectory.save()
    except IntegrityError as exc:
        if "trajectory_one_running_per_help_form" in str(exc) or (
            "UNIQUE" in str(exc) and "help_form" in str(exc)
        ):
            raise DomainError(_running_twice(), field="help_form") from exc
        raise


def _end_before_start() -> str:
    return _("De einddatum ligt voor de begindatum.")


def _build(
    errors: _Errors,
    *,
    actor: User,
    case: Case,
    child: Person,
    help_form: HelpForm,
    start_date: date,
    organisation: Organisation | None,
    team: Team | None,
    intensity: str,
    with_stay: bool | None,
    crisis_start: bool,
    specialist_reason: str,
) -> Trajectory:
    """An unsaved trajectory; what is wrong with it goes to `errors`."""
    region_id = case.team.region_id
    is_child = FamilyMember.objects.filter(
        family_id=case.family_id, person=child, relation=FamilyRelation.CHILD
    ).exists()
    if not is_child:
        errors.add("child", _("Dit kind hoort niet bij het gezin van deze casus."))
    elif start_date < child.date_of_birth:
        errors.add("start_date", _("Het traject kan niet beginnen voor de geboortedatum."))
    if not help_form.active or help_form.region_id not in (None, region_id):
        errors.add("help_form", _("Deze hulpvorm is niet te kiezen in de regio van de casus."))
    elif Trajectory.objects.filter(
        child=child, help_form=help_form, end_date__isnull=True
    ).exists():
        errors.add("help_form", _running_twice())
    if organisation is not None and organisation.region_id != region_id:
        errors.add("organisation", _("Deze organisatie hoort niet bij de regio van de casus."))
    if team is not None and team.region_id != region_id:
        errors.add("team", _("Dit team hoort niet bij de regio van de casus."))
    intensity = intensity.strip()
    if len(intensity) > MAX_INTENSITY:
        errors.add(
            "intensity",
            _("Beschrijf de intensiteit in hoogstens %(n)d tekens.") % {"n": MAX_INTENSITY},
        )
    level = CareLevel(help_form.level)
    reason = specialist_reason.strip()
    if level == CareLevel.SPECIALIST and not reason:
        errors.add("specialist_reason", _("Een specialistisch traject heeft een reden nodig."))
    return Trajectory(
        case=case,
        child=child,
        help_form=help_form,
        level=level,
        with_stay=help_form.with_stay if with_stay is None else with_stay,
        crisis_start=crisis_start,
        organisation=organisation,
        team=team,
        start_date=start_date,
        intensity=intensity,
        specialist_reason=reason if level == CareLevel.SPECIALIST else "",
        created_by=actor,
    )


def _check_end(
    errors: _Errors,
    trajectory: Trajectory,
    *,
    end_date: date,
    end_reason: str,
    end_subreason: str,
    date_field: str = "end_date",
) -> None:
    if end_date < trajectory.start_date:
        errors.add(date_field, _end_before_start())
    if end_reason not in EndReason.values:
        errors.add("end_reason", _("Kies of het traject volgens plan of voortijdig stopte."))
    elif end_reason == EndReason.PREMATURE and end_subreason not in EndSubreason.values:
        errors.add("end_subreason", _("Kies waarom het traject voortijdig stopte."))


def _apply_end(
    trajectory: Trajectory, *, end_date: date, end_reason: str, end_subreason: str
) -> None:
    trajectory.end_date = end_date
    trajectory.end_reason = end_reason
    trajectory.end_subreason = end_subreason if end_reason == EndReason.PREMATURE else ""
    trajectory.save(update_fields=["end_date", "end_reason", "end_subreason"])
    trajectory_ended.send(sender=Trajectory, trajectory=trajectory)


def _details(trajectory: Trajectory) -> dict[str, str]:
    return {
        "trajectory": str(trajectory.public_id),
        "help_form": trajectory.help_form.code,
        "level": trajectory.level,
    }


@transaction.atomic
def trajectory_start(
    *,
    actor: User,
    case: Case,
    child: Person,
    help_form: HelpForm,
    start_date: date,
    organisation: Organisation | None = None,
    team: Team | None = None,
    intensity: str = "",
    with_stay: bool | None = None,
    crisis_start: bool = False,
    specialist_reason: str = "",
) -> Trajectory:
    """Start a trajectory for a child of the case's family. `with_stay` None takes the help
    form's default. Trajectories may overlap (several forms of help at once)."""
    require_on_case(actor, Perm.CASE_EDIT, case)
    require_open_case(case)
    errors = _Errors()
    trajectory = _build(
        errors,
        actor=actor,
        case=case,
        child=child,
        help_form=help_form,
        start_date=start_date,
        organisation=organisation,
        team=team,
        intensity=intensity,
        with_stay=with_stay,
        crisis_start=crisis_start,
        specialist_reason=specialist_reason,
    )
    errors.raise_if_any()
    _save_new(trajectory)
    trajectory_started.send(sender=Trajectory, trajectory=trajectory)
    log_write(
        actor=actor,
        case=case,
        action=AccessAction.CREATE,
        record_type="trajectory",
        record_id=trajectory.public_id,
        event="trajectory.start",
        details=_details(trajectory),
    )
    return trajectory


@transaction.atomic
def trajectory_end(
    *,
    actor: User,
    case: Case,
    trajectory: Trajectory,
    end_date: date,
    end_reason: str,
    end_subreason: str = "",
) -> Trajectory:
    """End a running trajectory: volgens plan, or voortijdig with a sub-reason."""
    require_on_case(actor, Perm.CASE_EDIT, case)
    if trajectory.case_id != case.pk:
        raise NotFoundOrNotAllowed()
    require_open_case(case)
    if not trajectory.is_running:
        raise DomainError(_("Dit traject is al beëindigd."), field="trajectory")
    errors = _Errors()
    _check_end(
        errors, trajectory, end_date=end_date, end_reason=end_reason, end_subreason=end_subreason
    )
    errors.raise_if_any()
    _apply_end(trajectory, end_date=end_date, end_reason=end_reason, end_subreason=end_subreason)
    log_write(
        actor=actor,
        case=case,
        action=AccessAction.UPDATE,
        record_type="trajectory",
        record_id=trajectory.public_id,
        event="trajectory.end",
        details={**_details(trajectory), "end_reason": end_reason, "end_subreason": end_subreason},
    )
    return trajectory


@transaction.atomic
def trajectory_step_up(
    *,
    actor: User,
    case: Case,
    child: Person,
    help_form: HelpForm,
    on: date,
    reason: str,
    from_trajectory: Trajectory | None = None,
    end_from: bool = False,
    end_reason: str = EndReason.PREMATURE,
    end_subreason: str = EndSubreason.AGREED,
    organisation: Organisation | None = None,
    team: Team | None = None,
    intensity: str = "",
    with_stay: bool | None = None,
    crisis_start: bool = False,
) -> LevelChange:
    """Step a child up to specialist help: start the specialist trajectory on `on` (its
    specialist reason is the step-up reason), optionally end the basis trajectory it comes
    from (by default "voortijdig, in overeenstemming": other help is needed), and record
    the step. The case and its coordinator stay as they are."""
    return _change_level(
        LevelChangeKind.STEP_UP,
        actor=actor,
        case=case,
        child=child,
        help_form=help_form,
        on=on,
        reason=reason,
        from_trajectory=from_trajectory,
        end_from=end_from,
        end_reason=end_reason,
        end_subreason=end_subreason,
        organisation=organisation,
        team=team,
        intensity=intensity,
        with_stay=with_stay,
        crisis_start=crisis_start,
    )


@transaction.atomic
def trajectory_step_down(
    *,
    actor: User,
    case: Case,
    child: Person,
    help_form: HelpForm,
    on: date,
    reason: str,
    from_trajectory: Trajectory | None = None,
    end_from: bool = False,
    end_reason: str = EndReason.ACCORDING_TO_PLAN,
    end_subreason: str = "",
    organisation: Organisation | None = None,
    team: Team | None = None,
    intensity: str = "",
    with_stay: bool | None = None,
) -> LevelChange:
    """Step a child down to basis help: start the basis trajectory on `on`, optionally end
    the specialist one it comes from (by default "volgens plan"), and record the step."""
    return _change_level(
        LevelChangeKind.STEP_DOWN,
        actor=actor,
        case=case,
        child=child,
        help_form=help_form,
        on=on,
        reason=reason,
        from_trajectory=from_trajectory,
        end_from=end_from,
        end_reason=end_reason,
        end_subreason=end_subreason,
        organisation=organisation,
        team=team,
        intensity=intensity,
        with_stay=with_stay,
        crisis_start=False,
    )


def _change_level(
    kind: LevelChangeKind,
    *,
    actor: User,
    case: Case,
    child: Person,
    help_form: HelpForm,
    on: date,
    reason: str,
    from_trajectory: Trajectory | None,
    end_from: bool,
    end_reason: str,
    end_subreason: str,
    organisation: Organisation | None,
    team: Team | None,
    intensity: str,
    with_stay: bool | None,
    crisis_start: bool,
) -> LevelChange:
    require_on_case(actor, Perm.CASE_EDIT, case)
    require_open_case(case)
    up = kind == LevelChangeKind.STEP_UP
    target, source = (
        (CareLevel.SPECIALIST, CareLevel.BASIS) if up else (CareLevel.BASIS, CareLevel.SPECIALIST)
    )
    errors = _Errors()
    reason = reason.strip()
    if help_form.level != target:
        errors.add(
            "help_form",
            _("Opschalen kan alleen naar een specialistische hulpvorm.")
            if up
            else _("Afschalen kan alleen naar een basishulpvorm."),
        )
    if not reason:
        errors.add(
            "reason",
            _("Geef een reden voor het opschalen.")
            if up
            else _("Geef een reden voor het afschalen."),
        )
    if from_trajectory is not None:
        fits = (
            from_trajectory.case_id == case.pk
            and from_trajectory.child_id == child.pk
            and from_trajectory.level == source
            and from_trajectory.is_running
        )
        if not fits:
            errors.add(
                "from_trajectory",
                _("Kies een lopend basistraject van dit kind.")
                if up
                else _("Kies een lopend specialistisch traject van dit kind."),
            )
        elif end_from:
            _check_end(
                errors,
                from_trajectory,
                end_date=on,
                end_reason=end_reason,
                end_subreason=end_subreason,
                date_field="on",
            )
    elif end_from:
        errors.add("from_trajectory", _("Kies het traject dat eindigt."))
    trajectory = _build(
        errors,
        actor=actor,
        case=case,
        child=child,
        help_form=help_form,
        start_date=on,
        organisation=organisation,
        team=team,
        intensity=intensity,
        with_stay=with_stay,
        crisis_start=crisis_start,
        specialist_reason=reason if up else "",
    )
    # The step's own reason is asked once: do not report it twice as the specialist reason.
    errors.items = [item for item in errors.items if item[0] != "specialist_reason"]
    errors.raise_if_any()
    _save_new(trajectory)
    trajectory_started.send(sender=Trajectory, trajectory=trajectory)
    if from_trajectory is not None and end_from:
        _apply_end(from_trajectory, end_date=on, end_reason=end_reason, end_subreason=end_subreason)
    change = LevelChange.objects.create(
        case=case,
        child=child,
        kind=kind,
        on=on,
        reason=reason,
        from_trajectory=from_trajectory,
        to_trajectory=trajectory,
        created_by=actor,
    )
    log_write(
        actor=actor,
        case=case,
        action=AccessAction.CREATE,
        record_type="level_change",
        record_id=change.public_id,
        event=f"trajectory.{kind.value}",
        details={
            **_details(trajectory),
            "from_trajectory": str(from_trajectory.public_id) if from_trajectory else "",
            "ended_from": str(bool(from_trajectory and end_from)).lower(),
        },
    )
    return change
