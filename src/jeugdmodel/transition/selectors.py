"""Reads of the transition app."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import QuerySet

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.cases.selectors import case_get_for
from jeugdmodel.core.errors import NotFoundOrNotAllowed

from .letter_models import FamilyLetter, LetterBatch
from .models import ProductMapping, ProviderMapping, RunningClient

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User


def provider_mappings(*, user: User) -> QuerySet[ProviderMapping]:
    require(user, Perm.TRANSITION_MAP)
    return ProviderMapping.objects.select_related("organisation").order_by("agb_code")


def product_mappings(*, user: User) -> QuerySet[ProductMapping]:
    require(user, Perm.TRANSITION_MAP)
    return ProductMapping.objects.select_related("help_form").order_by("productcode")


def mapped_keys() -> tuple[dict[str, int], dict[str, int]]:
    """AGB code → new organisation id, and product code → help form id (two queries)."""
    providers = dict(ProviderMapping.objects.values_list("agb_code", "organisation_id"))
    products = dict(ProductMapping.objects.values_list("productcode", "help_form_id"))
    return providers, products


def letter_batches_visible_to(*, user: User) -> QuerySet[LetterBatch]:
    require(user, Perm.TRANSITION_LETTERS)
    return LetterBatch.objects.select_related("template", "requested_by").order_by(
        "-created_at", "-id"
    )


def letter_batch_get_for(*, user: User, public_id: UUID | str) -> LetterBatch:
    """One batch (no personal data on it: counts and the job). Not found and not allowed
    are the same."""
    batch = letter_batches_visible_to(user=user).filter(public_id=public_id).first()
    if batch is None:
        raise NotFoundOrNotAllowed()
    return batch


def letter_archive_for(*, user: User, public_id: UUID | str) -> LetterBatch:
    """The batch whose zip is downloaded: written to the access log as an export with every
    child the letters are about."""
    batch = letter_batch_get_for(user=user, public_id=public_id)
    if not batch.archive:
        raise NotFoundOrNotAllowed()
    families = batch.letters.values_list("family_id", flat=True)
    access_log_write(
        actor=user,
        action=AccessAction.EXPORT,
        record_type="transition.letter_batch",
        record_id=batch.public_id,
        subjects=RunningClient.objects.filter(family_id__in=families)
        .values_list("person_id", flat=True)
        .distinct(),
        event="transition.letters_downloaded",
    )
    return batch


def family_letters(*, family_id: int) -> QuerySet[FamilyLetter]:
    """The letters about the switch sent to a family, newest first (shown on the case page,
    whose read is already in the access log)."""
    return FamilyLetter.objects.filter(family_id=family_id).order_by("-created_at", "-id")


def family_letter_for_case(
    *, user: User, case_id: UUID | str, letter_id: UUID | str
) -> FamilyLetter:
    """A letter opened from the case page: the reader must be allowed to see the case, and
    the letter must belong to the case's family. Written to the access log as an export."""
    case = case_get_for(user=user, public_id=case_id, purpose="brief over de overstap lezen")
    letter = (
        FamilyLetter.objects.select_related("family")
        .filter(public_id=letter_id, family_id=case.family_id)
        .first()
    )
    if letter is None:
        raise NotFoundOrNotAllowed()
    access_log_write(
        actor=user,
        action=AccessAction.EXPORT,
        record_type="transition.family_letter",
        record_id=letter.public_id,
        subjects=RunningClient.objects.filter(family_id=letter.family_id)
        .values_list("person_id", flat=True)
        .distinct(),
        event="transition.letter_downloaded",
    )
    return letter
