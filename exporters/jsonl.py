"""JSON Lines: one action per line, its progress entries and leads nested, for streaming."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from normalise.models import Action, Issue, Plan

from .sink import Context, drive


class JsonlSink:
    """``actions.jsonl``: a line per action as it comes."""

    def __init__(self, ctx: Context) -> None:
        self.path = ctx.stage / "actions.jsonl"
        self.fh = self.path.open("w", encoding="utf-8", newline="\n")

    def plan(self, plan: Plan) -> None:
        """Plans have no line of their own."""

    def action(self, action: Action) -> None:
        """One line."""
        self.fh.write(json.dumps(action.model_dump(mode="json"), ensure_ascii=False))
        self.fh.write("\n")

    def issue(self, issue: Issue, attached: bool) -> None:
        """Issues are not in this file."""

    def close(self) -> list[Path]:
        """Close the file."""
        self.fh.close()
        return [self.path]


def write_jsonl(plans: Sequence[Plan], out_dir: Path) -> list[Path]:
    """Write ``actions.jsonl``."""
    return drive([JsonlSink(Context(out_dir, out_dir))], plans, ())
