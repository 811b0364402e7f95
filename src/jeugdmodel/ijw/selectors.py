"""Reads for the ijw app."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.accounts.models import User
from jeugdmodel.care.models import Trajectory
from jeugdmodel.cases.models import Case
from jeugdmodel.core.errors import DomainError, NotFoundOrNotAllowed
from jeugdmodel.region.models import IjwProduct, Municipality, Organisation, Region

from .models import InboxMessage, InState, OutboxMessage, OutState
from .rules import MemoryContext


def region_for_messages(region_code: str | None = None) -> Region | None:
    """The region whose codes and products the checks use: the named one, or the only one
    (None when the database holds no region)."""
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            raise DomainError(_("Er is geen regio met code '%(code)s'.") % {"code": region_code})
        return region
    regions = list(Region.objects.order_by("code")[:2])
    if len(regions) > 1:
        raise DomainError(_("Er zijn meerdere regio's; kies er een met --region."))
    return regions[0] if regions else None


def region_codes(region: Region) -> set[str]:
    """Our codes in iJw headers: the municipalities (4 digits) and the organisations' AGB."""
    codes = {
        m.code.removeprefix("GM") for m in Municipality.objects.filter(region=region).only("code")
    }
    codes |= set(
        Organisation.objects.filter(region=region)
        .exclude(agb_code="")
        .values_list("agb_code", flat=True)
    )
    return codes


def region_products(region: Region) -> dict[tuple[str, str], str]:
    return {(p.category, p.code): p.variant for p in IjwProduct.objects.filter(region=region)}


def memory_context(*, today: date, region: Region | None) -> MemoryContext:
    """A context for files checked together; without a region the region checks are off."""
    if region is None:
        return MemoryContext(today=today)
    codes = region_codes(region)
    return MemoryContext(
        today=today, products=region_products(region), receivers=codes, senders=codes
    )


# ---------------------------------------------------------------------------------------
# Pages


def messages_of_case(
    *, case: Case, trajectory: Trajectory | None = None
) -> QuerySet[OutboxMessage]:
    """The messages of a case (or one of its trajectories), newest first. The caller has
    read the case through ``case_get_for`` (access check and access log)."""
    rows = OutboxMessage.objects.filter(case=case).select_related(
        "trajectory__help_form", "trajectory__child"
    )
    if trajectory is not None:
        rows = rows.filter(trajectory=trajectory)
    return rows.order_by("-created_at", "-id")


def trajectory_of_case(*, case: Case, public_id: UUID) -> Trajectory:
    trajectory = Trajectory.objects.filter(case=case, public_id=public_id).first()
    if trajectory is None:
        raise NotFoundOrNotAllowed()
    return trajectory


ATTENTION = (OutState.WAITING, OutState.FAILED, OutState.REJECTED)


def outbox_needing_attention(*, user: User) -> QuerySet[OutboxMessage]:
    """Outgoing messages that wait, failed or were rejected (no content: type, parties,
    state, reason), oldest first."""
    require(user, Perm.IJW_MANAGE)
    return (
        OutboxMessage.objects.filter(state__in=ATTENTION)
        .annotate(resent=Exists(OutboxMessage.objects.filter(resend_of=OuterRef("pk"))))
        .order_by("state", "created_at", "id")
        .defer("content")
    )


def inbox_rejected(*, user: User) -> QuerySet[InboxMessage]:
    require(user, Perm.IJW_MANAGE)
    return (
        InboxMessage.objects.filter(state=InState.REJECTED)
        .order_by("-received_at", "-id")
        .defer("content")
    )


def outbox_message_for(*, user: User, public_id: UUID) -> OutboxMessage:
    require(user, Perm.IJW_MANAGE)
    message = OutboxMessage.objects.filter(public_id=public_id).first()
    if message is None:
        raise NotFoundOrNotAllowed()
    return message
