"""Source tables → plans: grouping the parts of a table split over pages, and building a
plan from them row by row. Every cell reaches a field or ``extra``.

Tables are taken one at a time (a :class:`~ingest.TableStream` reads a PDF a page at a
time), and a row becomes an :class:`Action` as soon as no later row can add to it, so
only the records, never the whole document's cells, are held.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ingest import Cell, SourceDocument, SourceTable, TableStream

from .actions import Ctx, cell_at, header_of, leads_of, row_to_action
from .derived import as_of_date
from .ids import make_action_id, make_plan_id
from .keys import make_plan_key
from .models import Issue, Plan, Severity
from .options import Options
from .rows import RowKind, TableLayout, distinct_texts, find_layout, headerless, same_header
from .shades import Shaded, apply_shades, shade_of
from .stored import PlanRecord, dump_action, whole
from .unwrap import join_broken_words
from .vocabulary import Vocabulary as UserVocabulary
from .wordlist import Vocabulary, zipf


def document_to_plans(doc: SourceDocument | TableStream, options: Options | None = None
                      ) -> tuple[list[Plan], list[Issue]]:
    """Turn a document's tables into plans. Returns the plans (each carrying its own
    issues) and the document-level issues (tables that are not plans, no plan at all).
    A :class:`~ingest.TableStream` is consumed as it goes."""
    options = options or Options()
    plans, issues = document_to_records(doc, options)
    return [whole(p, options.stale_days) for p in plans], issues


def document_to_records(doc: SourceDocument | TableStream, options: Options | None = None
                        ) -> tuple[list[PlanRecord], list[Issue]]:
    """As :func:`document_to_plans`, with each plan's actions kept as compact JSON, not
    yet audited (:class:`~normalise.stored.PlanRecord`): what a worker hands back."""
    options = options or Options()
    stream = doc if isinstance(doc, TableStream) else TableStream.of(doc)
    info = stream.document
    plans: list[PlanRecord] = []
    # Reader notes about the document rather than a table (a hidden sheet skipped).
    doc_issues: list[Issue] = [
        Issue(source_file=info.source_file, code=n.code, severity=Severity(n.severity),
              message=n.message) for n in info.notes if n.table_index is None]
    builder: PlanBuilder | None = None
    count = 0
    last_part: SourceTable | None = None  # the last table taken into a plan
    prev: SourceTable | None = None
    for table, layout, continues in segments(stream.tables, options.vocabulary):
        count += 1
        after, prev = prev, table
        if continues and builder is not None:
            builder.add(table, layout)
            last_part = table
            continue
        if builder is not None:
            plans.append(builder.finish())
            builder = None
        plan_id = make_plan_id(info.sha256, info.source_file, table.table_index)
        if layout.is_plan:
            builder = PlanBuilder(info, table, layout, plan_id, options)
            builder.add(table, layout)
            last_part = table
        else:
            code, severity, why = _rejected(table, last_part, after)
            Ctx(info, table, plan_id, doc_issues).issue(
                code, f"table {table.table_index} was not taken as an action "
                f"plan: {layout.reason} (headers: {'; '.join(layout.headers)}){why}",
                severity=severity, plan=False)
    if builder is not None:
        plans.append(builder.finish())
    if not plans:
        doc_issues.append(Issue(
            source_file=info.source_file, code="no-action-plan", severity=Severity.error,
            message=f"none of the {count} table(s) looks like an action plan; "
                    "run `planparse tables` on the file to see why"))
    return plans, doc_issues


Segment = tuple[SourceTable, TableLayout]


def segments(tables: Iterable[SourceTable], vocabulary: UserVocabulary | None = None
             ) -> Iterator[tuple[SourceTable, TableLayout, bool]]:
    """Each table with its layout, and whether it continues the plan before it: a table
    split in two (by a page break, or across pages) with its header repeated, or with no
    header and the same columns (:func:`same_layout`), under the same heading. On a page,
    a part with no header must also start the page's text no lower than the plan's first
    part started its own: a table with prose above it is not a continuation. Needs only
    the tables before, so it works on a stream."""
    prev: Segment | None = None
    top: float | None = None  # where the open plan's parts start on their pages
    for table in tables:
        layout = find_layout(table, vocabulary)
        continues = False
        if prev is not None:
            prev_table, prev_layout = prev
            adjacent = (prev_layout.is_plan and prev_table.table_index == table.table_index - 1
                        and prev_table.depth == table.depth
                        and prev_table.heading == table.heading)
            if adjacent and layout.is_plan and same_header(
                    layout, prev_layout, ocr=table.ocr and prev_table.ocr):
                continues = True
            elif (adjacent and not layout.is_plan and same_layout(table, prev_table)
                    and _starts_page(table, prev_table, top)):
                layout, continues = headerless(prev_layout, table), True
        here = table.bbox[1] if table.bbox is not None else None
        top = min(top, here) if continues and top is not None and here is not None else here
        yield table, layout, continues
        prev = (table, layout)


def same_layout(table: SourceTable, other: SourceTable) -> bool:
    """True when two tables have the same columns. From Word, the column widths agree to a
    few units. On a page (a ``bbox`` and column lefts in points), each column overlaps the
    other table's column of the same index over most of the narrower of the two: columns
    found from white space move with the text of each page (a column's left edge is the
    middle of the gap before it), by tens of points, while a different table's columns
    rarely line up one for one."""
    if table.width != other.width:
        return False
    if table.bbox is None or other.bbox is None:
        return _same_columns(table.col_widths, other.col_widths)
    a = _spans(table.col_widths, table.bbox[2])
    b = _spans(other.col_widths, other.bbox[2])
    if not a or len(a) != len(b):
        return False
    return all(min(a1, b1) - max(a0, b0) >= 0.5 * min(a1 - a0, b1 - b0)
               for (a0, a1), (b0, b1) in zip(a, b, strict=True))


def _spans(lefts: Sequence[int], right: float) -> list[tuple[float, float]]:
    edges = [*map(float, lefts), max(float(right), float(lefts[-1]) + 1)] if lefts else []
    return list(itertools.pairwise(edges))


def _starts_page(table: SourceTable, prev: SourceTable, top: float | None) -> bool:
    """A part with no header continues a plan from a page only at the top of the next page
    (no lower than the plan's parts start), or further down the same page; without pages
    (Word), adjacency is enough."""
    if table.page is None or prev.page is None or table.bbox is None:
        return True
    last = prev.page_last if prev.page_last is not None else prev.page
    if table.page == last:
        return True
    return table.page == last + 1 and (top is None or table.bbox[1] <= top + 1)


def _rejected(table: SourceTable, last_part: SourceTable | None,
              after: SourceTable | None) -> tuple[str, Severity, str]:
    """How loud a table that is not a plan is. Alone, it is information (a cover sheet, a
    glossary). Once a plan has been found, a table with the plan's columns that was not
    taken is part of the plan dropped (an error: the plan is partial), and a table at the
    top of the page after the plan's last, or with as many columns as the plan, is likely
    one (a warning)."""
    if last_part is None:
        return "not-an-action-plan", Severity.info, ""
    if same_layout(table, last_part):
        return ("plan-part-dropped", Severity.error,
                f"; it has the columns of the plan on page {last_part.page}, so that plan "
                "may be missing rows" if last_part.page is not None else
                "; it has the columns of the plan before it, so that plan may be missing rows")
    last = last_part.page_last if last_part.page_last is not None else last_part.page
    if (after is last_part and table.page is not None and last is not None
            and table.page == last + 1):
        return ("not-an-action-plan", Severity.warning,
                f"; it follows the plan of page {last}, which may go on here")
    if table.width == last_part.width:
        # As many columns as the plan, laid out otherwise (Word's autofit, columns read
        # from white space): maybe a part of it, and the plan partial.
        where = f"on page {last_part.page}" if last_part.page is not None else "before it"
        return ("not-an-action-plan", Severity.warning,
                f"; it has the {table.width} columns of the plan {where}, which may be "
                "missing its rows")
    return "not-an-action-plan", Severity.info, ""


def group_tables(doc: SourceDocument, vocabulary: UserVocabulary | None = None
                 ) -> list[list[Segment]]:
    """The document's tables grouped into plans (see :func:`segments`); a table that is
    not a plan is a group of its own."""
    groups: list[list[Segment]] = []
    for table, layout, continues in segments(doc.tables, vocabulary):
        if continues and groups:
            groups[-1].append((table, layout))
        else:
            groups.append([(table, layout)])
    return groups


def _same_columns(a: Sequence[int], b: Sequence[int], tolerance: int = 3) -> bool:
    """Same column widths (Word) or column positions (PDF), give or take a few units."""
    return bool(a) and len(a) == len(b) and all(abs(x - y) <= tolerance
                                                for x, y in zip(a, b, strict=True))


class PlanBuilder:
    """One plan, built from its table parts in order (:meth:`add`), then :meth:`finish`.

    A row waits (as ``pending``) only while the next part may still carry it on; then it
    becomes an action, kept as compact JSON, and its cells are let go.
    """

    def __init__(self, doc: SourceDocument, first: SourceTable, layout: TableLayout,
                 plan_id: str, options: Options) -> None:
        self.doc, self.first, self.layout = doc, first, layout
        self.plan_id, self.options = plan_id, options
        # Header and reader issues, and the rows' own: kept apart and joined in
        # :meth:`finish`, so the order is the same however the rows were batched.
        self.issues: list[Issue] = []
        self.row_issues: list[Issue] = []
        self.titles: list[str] = []
        self.guidance: dict[str, str] = {}
        self.section = ""
        self.pending: _Row | None = None
        self.actions: list[bytes] = []
        self.latest: date | None = None  # the latest dated entry, for the audit
        self.pages: list[int] = []
        self.ocr_pages: set[int] = set()  # pages of the plan read by OCR
        self.parts = 0
        self.vocabulary = Vocabulary()
        self.shaded: list[Shaded] = []  # RAG cells of grey copies, read at the end
        self._map_headers()

    def _map_headers(self) -> None:
        ctx = Ctx(self.doc, self.first, self.plan_id, self.issues)
        for m in self.layout.matches:
            if m.field is None:
                what = "a second column for the same field" if m.how == "duplicate" else \
                    "no canonical field"
                ctx.issue("duplicate-column" if m.how == "duplicate" else "unmapped-column",
                          f"column '{m.header}' has {what}; its cells are kept in extra",
                          severity=Severity.info, row=self.layout.header_row,
                          field_name=m.header)
            elif m.how == "fuzzy":
                ctx.issue("fuzzy-header", f"column '{m.header}' taken as {m.field} "
                          f"(fuzzy match, score {m.score:.0f})", severity=Severity.info,
                          row=self.layout.header_row, field_name=m.field)

    def add(self, table: SourceTable, seg_layout: TableLayout) -> None:
        """Take the next part of the table, in document order."""
        table = self._join_broken_words(table)
        layout = self.layout
        ctx = Ctx(self.doc, table, self.plan_id, self.issues)
        row_ctx = Ctx(self.doc, table, self.plan_id, self.row_issues)
        self.pages += [p for p in (table.page, table.page_last) if p is not None]
        if table.ocr and table.page is not None:
            self.ocr_pages.update(range(table.page, (table.page_last or table.page) + 1))
        row_action: dict[int, str] = {}
        first_data = True
        for r, kind in enumerate(seg_layout.kinds):
            row = table.rows[r]
            if (self.parts > 0 and first_data and self.pending is not None
                    and _continues(row, layout)
                    and kind in (RowKind.section, RowKind.guidance, RowKind.action)):
                # The first row of a table part with no number carries on the row before
                # it (a row broken across a page), however little of it is filled.
                self.pending.extend(row, table.page)
                row_action[r] = self._action_id(len(self.actions) + 1)
                first_data = False
                continue
            if kind is RowKind.title:
                self.titles.extend(distinct_texts(row))
            elif kind is RowKind.section:
                self.section = distinct_texts(row)[0]
                first_data = False
            elif kind is RowKind.guidance:
                for c, cell in enumerate(row):
                    if cell.text.strip() and not cell.merged:
                        self.guidance[header_of(layout, c)] = cell.text
            elif kind is RowKind.action:
                cells = list(row)
                if self.pending is not None:
                    # A merge that began before a page break covers this row with an empty
                    # fragment; its text is the row above's.
                    above = self.pending.cells
                    cells = [above[c] if cell.merged and cell.is_empty and c < len(above)
                             and not above[c].is_empty else cell
                             for c, cell in enumerate(cells)]
                self._flush()
                self.pending = _Row(row_ctx, r, cells, self.section, table.page)
                row_action[r] = self._action_id(len(self.actions) + 1)
                first_data = False
        notes = [*table.notes, *(n for n in self.doc.notes
                                 if n.table_index == table.table_index)]
        for note in notes:
            field_name = (_field_of(layout, note.col_index) if note.col_index is not None
                          else None)
            ctx.issue(note.code, note.message, severity=Severity(note.severity),
                      row=note.row_index, field_name=field_name,
                      action_id=row_action.get(note.row_index or -1))
        self.parts += 1

    def _join_broken_words(self, table: SourceTable) -> SourceTable:
        """A page's cells with the words the layout broke at a cell's edge, with no
        hyphen, joined back (see :func:`~normalise.unwrap.join_broken_words`); the words
        of the plan's parts so far count as the document's."""
        if not table.wrapped_lines:
            return table
        self.vocabulary.add(p for row in table.rows for c in row if not c.merged
                            for p in c.paragraphs)
        if not any(any(c.at_edge) for row in table.rows for c in row):
            return table
        seen = self.vocabulary.seen

        def mend(cell: Cell) -> Cell:
            if not any(cell.at_edge):
                return cell
            return replace(cell, paragraphs=join_broken_words(cell.paragraphs, cell.at_edge,
                                                              zipf, seen), at_edge=())

        return replace(table, rows=tuple(tuple(mend(c) for c in row) for row in table.rows))

    def _action_id(self, seq: int) -> str:
        return make_action_id(self.plan_id, seq)

    def _flush(self) -> None:
        """The pending row can grow no more: make it an action."""
        p = self.pending
        if p is not None:
            action = row_to_action(p.ctx, self.layout, p.r, p.cells, len(self.actions) + 1,
                                   p.section, self.options, page_last=p.page_last)
            if action.last_update_date and (self.latest is None
                                            or action.last_update_date > self.latest):
                self.latest = action.last_update_date
            if action.rag is None and p.ctx.table.colourless:
                self._note_shade(p)
            self.actions.append(dump_action(action))
            self.pending = None

    def _note_shade(self, p: _Row) -> None:
        """A RAG cell (the RAG column's, else the status column's) of a copy with no
        colour, with a grey shade of its own: its plan's shades are read together, at the
        end (:func:`~normalise.shades.apply_shades`)."""
        fills = [c.fill for c in p.cells]
        for name in ("rag", "status"):
            col = self.layout.column(name)
            if col is not None and (found := shade_of(fills, col)) is not None:
                self.shaded.append(Shaded(len(self.actions), *found, p.ctx, p.r, name))
                return

    def finish(self) -> PlanRecord:
        """The plan, once every part has been added: its own fields, with the date it is
        audited as of, and its actions as they were made (the reader of the records
        applies the audit, :func:`~normalise.stored.finish_action`)."""
        self._flush()
        if self.shaded:
            apply_shades(self.shaded, self.actions, self.options.colour_key)
        doc, first = self.doc, self.first
        issues = self.issues + self.row_issues
        # In the order of the source: by table, then row (stable within a row).
        issues.sort(key=lambda i: (i.table_index if i.table_index is not None else -1,
                                   i.row_index if i.row_index is not None else -1))
        titles = self.titles
        title = (titles[0] if titles else None) or first.heading or doc.title or \
            _stem(doc.source_file)
        intro = doc.preamble if first.table_index == 0 and doc.preamble else first.text_before
        preamble = "\n".join([*titles[1:], intro]).strip()
        when = as_of_date(self.options.as_of, self.latest)
        plan_key = make_plan_key(title)
        actions, self.actions = self.actions, []
        header = Plan(
            plan_id=self.plan_id, title=title, source_file=doc.source_file,
            source_format=doc.source_format, source_sha256=doc.sha256,
            table_index=first.table_index, page_first=min(self.pages, default=None),
            page_last=max(self.pages, default=None), action_count=len(actions),
            header_map={m.header: (m.field or "extra") for m in self.layout.matches},
            preamble=preamble, encoding=doc.encoding, guidance=self.guidance, as_of=when,
            plan_key=plan_key, ocr_pages=sorted(self.ocr_pages), issues=issues)
        return PlanRecord(header, actions)


@dataclass(slots=True)
class _Row:
    """A row on its way to becoming an action: possibly several table rows joined."""

    ctx: Ctx
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
    return ref is not None and cell_at(row, ref).is_empty and any(
        not c.is_empty for c in row)


def _stem(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _field_of(layout: TableLayout, col: int) -> str | None:
    if col < len(layout.matches):
        return layout.matches[col].field or layout.headers[col]
    return None


__all__ = ["Options", "PlanBuilder", "document_to_plans", "document_to_records",
           "group_tables", "leads_of", "make_plan_id", "segments"]
