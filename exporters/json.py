"""``plans.json``: the same data nested, plans → actions → progress entries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from normalise import CONTRACT_VERSION, Issue, Plan


def plans_document(plans: Sequence[Plan], issues: Sequence[Issue]) -> dict[str, object]:
    """The JSON document: contract version, plans (each with its actions and its own
    issues) and the issues attached to no plan (files that failed, tables skipped)."""
    return {
        "contract_version": CONTRACT_VERSION,
        "plans": [p.model_dump(mode="json") for p in plans],
        "issues": [i.model_dump(mode="json") for i in issues],
    }


def write_json(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path) -> list[Path]:
    """Write ``plans.json`` into ``out_dir``; ``issues`` are those attached to no plan."""
    path = out_dir / "plans.json"
    doc = plans_document(plans, issues)
    with path.open("w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return [path]
