"""One table row → one :class:`Action`: typed values beside the raw cells, and the
row's issues (unreadable dates, unknown statuses, cut-off text)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ingest import Cell, SourceDocument, SourceTable

from .derived import leads_of
from .ids import make_action_id
from .leads import split_leads
from .models import Action, Issue, ProgressEntry, Rag, RagSource, Severity
from .options import Options
from .progress import looks_truncated, split_progress
from .rows import TableLayout
from .status import read_status
from .targets import parse_target_date
from .unwrap import unwrap

_TEXT_FIELDS = ("finding", "recommendation", "action", "evidence", "progress")
_SEVERITY = {"invalid-date": Severity.error, "ambiguous-date": Severity.error,
             "unparsed-date": Severity.warning}


class _IssueFn(Protocol):
    def __call__(self, code: str, message: str, field_name: str,
                 severity: Severity = ...) -> None: ...


@dataclass(slots=True)
class Ctx:
    """Where a row's issues go, and the provenance they carry."""

    doc: SourceDocument
    table: SourceTable
    plan_id: str
    issues: list[Issue]

    def issue(self, code: str, message: str, *, severity: Severity = Severity.warning,
              action_id: str | None = None, row: int | None = None,
              field_name: str | None = None, plan: bool = True) -> None:
        self.issues.append(Issue(
            source_file=self.doc.source_file, plan_id=self.plan_id if plan else None,
            action_id=action_id, page=self.table.page, table_index=self.table.table_index,
            row_index=None if row is None else row + 1, field=field_name, code=code,
            severity=severity, message=message))


def header_of(layout: TableLayout, c: int) -> str:
    """The header text of column ``c`` (``column N`` past the header's end)."""
    return layout.headers[c] if c < len(layout.headers) else f"column {c + 1}"


def cell_at(row: Sequence[Cell], col: int | None) -> Cell:
    """The cell at ``col``, or an empty cell where the row is short or there is no column."""
    return row[col] if col is not None and col < len(row) else Cell()


def row_to_action(ctx: Ctx, layout: TableLayout, r: int, row: Sequence[Cell], seq: int,
                  section: str, options: Options, page_last: int | None = None) -> Action:
    """Build one action from a table row: typed values beside the raw cells."""
    action_id = make_action_id(ctx.plan_id, seq)
    if ctx.table.wrapped_lines:
        # Visual lines (PDF) → paragraphs, once any continuation rows have been joined.
        row = [Cell(unwrap(c.paragraphs), c.fill, c.merged) for c in row]

    def issue(code: str, message: str, field_name: str,
              severity: Severity = Severity.warning) -> None:
        """Record an issue about this row."""
        ctx.issue(code, message, severity=severity, action_id=action_id, row=r,
                  field_name=field_name)

    text = {name: cell_at(row, layout.column(name)).text for name in
            ("ref", "lead", "target_date", "status", "rag", *_TEXT_FIELDS)}
    extra = {}
    for c, cell in enumerate(row):
        unmapped = c >= len(layout.matches) or layout.matches[c].field is None
        # A separate RAG column's words are kept as written, beside the rating read.
        if (unmapped or layout.matches[c].field == "rag") and cell.text.strip():
            extra[header_of(layout, c)] = cell.text
    ref = " ".join(text["ref"].split()).rstrip(".")
    if ctx.table.wrapped_lines:
        # A number too wide for its column wraps ("100" / "0"): its digits belong together.
        ref = re.sub(r"(?<=\d) (?=\d)", "", ref)
    label = f"action {ref}" if ref else f"row {r + 1}"

    target = parse_target_date(text["target_date"], options.date_order)
    if target.problem:
        issue(target.problem, target.message, "target_date",
              _SEVERITY.get(target.problem, Severity.warning))

    reading = read_status(text["status"], options.vocabulary)
    if not reading.understood:
        issue("unknown-status", f"status '{text['status'].strip()}' of {label} is not a known "
              "status or RAG rating; kept in status_raw", "status")
    rag, rag_source = _rating(row, layout, text, reading.rag, options, issue, label)

    entries = split_progress(cell_at(row, layout.column("progress")).paragraphs,
                             options.date_order)
    for e in entries:
        if e.problem:
            issue(e.problem, e.message, "progress", _SEVERITY.get(e.problem, Severity.warning))
    dated = [e.date for e in entries if e.date is not None]
    for name in _TEXT_FIELDS:
        if looks_truncated(text[name]):
            tail = " ".join(text[name].split()[-6:])
            issue("truncated-cell", f"the {name} cell of {label} ends mid-sentence "
                  f"('…{tail}'); the source text may have been cut off", name)

    leads = split_leads(text["lead"], options.aliases)
    return Action(
        plan_id=ctx.plan_id, action_id=action_id, seq=seq, ref=ref,
        finding=text["finding"], recommendation=text["recommendation"],
        action=text["action"], lead=text["lead"], leads=leads,
        target_date=target.value, target_date_precision=target.precision if target.value
        else None, target_date_raw=text["target_date"], status=reading.status,
        status_raw=text["status"], rag=rag, rag_source=rag_source,
        evidence=text["evidence"], progress=text["progress"], update_count=len(entries),
        first_update_date=min(dated) if dated else None,
        last_update_date=max(dated) if dated else None, extra=extra,
        source_file=ctx.doc.source_file, page_first=ctx.table.page,
        page_last=page_last if page_last is not None else ctx.table.page,
        table_index=ctx.table.table_index, row_index=r + 1, section=section,
        entries=[ProgressEntry(plan_id=ctx.plan_id, action_id=action_id, entry_seq=i,
                               entry_date=e.date, entry_date_precision=e.precision,
                               entry_date_raw=e.raw, text=e.text)
                 for i, e in enumerate(entries, 1)])


def _rating(row: Sequence[Cell], layout: TableLayout, text: dict[str, str],
            status_rag: Rag | None, options: Options, issue: _IssueFn, label: str
            ) -> tuple[Rag | None, RagSource | None]:
    """RAG from, in order: a RAG column's words, its colour, the status cell's words,
    the status cell's colour. Text wins over colour within a cell."""
    from .colours import rag_from_fill

    cells = []
    if layout.column("rag") is not None:
        rag_reading = read_status(text["rag"], options.vocabulary)
        if not rag_reading.understood:
            issue("unknown-status", f"RAG '{text['rag'].strip()}' of {label} is not a known "
                  "RAG rating; kept in extra", "rag")
        if rag_reading.rag:
            return rag_reading.rag, RagSource.text
        cells.append(cell_at(row, layout.column("rag")))
    if status_rag:
        return status_rag, RagSource.text
    cells.append(cell_at(row, layout.column("status")))
    for cell in cells:
        if cell.fill:
            rag = options.colour_key.get(cell.fill.upper()) or rag_from_fill(cell.fill)
            if rag:
                return rag, RagSource.colour
    return None, None


__all__ = ["Ctx", "cell_at", "header_of", "leads_of", "row_to_action"]
