"""Format name → writer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from normalise import Issue, Plan

from .atomic import staged
from .contract import all_issues
from .csv import write_csv
from .json import write_json

FORMATS = ("csv", "json")


class UnknownFormatError(ValueError):
    """A format name that no writer handles."""


def parse_formats(spec: str) -> list[str]:
    """``"csv,json"`` → ``["csv", "json"]``; raises :class:`UnknownFormatError`."""
    names = [f.strip().lower() for f in spec.split(",") if f.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UnknownFormatError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(names))


def write_outputs(plans: Sequence[Plan], other_issues: Sequence[Issue], out_dir: Path,
                  formats: Sequence[str], *, bom: bool = True) -> list[Path]:
    """Write every requested format into ``out_dir`` as one set: all files are staged
    first and renamed into place together. ``other_issues`` are those attached to no
    plan. Returns the final paths."""
    written: list[str] = []
    with staged(out_dir) as stage:
        for name in formats:
            if name == "csv":
                paths = write_csv(plans, all_issues(plans, other_issues), stage, bom=bom)
            elif name == "json":
                paths = write_json(plans, other_issues, stage)
            written += [p.name for p in paths]
    return [out_dir / n for n in written]
