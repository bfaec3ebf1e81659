"""JSON Lines: one action per line, its progress entries and leads nested, for streaming."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from normalise.models import Action, Issue, Plan

from .sink import Context, Records, drive


def action_line(action: Action) -> str:
    """One action as its line of ``actions.jsonl`` (with the newline)."""
    return json.dumps(action.model_dump(mode="json"), ensure_ascii=False) + "\n"


class JsonlSink:
    """``actions.jsonl``: a line per action as it comes."""

    def __init__(self, ctx: Context) -> None:
        self.path = ctx.stage / "actions.jsonl"
        self.fh: TextIO = self.path.open("w", encoding="utf-8", newline="\n")

    def plan(self, plan: Plan) -> None:
        """Plans have no line of their own."""

    def action(self, action: Action) -> None:
        """One line."""
        self.fh.write(action_line(action))

    def issue(self, issue: Issue, attached: bool) -> None:
        """Issues are not in this file."""

    def close(self) -> list[Path]:
        """Close the file."""
        self.fh.close()
        return [self.path]


class _StreamSink(JsonlSink):
    """The lines of ``actions.jsonl`` onto a stream the caller owns (standard output)."""

    def __init__(self, fh: TextIO) -> None:  # no stage: nothing is written to disk
        self.fh = fh

    def close(self) -> list[Path]:
        """Flush; the stream stays open (it is the caller's)."""
        self.fh.flush()
        return []


def write_jsonl(plans: Sequence[Plan], out_dir: Path) -> list[Path]:
    """Write ``actions.jsonl``."""
    return drive([JsonlSink(Context(out_dir, out_dir))], plans, ())


def stream_jsonl(plans: Records, fh: TextIO) -> None:
    """Write the lines ``actions.jsonl`` would hold to ``fh`` (``convert -o -``), each
    action as its plan's records are read back: nothing held whole, nothing on disk."""
    drive([_StreamSink(fh)], plans, ())
