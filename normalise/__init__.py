"""Source tables → records: plans, actions, progress entries, leads and issues.

Names are loaded on first use: ``import normalise.defaults`` (what the command line's
help needs) must not pay for pydantic, dateparser or the readers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .derived import FLAG_CODES, audit_plan, flags_of, leads_of
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
    from .stored import PlanRecord, PlanRecords, decode_records, encode_records

#: Public name → the module that defines it.
_WHERE = {
    "leads_of": "derived",
    "FLAG_CODES": "derived", "audit_plan": "derived", "flags_of": "derived",
    "CHANGE_CODES": "diff", "diff_plans": "diff",
    **dict.fromkeys(["CONTRACT_VERSION", "Action", "Change", "Flag", "Issue", "Lead", "Plan",
                     "Precision", "ProgressEntry", "Rag", "RagSource", "Severity", "Status"],
                    "models"),
    "Options": "options",
    "document_to_plans": "plans", "document_to_records": "plans",
    **dict.fromkeys(["PlanRecord", "PlanRecords", "decode_records", "encode_records"],
                    "stored"),
}

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
    "PlanRecord",
    "PlanRecords",
    "Precision",
    "ProgressEntry",
    "Rag",
    "RagSource",
    "Severity",
    "Status",
    "audit_plan",
    "decode_records",
    "diff_plans",
    "document_to_plans",
    "document_to_records",
    "encode_records",
    "flags_of",
    "leads_of",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'normalise' has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
