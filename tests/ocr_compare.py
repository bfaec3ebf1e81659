"""How far a scan's plan agrees with the text-layer PDF's, field by field (for the OCR
tests and ``benchmarks/ocr.py``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from normalise import Plan


def fields_of(plan: Plan) -> list[tuple[Any, ...]]:
    """Per action, the checked fields: ref, leads, target date and its precision, status,
    evidence present, update count."""
    return [(a.ref, tuple(a.leads), a.target_date, a.target_date_precision, a.status,
             bool(a.evidence.strip()), a.update_count) for a in plan.actions]


#: Typographic quotes as the plain ones: Tesseract reads a straight ' as ‘ or ’, the same
#: character to a reader (the comparison folds them; the data keeps what was read).
_QUOTES = str.maketrans("‘’“”", "''\"\"")


def entries_of(plan: Plan) -> list[Counter[tuple[Any, ...]]]:
    """Per action, its progress entries as (date, precision, first three words)."""
    return [Counter((e.entry_date, e.entry_date_precision,
                     tuple(e.text.translate(_QUOTES).split()[:3]))
                    for e in a.entries) for a in plan.actions]


def agreement(scan: Plan, text: Plan) -> tuple[int, int, int, int]:
    """(fields the same, fields checked, entries the same, entries in the text layer)."""
    fields_same = fields_total = 0
    for want, got in zip(fields_of(text), [*fields_of(scan), *[()] * len(text.actions)],
                         strict=False):
        fields_total += len(want)
        fields_same += sum(1 for k, v in enumerate(want) if k < len(got) and got[k] == v)
    entries_same = entries_total = 0
    scan_entries = entries_of(scan)
    for k, want_entries in enumerate(entries_of(text)):
        got_entries = scan_entries[k] if k < len(scan_entries) else Counter()
        entries_total += sum(want_entries.values())
        entries_same += sum((want_entries & got_entries).values())
    return fields_same, fields_total, entries_same, entries_total
