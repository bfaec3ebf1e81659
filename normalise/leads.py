"""Leads: split a lead cell into agencies or people, and map aliases."""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from pathlib import Path

# "/", ",", ";", "&", " and ", line breaks and bullets separate leads. "and" only as a whole
# word between spaces, so "Sandwell" or "Brand" are never split.
_SPLIT = re.compile(r"\s*(?:[/,;&\n]|\band\b|^\s*[•·▪◦●\-*]\s+|\n\s*[•·▪◦●\-*]\s*)\s*", re.I)
_BULLET = re.compile(r"^[•·▪◦●\-*]\s*")


def split_leads(raw: str, aliases: Mapping[str, str] | None = None) -> list[str]:
    """Split ``raw`` into leads, trimmed, in order, duplicates removed (after aliasing,
    compared case-insensitively)."""
    out: list[str] = []
    seen: set[str] = set()
    # Runs of spaces made one first: _SPLIT's leading \s* tries every start in a run and
    # is quadratic in its length; every part is collapsed the same way after the split.
    raw = "\n".join(" ".join(line.split()) for line in raw.split("\n"))
    for part in _SPLIT.split(raw):
        name = _BULLET.sub("", " ".join(part.split())).strip(" .")
        if not name:
            continue
        if aliases:
            name = aliases.get(name.casefold(), name)
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def load_aliases(path: str | Path) -> dict[str, str]:
    """Read an aliases CSV (``variant,canonical`` per row; a header row is allowed).
    Keys are case-folded so that "ythft" and "YTHFT" map alike."""
    aliases: dict[str, str] = {}
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 2 or not row[0].strip():
                continue
            variant, canonical = row[0].strip(), row[1].strip()
            if variant.casefold() in ("variant", "alias") and canonical.casefold() in (
                    "canonical", "name", "lead"):
                continue
            aliases[variant.casefold()] = canonical
    return aliases
