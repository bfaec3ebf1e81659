"""Format name → writer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from normalise import Issue, Plan

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
    """Write every requested format. ``other_issues`` are those attached to no plan."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in formats:
        if name == "csv":
            written += write_csv(plans, all_issues(plans, other_issues), out_dir, bom=bom)
        elif name == "json":
            written += write_json(plans, other_issues, out_dir)
    return written
