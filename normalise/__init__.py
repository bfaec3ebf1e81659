"""Source tables → records: plans, actions, progress entries, leads and issues."""

from .actions import leads_of
from .audit import FLAG_CODES, audit_plan, flags_of
from .diff import CHANGE_CODES, diff_plans
from .models import (
    CONTRACT_VERSION,
    Action,
    Change,
    Flag,
    Issue,
    Lead,
    Plan,
    Precision,
    ProgressEntry,
    Rag,
    RagSource,
    Severity,
    Status,
)
from .options import Options
from .plans import document_to_plans, document_to_records
from .stored import StoredPlan, actions_of, decode_records, encode_records, materialise

__all__ = [
    "CHANGE_CODES",
    "CONTRACT_VERSION",
    "FLAG_CODES",
    "Action",
    "Change",
    "Flag",
    "Issue",
    "Lead",
    "Options",
    "Plan",
    "Precision",
    "ProgressEntry",
    "Rag",
    "RagSource",
    "Severity",
    "Status",
    "StoredPlan",
    "actions_of",
    "audit_plan",
    "decode_records",
    "diff_plans",
    "document_to_plans",
    "document_to_records",
    "encode_records",
    "flags_of",
    "leads_of",
    "materialise",
]
