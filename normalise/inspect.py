"""What each table of a document is, as the reader saw it: the raw view behind
``planparse tables``, for telling why a table was or was not taken as a plan."""

from __future__ import annotations

from typing import Any

from ingest import SourceDocument

from .plans import group_tables
from .vocabulary import Vocabulary


def describe_tables(doc: SourceDocument, vocabulary: Vocabulary | None = None
                    ) -> list[dict[str, Any]]:
    """One dict per table: ``source_file``, ``table_index``, ``page``, ``bbox`` (PDF:
    x0, top, x1, bottom in points), ``heading``,
    ``is_plan``, ``reason``, ``header_row`` (0-based, ``None`` when the table continues
    the one before), ``header_map`` and ``rows`` (cell texts, ``None`` for a position
    covered by a merged cell), plus ``fills`` where any cell is shaded. Headers are
    mapped with a user's ``vocabulary`` beside the built-in synonyms, as in a conversion."""
    out = []
    for group in group_tables(doc, vocabulary):
        for table, layout in group:
            rows = [[None if c.merged else c.text for c in row] for row in table.rows]
            entry: dict[str, Any] = {
                "source_file": doc.source_file,
                "table_index": table.table_index,
                "page": table.page,
                "bbox": list(table.bbox) if table.bbox else None,
                "heading": table.heading,
                "is_plan": layout.is_plan,
                "reason": layout.reason,
                "header_row": layout.header_row if layout.header_row >= 0 else None,
                "header_map": {m.header: m.field for m in layout.matches if m.field}
                if layout.is_plan else {},
                "rows": rows,
            }
            if any(c.fill for row in table.rows for c in row):
                entry["fills"] = [[None if c.merged else c.fill for c in row]
                                  for row in table.rows]
            out.append(entry)
    return out
