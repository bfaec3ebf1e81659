"""Web pages (.html, .htm): every ``<table>``, and label/value records on pages without one.

lxml parses the page (never regexes); scripts, styles and navigation are dropped first.
Each table's grid is built once from ``colspan``/``rowspan``; ``<thead>`` rows are marked
as header rows; cell paragraphs come from ``<p>``, ``<br>`` and list items; a background
colour from ``style`` or ``bgcolor`` (on the cell or its row) is kept as the cell's fill.
A page with no table but with label/value pairs (a definition list, or bold labels in
paragraphs) becomes one table: the labels as its header, one row per record.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from .detect import decode_text
from .errors import FileTooLargeError, NoTableError, TooComplexError
from .fragments import element_paragraphs, remove_stray_glyphs
from .source import (
    MAX_TABLE_ROWS,
    Cell,
    CellBudget,
    ReaderNote,
    SourceDocument,
    SourceTable,
)

_DROP = ("script", "style", "noscript", "template", "nav", "iframe", "object", "embed",
         "form", "button", "select", "svg")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MAX_LABEL = 60


def decode_html(data: bytes, name: str, encoding: str | None
                ) -> tuple[str, str, ReaderNote | None]:
    """Decode a page: an explicit encoding, then a BOM, then the meta charset, then
    detection. Returns the text, the encoding used and a warning when bytes did not fit.

    A page is what its ``<meta charset>`` says it is: a stray byte that does not fit is
    replaced (U+FFFD) and reported as a warning, not a refusal of the page (the user gave
    no ``--encoding`` to try another of). An encoding the user gave is kept strict.
    """
    if not encoding and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:4096])
        if m:
            import codecs

            try:
                declared = codecs.lookup(m.group(1).decode("ascii")).name
            except LookupError:
                declared = None
            if declared and data.strip():
                try:
                    return data.decode(declared), declared, None
                except UnicodeDecodeError as exc:
                    text = data.decode(declared, errors="replace")
                    return text, declared, ReaderNote(
                        "undecodable-bytes-replaced", f"the page says it is {declared}, but "
                        f"some bytes are not (the first at byte {exc.start:,}); "
                        f"{text.count(chr(0xFFFD)):,} character(s) replaced by U+FFFD",
                        severity="warning")
    text, used = decode_text(data, name, encoding)
    return text, used, None


def read_html(data: bytes, name: str, *, encoding: str | None = None) -> SourceDocument:
    """Read a web page into a :class:`SourceDocument`."""
    import lxml.html

    text, used, replaced = decode_html(data, name, encoding)
    # lxml refuses str input that still declares an encoding, and control characters
    # (which carry no text) anywhere.
    text = _CONTROL.sub("", re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    from lxml import etree

    try:
        # Typed as Any: lxml's stubs do not describe HtmlElement's xpath results well.
        root: Any = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        raise NoTableError(name, "the page has no content") from None
    for el in root.xpath("//" + " | //".join(_DROP) + " | //*[@role='navigation']"):
        el.drop_tree()
    title_el = root.find(".//title")
    title = " ".join(title_el.text_content().split()) if title_el is not None else None
    notes: list[ReaderNote] = [replaced] if replaced else []
    tables: list[SourceTable] = []
    budget = CellBudget(name)
    heading: str | None = None
    between: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in _HEADINGS:
            heading = " ".join(el.text_content().split()) or heading
            between = []
        elif el.tag == "p" and el.getparent() is not None and not _in_table(el):
            words = " ".join(el.text_content().split())
            if words:
                between.append(words)
        elif el.tag == "table":
            if len(el.xpath("./tr | ./*/tr")) > MAX_TABLE_ROWS:
                raise FileTooLargeError(name, f"a table has more than {MAX_TABLE_ROWS:,} rows")
            index = len(tables)
            rows, header_rows = _grid(el, notes, index, budget)
            if rows:
                tables.append(SourceTable(table_index=index, rows=rows, heading=heading,
                                          text_before="\n".join(between),
                                          header_rows=header_rows,
                                          depth=len(el.xpath("ancestor::table"))))
            between = []
    if not tables:
        found = _records(root)
        if found is not None:
            rows, intro = found
            tables.append(SourceTable(table_index=0, rows=rows, heading=heading,
                                      text_before=intro))
    if not tables:
        raise NoTableError(name, "no table found in the page (and no label/value records)")
    h1 = root.find(".//h1")
    doc_title = title or (" ".join(h1.text_content().split()) if h1 is not None else None)
    return SourceDocument(source_file=name, source_format="html",
                          sha256=hashlib.sha256(data).hexdigest(), tables=tuple(tables),
                          title=doc_title, encoding=used, notes=tuple(notes))


def _in_table(el: Any) -> bool:
    return bool(el.xpath("ancestor::table"))


def _rows_of(table: Any) -> list[tuple[Any, bool]]:
    """The table's own rows (not those of nested tables), each with whether it is in
    ``<thead>``."""
    out = []
    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            out.append((child, False))
        elif child.tag in ("thead", "tbody", "tfoot"):
            out.extend((tr, child.tag == "thead") for tr in child if tr.tag == "tr")
    return out


def _span(el: Any, attr: str) -> int:
    try:
        return max(1, min(int(el.get(attr, "1")), 1000))
    except ValueError:
        return 1


def _layout(rows: list[tuple[Any, bool]], budget: CellBudget
            ) -> list[list[tuple[Any, int, int]]]:
    """Each row's cells with their row and column spans, after checking that the grid
    they make is within ``budget``: a page of a few kilobytes of large spans would
    otherwise ask for gigabytes. Only the first row each column is free again is kept
    per column, so the check costs no more than the spans' widths."""
    n = len(rows)
    free_from: list[int] = []  # column → the first row not covered by a span from above
    laid: list[list[tuple[Any, int, int]]] = []
    width = area = 0
    for r, (tr, _) in enumerate(rows):
        cells = []
        col = 0
        for cell_el in tr:
            if not (isinstance(cell_el.tag, str) and cell_el.tag in ("td", "th")):
                continue
            while col < len(free_from) and free_from[col] > r:
                col += 1
            rs = min(_span(cell_el, "rowspan"), n - r)  # a rowspan past the last row ends there
            cs = _span(cell_el, "colspan")
            free_from.extend([0] * (col + cs - len(free_from)))
            for c in range(col, col + cs):
                free_from[c] = max(free_from[c], r + rs)
            cells.append((cell_el, rs, cs))
            col += cs
            width, area = max(width, col), area + rs * cs
            if n * width > budget.per_table:
                budget.charge(n, width, at_least=True)  # refused, in rows and columns
            if area > budget.per_table:
                raise TooComplexError(budget.name, f"a table's merged cells overlap over "
                                      f"{budget.per_table:,} grid positions")
        laid.append(cells)
    budget.charge(n, width)
    return laid


