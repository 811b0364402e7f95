"""What happened to a running client's care: the handover status (issue point 5).

Each change is checked (dates, who the new coordinator is, the region's transitional
right), written with its time and logged in the access log. The family case is opened or
linked through the case services; a child the import matched to a known person is only
linked after the user confirmed it is the same child (the match is a claim).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.cases.models import Case, CaseStatus
from jeugdmodel.cases.services.lifecycle import case_open_for_family
from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.models import RegionSwitch

from ..caseload import transitional_end
from ..models import ClosedReason, HandoverStatus, RunningClient
from ..selectors import require_on_client

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User


def _today() -> date:
    return timezone.localdate()


def _locked(client: RunningClient) -> RunningClient:
    return (
        RunningClient.objects.select_for_update(of=("self",))
        .select_related("team", "family")
        .get(pk=client.pk)
    )


def _switch() -> RegionSwitch | None:
    return RegionSwitch.objects.order_by("region__code").first()


def _not_in_future(day: date, field: str) -> None:
    if day > _today():
        raise DomainError(_("Deze datum ligt in de toekomst."), field=field)


def _save(actor: User, client: RunningClient, status: str, **fields: object) -> RunningClient:
    client.status = status
    client.new_coordinator = None
    client.handover_on = None
    client.transitional_until = None
    client.closed_reason = ""
    client.closed_on = None
    for name, value in fields.items():
        setattr(client, name, value)
    client.status_changed_at = timezone.now()
    client.save(
        update_fields=[
            "status",
            "new_coordinator",
            "handover_on",
            "transitional_until",
            "closed_reason",
            "closed_on",
            "status_changed_at",
        ]
    )
    access_log_write(
        actor=actor,
        action=AccessAction.UPDATE,
        record_type="transition.running_client",
        record_id=client.public_id,
        subjects=[client.person_id],
        event="transition.handover_set",
        details={"status": status},
    )
    return client


@transaction.atomic
def handover_warm(
    *, actor: User, client: RunningClient, coordinator: User, on: date
) -> RunningClient:
    """Warm handover done: the new coordinator (an active member of the client's team, or
    of any team when the client has none) took over on `on`."""
    require_on_client(actor, Perm.TRANSITION_HANDOVER, client)
    client = _locked(client)
    _not_in_future(on, "on")
    if on < client.care_start:
        raise DomainError(_("De overdracht kan niet vóór de start van de zorg liggen."), field="on")
    teams = coordinator.active_team_ids(on) if coordinator.is_active else set()
    if not coordinator.gives_care or not teams or (client.team_id and client.team_id not in teams):
        raise DomainError(
            _("De nieuwe regiehouder moet een actief lid van het team van dit kind zijn."),
            field="coordinator",
        )
    return _save(
        actor, client, HandoverStatus.WARM_HANDOVER, new_coordinator=coordinator, handover_on=on
    )


@transaction.atomic
def handover_transitional(*, actor: User, client: RunningClient, until: date) -> RunningClient:
    """Care continues with the old provider under the transitional right until `until`,
    which lies on or after the switch date and not after the region's end of the right."""
    require_on_client(actor, Perm.TRANSITION_HANDOVER, client)
    client = _locked(client)
    switch = _switch()
    if switch is not None and until < switch.switch_date:
        raise DomainError(
            _("Het overgangsrecht eindigt niet vóór de overstapdatum."), field="until"
        )
    last = transitional_end(switch, client.productcode)
    if last is not None and until > last:
        raise DomainError(
            _("Het overgangsrecht voor dit product loopt hoogstens tot en met %(day)s.")
            % {"day": last.strftime("%d-%m-%Y")},
            field="until",
        )
    return _save(actor, client, HandoverStatus.TRANSITIONAL, transitional_until=until)


@transaction.atomic
def handover_close(*, actor: User, client: RunningClient, reason: str, on: date) -> RunningClient:
    """The care was closed with a reason (no handover needed)."""
    require_on_client(actor, Perm.TRANSITION_HANDOVER, client)
    client = _locked(client)
    if reason not in ClosedReason.values:
        raise DomainError(_("Kies een reden van afsluiten."), field="reason")
    _not_in_future(on, "on")
    if on < client.care_start:
        raise DomainError(_("Afsluiten kan niet vóór de start van de zorg."), field="on")
    return _save(actor, client, HandoverStatus.CLOSED, closed_reason=reason, closed_on=on)


@transaction.atomic
def handover_unknown(*, actor: User, client: RunningClient) -> RunningClient:
    """Back to unknown (a status set by mistake); the child returns to the worklist."""
    require_on_client(actor, Perm.TRANSITION_HANDOVER, client)
    return _save(actor, _locked(client), HandoverStatus.UNKNOWN)


@transaction.atomic
def handover_case_link(
    *,
    actor: User,
    client: RunningClient,
    coordinator: User | None = None,
    same_child_confirmed: bool = False,
) -> Case:
    """Link the family's open case to the running client, or open one for the family in
    the client's team with `coordinator`. A child the import matched to a known person is
    only linked after the user confirmed it is the same child."""
    require_on_client(actor, Perm.TRANSITION_HANDOVER, client)
    client = _locked(client)
    if client.case_id is not None:
        raise DomainError(_("Er is al een casus gekoppeld."))
    if client.was_known and not same_child_confirmed:
        raise DomainError(
            _(
                "Dit kind was al bekend. Bevestig eerst dat het om hetzelfde kind gaat als in "
                "het bestand."
            ),
            field="same_child",
        )
    case = (
        Case.objects.filter(family_id=client.family_id)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("opened_on", "id")
        .first()
    )
    if case is None:
        if client.team is None:
            raise DomainError(
                _("Dit kind heeft geen wijkteam; een casus openen kan alleen in een team.")
            )
        if coordinator is None:
            raise DomainError(
                _("Kies een regiehouder: dit gezin heeft nog geen open casus."),
                field="coordinator",
            )
        case = case_open_for_family(
            actor=actor, family=client.family, team=client.team, coordinator=coordinator
        )
    client.case = case
    client.save(update_fields=["case"])
    access_log_write(
        actor=actor,
        action=AccessAction.UPDATE,
        record_type="transition.running_client",
        record_id=client.public_id,
        subjects=[client.person_id],
        event="transition.case_linked",
        details={"case": str(case.public_id), "confirmed_known": client.was_known},
    )
    return case
