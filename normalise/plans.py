"""Source tables → plans: the orchestration of header mapping, row classification,
progress splitting, status, leads and dates. Every cell reaches a field or ``extra``."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from ingest import Cell, SourceDocument, SourceTable

from .audit import DEFAULT_STALE_DAYS, audit_plan
from .dates import DateOrder
from .leads import split_leads
from .models import Action, Issue, Lead, Plan, ProgressEntry, Rag, RagSource, Severity
from .progress import looks_truncated, split_progress
from .rows import RowKind, TableLayout, distinct_texts, find_layout, headerless, same_header
from .status import read_status
from .targets import parse_target_date
from .unwrap import unwrap

_TEXT_FIELDS = ("finding", "recommendation", "action", "evidence", "progress")
_SEVERITY = {"invalid-date": Severity.error, "ambiguous-date": Severity.error,
             "unparsed-date": Severity.warning}


@dataclass(frozen=True, slots=True)
class Options:
    """Settings that change how values are read (and so the cache key of a file)."""

    date_order: DateOrder = "DMY"
    aliases: Mapping[str, str] = field(default_factory=dict)
    #: A publisher's own colour key: fill ``RRGGBB`` → rag, tried before hue matching.
    colour_key: Mapping[str, Rag] = field(default_factory=dict)
    #: The date audit fields are computed as of: a date, "today", or None for each
    #: plan's latest dated progress entry.
    as_of: date | str | None = None
    stale_days: int = DEFAULT_STALE_DAYS


class _IssueFn(Protocol):
    def __call__(self, code: str, message: str, field_name: str,
                 severity: Severity = ...) -> None: ...


@dataclass(slots=True)
class _Ctx:
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


def make_plan_id(sha256: str, source_file: str, table_index: int) -> str:
    """12 hex digits, stable for the same file (content and name) and table. The name is
    the base name, so "samples/x.txt" and "./samples/x.txt" agree, while two copies of a
    document under different names stay two plans, in one run or in a database built up
    over several."""
    name = source_file.replace("\\", "/").rsplit("/", 1)[-1]
    return hashlib.sha256(f"{sha256}:{name}:{table_index}".encode()).hexdigest()[:12]


def document_to_plans(doc: SourceDocument, options: Options | None = None
                      ) -> tuple[list[Plan], list[Issue]]:
    """Turn a document's tables into plans. Returns the plans (each carrying its own
    issues) and the document-level issues (tables that are not plans, no plan at all)."""
    options = options or Options()
    plans: list[Plan] = []
    # Reader notes about the document rather than a table (a hidden sheet skipped).
    doc_issues: list[Issue] = [
        Issue(source_file=doc.source_file, code=n.code, severity=Severity(n.severity),
              message=n.message) for n in doc.notes if n.table_index is None]
    for group in group_tables(doc):
        first, layout = group[0]
        plan_id = make_plan_id(doc.sha256, doc.source_file, first.table_index)
        if not layout.is_plan:
            _Ctx(doc, first, plan_id, doc_issues).issue(
                "not-an-action-plan", f"table {first.table_index} was not taken as an action "
                f"plan: {layout.reason} (headers: {'; '.join(layout.headers)})",
                severity=Severity.info, plan=False)
            continue
        plan = tables_to_plan(doc, group, plan_id, options)
        plans.append(audit_plan(plan, options.as_of, options.stale_days))
    if not plans:
        doc_issues.append(Issue(
            source_file=doc.source_file, code="no-action-plan", severity=Severity.error,
            message=f"none of the {len(doc.tables)} table(s) looks like an action plan; "
                    "run `planparse tables` on the file to see why"))
    return plans, doc_issues


Segment = tuple[SourceTable, TableLayout]


def group_tables(doc: SourceDocument) -> list[list[Segment]]:
    """Group consecutive tables that are one plan: a table split in two (by a page break,
    or across pages) with its header repeated, or with no header and the same column
    widths, under the same heading. A table that is not a plan is a group of its own."""
    groups: list[list[Segment]] = []
    for table in doc.tables:
        layout = find_layout(table)
        if groups:
            prev_table, prev_layout = groups[-1][-1]
            adjacent = (prev_layout.is_plan and prev_table.table_index == table.table_index - 1
                        and prev_table.depth == table.depth
                        and prev_table.heading == table.heading)
            if adjacent and layout.is_plan and same_header(layout, prev_layout):
                groups[-1].append((table, layout))
                continue
            if (adjacent and not layout.is_plan and table.width == prev_table.width
                    and _same_columns(table.col_widths, prev_table.col_widths)):
                groups[-1].append((table, headerless(prev_layout, table)))
                continue
        groups.append([(table, layout)])
    return groups


def _same_columns(a: Sequence[int], b: Sequence[int], tolerance: int = 3) -> bool:
    """Same column widths (Word) or column positions (PDF), give or take a few units."""
    return bool(a) and len(a) == len(b) and all(abs(x - y) <= tolerance
                                                for x, y in zip(a, b, strict=True))


def tables_to_plan(doc: SourceDocument, segments: list[Segment], plan_id: str,
                   options: Options) -> Plan:
    """Build one plan from a table (or the parts of a split table) whose header maps as
    an action plan."""
    issues: list[Issue] = []
    first, layout = segments[0]
    header_map = {m.header: (m.field or "extra") for m in layout.matches}
    head_ctx = _Ctx(doc, first, plan_id, issues)
    for m in layout.matches:
        if m.field is None:
            what = "a second column for the same field" if m.how == "duplicate" else \
                "no canonical field"
            head_ctx.issue("duplicate-column" if m.how == "duplicate" else "unmapped-column",
                           f"column '{m.header}' has {what}; its cells are kept in extra",
                           severity=Severity.info, row=layout.header_row, field_name=m.header)
        elif m.how == "fuzzy":
            head_ctx.issue("fuzzy-header", f"column '{m.header}' taken as {m.field} "
                           f"(fuzzy match, score {m.score:.0f})", severity=Severity.info,
                           row=layout.header_row, field_name=m.field)
    titles: list[str] = []
    guidance: dict[str, str] = {}
    section = ""
    pending: list[_Row] = []
    for k, (table, seg_layout) in enumerate(segments):
        ctx = _Ctx(doc, table, plan_id, issues)
        row_action: dict[int, str] = {}
        first_data = True
        for r, kind in enumerate(seg_layout.kinds):
            row = table.rows[r]
            if (k > 0 and first_data and pending and _continues(row, layout)
                    and kind in (RowKind.section, RowKind.guidance, RowKind.action)):
                # The first row of a table part with no number carries on the row before
                # it (a row broken across a page), however little of it is filled.
                pending[-1].extend(row, table.page)
                row_action[r] = f"{plan_id}-{len(pending):03d}"
                first_data = False
                continue
            if kind is RowKind.title:
                titles.extend(distinct_texts(row))
            elif kind is RowKind.section:
                section = distinct_texts(row)[0]
                first_data = False
            elif kind is RowKind.guidance:
                for c, cell in enumerate(row):
                    if cell.text.strip() and not cell.merged:
                        guidance[_header(layout, c)] = cell.text
            elif kind is RowKind.action:
                cells = list(row)
                if pending:
                    # A merge that began before a page break covers this row with an empty
                    # fragment; its text is the row above's.
                    above = pending[-1].cells
                    cells = [above[c] if cell.merged and cell.is_empty and c < len(above)
                             and not above[c].is_empty else cell
                             for c, cell in enumerate(cells)]
                pending.append(_Row(ctx, r, cells, section, table.page))
                row_action[r] = f"{plan_id}-{len(pending):03d}"
                first_data = False
        for note in doc.notes:
            if note.table_index == table.table_index:
                field_name = (_field_of(layout, note.col_index) if note.col_index is not None
                              else None)
                ctx.issue(note.code, note.message, severity=Severity(note.severity),
                          row=note.row_index, field_name=field_name,
                          action_id=row_action.get(note.row_index or -1))
    actions = [row_to_action(p.ctx, layout, p.r, p.cells, seq, p.section, options,
                             page_last=p.page_last) for seq, p in enumerate(pending, start=1)]
    # In the order of the source: by table, then row (stable within a row).
    issues.sort(key=lambda i: (i.table_index if i.table_index is not None else -1,
                               i.row_index if i.row_index is not None else -1))
    title = (titles[0] if titles else None) or first.heading or doc.title or \
        _stem(doc.source_file)
    intro = doc.preamble if first is doc.tables[0] and doc.preamble else first.text_before
    preamble = "\n".join([*titles[1:], intro]).strip()
    pages = [p for t, _ in segments for p in (t.page, t.page_last) if p is not None]
    return Plan(
        plan_id=plan_id, title=title, source_file=doc.source_file,
        source_format=doc.source_format, source_sha256=doc.sha256,
        table_index=first.table_index, page_first=min(pages, default=None),
        page_last=max(pages, default=None), action_count=len(actions),
        header_map=header_map, preamble=preamble, encoding=doc.encoding, guidance=guidance,
        actions=actions, issues=issues)


@dataclass(slots=True)
class _Row:
    """A row on its way to becoming an action: possibly several table rows joined."""

    ctx: _Ctx
    r: int
    cells: list[Cell]
    section: str
    page_last: int | None

    def extend(self, row: Sequence[Cell], page: int | None) -> None:
        """Append a continuation row cell by cell (a merged cell repeats, so it adds
        nothing)."""
        for c, cell in enumerate(row):
            if cell.merged or cell.is_empty:
                continue
            if c < len(self.cells):
                prev = self.cells[c]
                self.cells[c] = Cell(prev.paragraphs + cell.paragraphs, prev.fill or cell.fill)
            else:
                self.cells.append(cell)
        self.page_last = page if page is not None else self.page_last


def _continues(row: Sequence[Cell], layout: TableLayout) -> bool:
    ref = layout.column("ref")
    return ref is not None and _cell(row, ref).is_empty and any(
        not c.is_empty for c in row)


def _header(layout: TableLayout, c: int) -> str:
    return layout.headers[c] if c < len(layout.headers) else f"column {c + 1}"


def _stem(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _field_of(layout: TableLayout, col: int) -> str | None:
    if col < len(layout.matches):
        return layout.matches[col].field or layout.headers[col]
    return None


def _cell(row: Sequence[Cell], col: int | None) -> Cell:
    return row[col] if col is not None and col < len(row) else Cell()


def row_to_action(ctx: _Ctx, layout: TableLayout, r: int, row: Sequence[Cell], seq: int,
                  section: str, options: Options, page_last: int | None = None) -> Action:
    """Build one action from a table row: typed values beside the raw cells."""
    action_id = f"{ctx.plan_id}-{seq:03d}"
    if ctx.table.wrapped_lines:
        # Visual lines (PDF) → paragraphs, once any continuation rows have been joined.
        row = [Cell(unwrap(c.paragraphs), c.fill, c.merged) for c in row]

    def issue(code: str, message: str, field_name: str,
              severity: Severity = Severity.warning) -> None:
        """Record an issue about this row."""
        ctx.issue(code, message, severity=severity, action_id=action_id, row=r,
                  field_name=field_name)

    text = {name: _cell(row, layout.column(name)).text for name in
            ("ref", "lead", "target_date", "status", "rag", *_TEXT_FIELDS)}
    extra = {}
    for c, cell in enumerate(row):
        unmapped = c >= len(layout.matches) or layout.matches[c].field is None
        # A separate RAG column's words are kept as written, beside the rating read.
        if (unmapped or layout.matches[c].field == "rag") and cell.text.strip():
            extra[_header(layout, c)] = cell.text
    ref = " ".join(text["ref"].split()).rstrip(".")
    if ctx.table.wrapped_lines:
        # A number too wide for its column wraps ("100" / "0"): its digits belong together.
        ref = re.sub(r"(?<=\d) (?=\d)", "", ref)
    label = f"action {ref}" if ref else f"row {r + 1}"

    target = parse_target_date(text["target_date"], options.date_order)
    if target.problem:
        issue(target.problem, target.message, "target_date",
              _SEVERITY.get(target.problem, Severity.warning))

    reading = read_status(text["status"])
    if not reading.understood:
        issue("unknown-status", f"status '{text['status'].strip()}' of {label} is not a known "
              "status or RAG rating; kept in status_raw", "status")
    rag, rag_source = _rating(row, layout, text, reading.rag, options, issue, label)

    entries = split_progress(_cell(row, layout.column("progress")).paragraphs,
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
        rag_reading = read_status(text["rag"])
        if not rag_reading.understood:
            issue("unknown-status", f"RAG '{text['rag'].strip()}' of {label} is not a known "
                  "RAG rating; kept in extra", "rag")
        if rag_reading.rag:
            return rag_reading.rag, RagSource.text
        cells.append(_cell(row, layout.column("rag")))
    if status_rag:
        return status_rag, RagSource.text
    cells.append(_cell(row, layout.column("status")))
    for cell in cells:
        if cell.fill:
            rag = options.colour_key.get(cell.fill.upper()) or rag_from_fill(cell.fill)
            if rag:
                return rag, RagSource.colour
    return None, None


def leads_of(action: Action) -> list[Lead]:
    """The rows of ``leads.csv`` for one action."""
    return [Lead(plan_id=action.plan_id, action_id=action.action_id, lead_seq=i, lead=name)
            for i, name in enumerate(action.leads, 1)]


__all__ = ["Options", "Rag", "document_to_plans", "group_tables", "leads_of", "make_plan_id",
           "tables_to_plan"]
