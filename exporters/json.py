"""``plans.json``: the same data nested, plans → actions → progress entries."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from normalise import CONTRACT_VERSION, Issue, Plan


class PlansDocument(BaseModel):
    """The whole of ``plans.json``: its JSON Schema is this model's."""

    contract_version: str
    plans: list[Plan]
    issues: list[Issue]


def plans_document(plans: Sequence[Plan], issues: Sequence[Issue]) -> PlansDocument:
    """The JSON document: contract version, plans (each with its actions and its own
    issues) and the issues attached to no plan (files that failed, tables skipped)."""
    return PlansDocument(contract_version=CONTRACT_VERSION, plans=list(plans),
                         issues=list(issues))


def write_json(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path) -> list[Path]:
    """Write ``plans.json`` into ``out_dir``; ``issues`` are those attached to no plan."""
    path = out_dir / "plans.json"
    # pydantic serialises in Rust: several times faster than json.dump with an indent.
    path.write_bytes(plans_document(plans, issues).model_dump_json(indent=2).encode() + b"\n")
    return [path]
