"""Reads for the ijw app."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.models import IjwProduct, Municipality, Organisation, Region

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
