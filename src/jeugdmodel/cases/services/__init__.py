"""Every write on a case, one module per subject. Import from here."""

from .base import CaseClosed
from .consent import (
    ConsentRefused,
    consent_attach_to_case,
    consent_give,
    consent_record_for_request,
    consent_withdraw,
)
from .documents import document_upload
from .emergency import (
    EmergencyRefused,
    emergency_access_review,
    emergency_access_start,
)
from .family import adult_service_link_add, external_involvement_add
from .journal import journal_add
from .lifecycle import (
    REOPEN_WINDOW,
    case_close,
    case_coordinator_change,
    case_reopen,
    case_team_add,
    case_team_end,
)
from .plan import PlanConflict, plan_children, plan_latest_number, plan_save

__all__ = [
    "REOPEN_WINDOW",
    "CaseClosed",
    "ConsentRefused",
    "EmergencyRefused",
    "PlanConflict",
    "adult_service_link_add",
    "case_close",
    "case_coordinator_change",
    "case_reopen",
    "case_team_add",
    "case_team_end",
    "consent_attach_to_case",
    "consent_give",
    "consent_record_for_request",
    "consent_withdraw",
    "document_upload",
    "emergency_access_review",
    "emergency_access_start",
    "external_involvement_add",
    "journal_add",
    "plan_children",
    "plan_latest_number",
    "plan_save",
]
