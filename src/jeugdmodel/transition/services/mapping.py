"""The mapping table: old provider (AGB) → new organisation, old product → help form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.region.models import HelpForm, Organisation

from ..models import ProductMapping, ProviderMapping

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User


@transaction.atomic
def provider_mapping_set(
    *, actor: User, agb_code: str, old_name: str, organisation: Organisation
) -> ProviderMapping:
    """Map an old provider to a new organisation; a second call for the same AGB updates it
    (so a double click changes nothing)."""
    require(actor, Perm.TRANSITION_MAP)
    mapping, created = ProviderMapping.objects.update_or_create(
        agb_code=agb_code, defaults={"old_name": old_name.strip(), "organisation": organisation}
    )
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE if created else AccessAction.UPDATE,
        record_type="transition.provider_mapping",
        record_id=mapping.agb_code,
        event="transition.provider_mapped",
        details={"organisation": organisation.code},
    )
    return mapping


@transaction.atomic
def product_mapping_set(
    *, actor: User, productcode: str, old_description: str, help_form: HelpForm
) -> ProductMapping:
    """Map an old product code to a help form; a second call for the same code updates it."""
    require(actor, Perm.TRANSITION_MAP)
    mapping, created = ProductMapping.objects.update_or_create(
        productcode=productcode,
        defaults={"old_description": old_description.strip(), "help_form": help_form},
    )
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE if created else AccessAction.UPDATE,
        record_type="transition.product_mapping",
        record_id=mapping.productcode,
        event="transition.product_mapped",
        details={"help_form": help_form.code},
    )
    return mapping


@transaction.atomic
def provider_mapping_remove(*, actor: User, agb_code: str) -> bool:
    require(actor, Perm.TRANSITION_MAP)
    deleted, _rows = ProviderMapping.objects.filter(agb_code=agb_code).delete()
    if deleted:
        access_log_write(
            actor=actor,
            action=AccessAction.DELETE,
            record_type="transition.provider_mapping",
            record_id=agb_code,
            event="transition.provider_unmapped",
        )
    return bool(deleted)


@transaction.atomic
def product_mapping_remove(*, actor: User, productcode: str) -> bool:
    require(actor, Perm.TRANSITION_MAP)
    deleted, _rows = ProductMapping.objects.filter(productcode=productcode).delete()
    if deleted:
        access_log_write(
            actor=actor,
            action=AccessAction.DELETE,
            record_type="transition.product_mapping",
            record_id=productcode,
            event="transition.product_unmapped",
        )
    return bool(deleted)
