"""Source tables → records: plans, actions, progress entries, leads and issues."""

from .models import (
    CONTRACT_VERSION,
    Action,
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
    "Action",
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
    "document_to_plans",
    "leads_of",
]