def _grid(table: Any, notes: list[ReaderNote], index: int, budget: CellBudget
          ) -> tuple[tuple[tuple[Cell, ...], ...], tuple[int, ...]]:
    rows = _rows_of(table)
    laid = _layout(rows, budget)
    grid: dict[tuple[int, int], Cell] = {}
    header_rows = []
    width = 0
    for r, ((tr, in_head), cells) in enumerate(zip(rows, laid, strict=True)):
        if in_head or (cells and all(c.tag == "th" for c, _, _ in cells)):
            header_rows.append(r)
        row_fill = fill_of(tr)
        col = 0
        for cell_el, rs, cs in cells:
            while (r, col) in grid:
                col += 1
            paragraphs = []
            for p in element_paragraphs(cell_el):
                cleaned, removed = remove_stray_glyphs(p)
                if removed:
                    notes.append(ReaderNote("stray-glyph-removed", f"removed {', '.join(removed)}"
                                            " (a glyph with no text)", index, r, col))
                if cleaned.strip():
                    paragraphs.append(cleaned.strip())
            fill = fill_of(cell_el) or row_fill
            anchor = Cell(tuple(paragraphs), fill)
            for dr in range(rs):
                for dc in range(cs):
                    if (r + dr, col + dc) not in grid:
                        grid[(r + dr, col + dc)] = anchor if dr == dc == 0 else Cell(
                            anchor.paragraphs, fill, merged=True)
            col += cs
            width = max(width, col)
    out = tuple(tuple(grid.get((r, c), Cell()) for c in range(width)) for r in range(len(rows)))
    return out, tuple(header_rows)


