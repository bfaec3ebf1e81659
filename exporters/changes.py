"""Change records → ``changes.csv`` / ``changes.json`` / … and the report's "Since the last
publication" section. Columns come from the :class:`~normalise.Change` model."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from normalise.models import CONTRACT_VERSION, Change, Plan

from .atomic import staged
from .contract import to_text

#: What ``planparse diff --format`` writes.
CHANGE_FORMATS = ("csv", "json", "jsonl", "parquet", "xlsx", "report")


def change_rows(changes: Sequence[Change]) -> list[list[str]]:
    """Each change as the text of its CSV cells, in column order."""
    columns = Change.columns()
    return [[to_text(getattr(c, name)) for name in columns] for c in changes]


def _csv(changes: Sequence[Change], path: Path, bom: bool) -> None:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(Change.columns())
        writer.writerows(change_rows(changes))


def _json_rows(changes: Sequence[Change]) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json") for c in changes]


def _parquet(changes: Sequence[Change], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"entry_date": pa.date32(), "days": pa.int64()}
    schema = pa.schema([pa.field(n, types.get(n, pa.string())) for n in Change.columns()])
    data = {n: [getattr(c, n) for c in changes] for n in Change.columns()}
    pq.write_table(pa.Table.from_pydict(data, schema=schema), path)


def _xlsx(changes: Sequence[Change], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "changes"
    sheet.append(Change.columns())
    for c in changes:
        # Text is stored as text (never a formula), dates as dates, days as numbers.
        row: list[Any] = [getattr(c, n) for n in Change.columns()]
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    book.save(path)


_SECTION = """
<h2>Since the last publication</h2>
<p class="muted">{{ old }} → {{ new }}: {{ changes|length }} change(s).</p>
{% if not changes %}<p>No changes: the two publications hold the same plan content.</p>{% endif %}
{% if added or removed %}
<h3>Actions added and removed</h3>
<table><thead><tr><th>Change</th><th>Ref</th><th>Action</th></tr></thead>
{% for c in added %}<tr><td><span class="flag">added</span></td><td>{{ c.ref }}</td>
<td>{{ c.new_value|truncate(200) }}</td></tr>{% endfor %}
{% for c in removed %}<tr><td><span class="flag">removed</span></td><td>{{ c.ref }}</td>
<td>{{ c.old_value|truncate(200) }}</td></tr>{% endfor %}
</table>{% endif %}
{% if slipped %}
<h3>Slipped deadlines</h3>
<table><thead><tr><th>Ref</th><th>Was</th><th>Now</th><th>Days</th></tr></thead>
{% for c in slipped %}<tr><td>{{ c.ref }}</td><td>{{ c.old_value }}</td><td>{{ c.new_value }}</td>
<td>{{ c.days }}</td></tr>{% endfor %}
</table>{% endif %}
{% if updates %}
<h3>New updates per action</h3>
<table><thead><tr><th>Ref</th><th>New updates</th><th>Latest</th></tr></thead>
{% for ref, items in updates %}<tr><td>{{ ref }}</td><td>{{ items|length }}</td>
<td>{{ items[0].entry_date or 'undated' }}: {{ items[0].new_value|truncate(160) }}</td></tr>
{% endfor %}
</table>{% endif %}
{% if rewritten %}
<h3>History rewritten</h3>
<p>Updates of the earlier publication that are gone or were reworded: check them against
both documents.</p>
<table><thead><tr><th>Ref</th><th>Change</th><th>Date</th><th>Was</th><th>Now</th></tr></thead>
{% for c in rewritten %}<tr><td>{{ c.ref }}</td><td><span class="flag">{{ c.change }}</span></td>
<td>{{ c.entry_date or '' }}</td><td>{{ c.old_value|truncate(200) }}</td>
<td>{{ c.new_value|truncate(200) }}</td></tr>{% endfor %}
</table>{% endif %}
{% if other %}
<h3>Other changes</h3>
<table><thead><tr><th>Ref</th><th>Change</th><th>Field</th><th>Was</th><th>Now</th></tr></thead>
{% for c in other %}<tr><td>{{ c.ref }}</td><td><span class="flag">{{ c.change }}</span></td>
<td>{{ c.field }}</td><td>{{ c.old_value|truncate(200) }}</td>
<td>{{ c.new_value|truncate(200) }}</td></tr>{% endfor %}
</table>{% endif %}
"""


def render_since(changes: Sequence[Change], old: str, new: str) -> str:
    """The "Since the last publication" section (HTML, document text escaped)."""
    from jinja2 import Environment

    by_code: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        by_code[c.change].append(c)
    updates: dict[str, list[Change]] = defaultdict(list)
    for c in by_code["entry-added"]:
        updates[c.ref].append(c)
    shown = {"action-added", "action-removed", "entry-added", "entry-removed", "entry-edited"}
    return Environment(autoescape=True).from_string(_SECTION).render(
        old=old, new=new, changes=changes, added=by_code["action-added"],
        removed=by_code["action-removed"],
        slipped=[c for c in by_code["target-date-changed"] if (c.days or 0) > 0],
        updates=list(updates.items()),
        rewritten=by_code["entry-removed"] + by_code["entry-edited"],
        other=[c for c in changes if c.change not in shown
               and not (c.change == "target-date-changed" and (c.days or 0) > 0)])


def write_changes(changes: Sequence[Change], out_dir: Path, formats: Sequence[str], *,
                  plans: Sequence[Plan] = (), names: Sequence[str] = ("old", "new"),
                  since: Sequence[Change] | None = None, bom: bool = True,
                  run_info: dict[str, str] | None = None) -> list[Path]:
    """Write the changes in each format into ``out_dir`` as one set (staged, then renamed
    into place). ``report`` writes ``report.html`` for ``plans`` (the newest publication)
    with a "Since the last publication" section of ``since`` (default: all the changes),
    from ``names[-2]`` to ``names[-1]``. Returns the final paths."""
    written: list[str] = []
    with staged(out_dir) as stage:
        for name in formats:
            if name == "csv":
                _csv(changes, stage / "changes.csv", bom)
                written.append("changes.csv")
            elif name == "json":
                doc = {"contract_version": CONTRACT_VERSION, "changes": _json_rows(changes)}
                (stage / "changes.json").write_text(
                    json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
                written.append("changes.json")
            elif name == "jsonl":
                (stage / "changes.jsonl").write_text("".join(
                    json.dumps(r, ensure_ascii=False) + "\n" for r in _json_rows(changes)),
                    encoding="utf-8")
                written.append("changes.jsonl")
            elif name == "parquet":
                _parquet(changes, stage / "changes.parquet")
                written.append("changes.parquet")
            elif name == "xlsx":
                _xlsx(changes, stage / "changes.xlsx")
                written.append("changes.xlsx")
            elif name == "report":
                from .report import render_report

                page = render_report(plans, run_info)
                section = render_since(changes if since is None else since,
                                       names[-2] if len(names) > 1 else "", names[-1])
                # The section goes before the footer, after the report's own sections.
                page = page.replace("<footer>", section + "\n<footer>", 1)
                (stage / "report.html").write_text(page, encoding="utf-8")
                written.append("report.html")
            else:
                raise ValueError(f"diff cannot write {name}; choose from "
                                 f"{', '.join(CHANGE_FORMATS)}")
    return [out_dir / n for n in written]


__all__ = ["CHANGE_FORMATS", "change_rows", "render_since", "write_changes"]
