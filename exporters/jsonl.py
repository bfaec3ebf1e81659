"""JSON Lines: one action per line, its progress entries and leads nested, for streaming."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from normalise.models import Plan
from normalise.stored import actions_of


def write_jsonl(plans: Sequence[Plan], out_dir: Path) -> list[Path]:
    """Write ``actions.jsonl``."""
    path = out_dir / "actions.jsonl"
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for plan in plans:
            for action in actions_of(plan):
                fh.write(json.dumps(action.model_dump(mode="json"), ensure_ascii=False))
                fh.write("\n")
    return [path]
