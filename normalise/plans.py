"""Source tables → plans: the orchestration of header mapping, row classification,
progress splitting, status, leads and dates. Every cell reaches a field or ``extra``."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ingest import Cell, SourceDocument, SourceTable

from .dates import DateOrder
from .leads import split_leads
from .models import Action, Issue, Lead, Plan, ProgressEntry, Rag, RagSource, Severity
from .progress import looks_truncated, split_progress
from .rows import RowKind, TableLayout, distinct_texts, find_layout
from .status import read_status
from .targets import parse_target_date

_TEXT_FIELDS = ("finding", "recommendation", "action", "evidence", "progress")
_SEVERITY = {"invalid-date": Severity.error, "ambiguous-date": Severity.error,
             "unparsed-date": Severity.warning}


@dataclass(frozen=True, slots=True)
class Options:
    """Settings that change how values are read (and so the cache key of a file)."""

    date_order: DateOrder = "DMY"
    aliases: Mapping[str, str] = field(default_factory=dict)


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
    doc_issues: list[Issue] = []
    for table in doc.tables:
        layout = find_layout(table)
        ctx = _Ctx(doc, table, make_plan_id(doc.sha256, doc.source_file, table.table_index),
                   [])
        if not layout.is_plan:
            ctx.issue("not-an-action-plan", f"table {table.table_index} was not taken as an "
                      f"action plan: {layout.reason} (headers: {'; '.join(layout.headers)})",
                      severity=Severity.info, plan=False)
            doc_issues.extend(ctx.issues)
            continue
        plans.append(table_to_plan(ctx, layout, options))
    if not plans:
        doc_issues.append(Issue(
            source_file=doc.source_file, code="no-action-plan", severity=Severity.error,
            message=f"none of the {len(doc.tables)} table(s) looks like an action plan; "
                    "run `planparse tables` on the file to see why"))
    return plans, doc_issues


def table_to_plan(ctx: _Ctx, layout: TableLayout, options: Options) -> Plan:
    """Build one plan from a table whose header maps as an action plan."""
    table, doc = ctx.table, ctx.doc
    header_map = {m.header: (m.field or "extra") for m in layout.matches}
    for m in layout.matches:
        if m.field is None:
            what = "a second column for the same field" if m.how == "duplicate" else \
                "no canonical field"
            ctx.issue("duplicate-column" if m.how == "duplicate" else "unmapped-column",
                      f"column '{m.header}' has {what}; its cells are kept in extra",
                      severity=Severity.info, row=layout.header_row, field_name=m.header)
        elif m.how == "fuzzy":
            ctx.issue("fuzzy-header", f"column '{m.header}' taken as {m.field} "
                      f"(fuzzy match, score {m.score:.0f})", severity=Severity.info,
                      row=layout.header_row, field_name=m.field)
    titles = [t for r, k in enumerate(layout.kinds) if k is RowKind.title
              for t in distinct_texts(table.rows[r])]
    guidance: dict[str, str] = {}
    actions: list[Action] = []
    section = ""
    for r, kind in enumerate(layout.kinds):
        row = table.rows[r]
        if kind is RowKind.section:
            section = distinct_texts(row)[0]
        elif kind is RowKind.guidance:
            for c, cell in enumerate(row):
                if cell.text.strip():
                    guidance[layout.headers[c] if c < len(layout.headers) else f"column {c + 1}"
                             ] = cell.text
        elif kind is RowKind.action:
            actions.append(row_to_action(ctx, layout, r, row, len(actions) + 1, section,
                                         options))
    row_action = {a.row_index - 1: a.action_id for a in actions if a.row_index}
    for note in doc.notes:
        if note.table_index == table.table_index:
            field_name = (_field_of(layout, note.col_index) if note.col_index is not None
                          else None)
            ctx.issue(note.code, note.message, severity=Severity(note.severity),
                      row=note.row_index, field_name=field_name,
                      action_id=row_action.get(note.row_index or -1))
    title = titles[0] if titles else (doc.title if table.table_index == 0 and doc.title
                                      else table.heading or _stem(doc.source_file))
    preamble = "\n".join([*titles[1:], doc.preamble if table.table_index == 0
                          else table.text_before]).strip()
    return Plan(
        plan_id=ctx.plan_id, title=title, source_file=doc.source_file,
        source_format=doc.source_format, source_sha256=doc.sha256,
        table_index=table.table_index, page_first=table.page, page_last=table.page,
        action_count=len(actions), header_map=header_map, preamble=preamble,
        encoding=doc.encoding, guidance=guidance, actions=actions, issues=ctx.issues)


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
                  section: str, options: Options) -> Action:
    """Build one action from a table row: typed values beside the raw cells."""
    action_id = f"{ctx.plan_id}-{seq:03d}"

    def issue(code: str, message: str, field_name: str,
              severity: Severity = Severity.warning) -> None:
        ctx.issue(code, message, severity=severity, action_id=action_id, row=r,
                  field_name=field_name)

    text = {name: _cell(row, layout.column(name)).text for name in
            ("ref", "lead", "target_date", "status", *_TEXT_FIELDS)}
    extra = {}
    for c, cell in enumerate(row):
        if (c >= len(layout.matches) or layout.matches[c].field is None) and cell.text.strip():
            extra[layout.headers[c] if c < len(layout.headers) else f"column {c + 1}"] = cell.text
    ref = " ".join(text["ref"].split()).rstrip(".")
    label = f"action {ref}" if ref else f"row {r + 1}"

    target = parse_target_date(text["target_date"], options.date_order)
    if target.problem:
        issue(target.problem, target.message, "target_date",
              _SEVERITY.get(target.problem, Severity.warning))

    reading = read_status(text["status"])
    if not reading.understood:
        issue("unknown-status", f"status '{text['status'].strip()}' of {label} is not a known "
              "status or RAG rating; kept in status_raw", "status")
    rag, rag_source = reading.rag, RagSource.text if reading.rag else None
    status_cell = _cell(row, layout.column("status"))
    if rag is None and status_cell.fill:
        from .colours import rag_from_fill

        rag = rag_from_fill(status_cell.fill)
        rag_source = RagSource.colour if rag else None

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
        source_file=ctx.doc.source_file, page_first=ctx.table.page, page_last=ctx.table.page,
        table_index=ctx.table.table_index, row_index=r + 1, section=section,
        entries=[ProgressEntry(plan_id=ctx.plan_id, action_id=action_id, entry_seq=i,
                               entry_date=e.date, entry_date_precision=e.precision,
                               entry_date_raw=e.raw, text=e.text)
                 for i, e in enumerate(entries, 1)])


def leads_of(action: Action) -> list[Lead]:
    """The rows of ``leads.csv`` for one action."""
    return [Lead(plan_id=action.plan_id, action_id=action.action_id, lead_seq=i, lead=name)
            for i, name in enumerate(action.leads, 1)]


__all__ = ["Options", "Rag", "document_to_plans", "leads_of", "make_plan_id", "table_to_plan"]
