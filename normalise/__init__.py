"""Source tables → records: plans, actions, progress entries, leads and issues."""

from .audit import FLAG_CODES, audit_plan, flags_of
from .models import (
    CONTRACT_VERSION,
    Action,
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
from .plans import Options, document_to_plans, leads_of

__all__ = [
    "CONTRACT_VERSION",
    "FLAG_CODES",
    "Action",
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
    "audit_plan",
    "document_to_plans",
    "flags_of",
    "leads_of",
]
