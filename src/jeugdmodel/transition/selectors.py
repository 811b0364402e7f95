"""Reads of the transition app."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import QuerySet

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.core.errors import NotFoundOrNotAllowed
from jeugdmodel.jobs.models import Job

from .models import CaseloadImport, ProductMapping, ProviderMapping

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


def caseload_imports(*, user: User, limit: int = 20) -> list[CaseloadImport]:
    """The latest imports: file name, counts and who (no personal data of children)."""
    require(user, Perm.TRANSITION_IMPORT)
    return list(CaseloadImport.objects.select_related("imported_by")[:limit])


def import_job_for(*, user: User, job_id: UUID | str) -> Job:
    """An import job, for the user who started it; anything else is "not found"."""
    require(user, Perm.TRANSITION_IMPORT)
    job = Job.objects.filter(pk=job_id, task_path__endswith=".caseload_import_job").first()
    if job is None or job.kwargs.get("actor_id") != user.pk:
        raise NotFoundOrNotAllowed()
    return job