def fill_of(el: Any) -> str | None:
    """Background colour of an element as ``RRGGBB``, from ``style`` or ``bgcolor``."""
    style = el.get("style")
    if style:
        import tinycss2

        for decl in tinycss2.parse_blocks_contents(style, skip_comments=True,
                                                   skip_whitespace=True):
            if getattr(decl, "type", "") == "declaration" and decl.lower_name in (
                    "background-color", "background"):
                for token in decl.value:
                    colour = _colour(tinycss2.serialize([token]).strip())
                    if colour:
                        return colour
    bgcolor = el.get("bgcolor")
    return _colour(bgcolor) if bgcolor else None


def _colour(value: str) -> str | None:
    import webcolors

    value = value.strip()
    try:
        if value.startswith("#"):
            return str(webcolors.normalize_hex(value if len(value) in (4, 7) else value[:7])
                       )[1:].upper()
        if value.lower().startswith("rgb"):
            nums = [int(float(x.strip().rstrip("%"))) for x in value[value.index("(") + 1:
                    value.rindex(")")].split(",")[:3]]
            return "".join(f"{max(0, min(n, 255)):02X}" for n in nums)
        if re.fullmatch(r"[0-9A-Fa-f]{6}", value):
            return value.upper()
        return str(webcolors.name_to_hex(value))[1:].upper()
    except (ValueError, AttributeError):
        return None


def _records(root: Any) -> tuple[tuple[tuple[Cell, ...], ...], str] | None:
    """Label/value records of a page without tables: ``<dt>``/``<dd>`` pairs, or
    paragraphs that open with a short bold label (its value the rest of the paragraph
    and the paragraphs and list items after it). A label seen again starts a new record.
    Returns (header + record rows, the text before the first label), or ``None`` when
    there are fewer than three labels."""
    pairs: list[tuple[str, list[str]]] = []
    intro: list[str] = []
    for el in root.iter("dt", "dd", "p", "li"):
        if el.xpath("ancestor::dd") and el.tag != "dd":
            continue  # already read with its <dd>
        if el.tag == "dt":
            pairs.append((" ".join(el.text_content().split()).rstrip(":"), []))
            continue
        if el.tag == "dd":
            (pairs[-1][1] if pairs else intro).extend(element_paragraphs(el))
            continue
        label = _bold_label(el) if el.tag == "p" else None
        if label is not None:
            rest = " ".join(el.text_content().split())[len(label):].lstrip(" :–-")
            pairs.append((label.rstrip(": "), [rest] if rest else []))
        else:
            (pairs[-1][1] if pairs else intro).extend(element_paragraphs(el))
    if len(pairs) < 3:
        return None
    records: list[dict[str, list[str]]] = [{}]
    for label, values in pairs:
        if label in records[-1]:
            records.append({})
        records[-1][label] = values
    labels = list(dict.fromkeys(label for rec in records for label in rec))
    header = tuple(Cell((label,)) for label in labels)
    rows = [tuple(Cell(tuple(rec.get(label, []))) for label in labels) for rec in records]
    return (header, *rows), "\n".join(intro)


def _bold_label(p: Any) -> str | None:
    """The text of a short bold run that opens a paragraph, if any."""
    if (p.text or "").strip():
        return None
    first = next((c for c in p if isinstance(c.tag, str)), None)
    if first is None or first.tag not in ("strong", "b"):
        return None
    label = " ".join(first.text_content().split())
    return label if 0 < len(label) <= _MAX_LABEL else None
