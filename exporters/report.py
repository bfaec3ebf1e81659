"""``report.html``: the audit as one self-contained page an analyst can hand over.

No scripts and no network: styles are inline and charts are inline SVG, so the page opens
anywhere and prints to A4 as it looks. Every finding names its source file and page, and
links to it. All text from documents is escaped (Jinja2 autoescaping): a plan is untrusted
input.

The page is built to scale to an archive: an overview of every plan (one row each, linked
to its section), findings summarised by code, the most overdue actions across all plans,
then one compact section per plan. Charts that would grow with the archive (one row or one
dot per plan) are replaced by fixed-size ones when there is more than one plan.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from normalise.derived import flags_of
from normalise.models import Action, Flag, Issue, Plan, Status

from .charts import PALETTE, bar_chart, stacked_bar, timeline
from .sink import Context

FILENAME = "report.html"
_STATUS_ORDER = [s.value for s in Status] + ["none"]
_RAG_ORDER = ["red", "amber", "green", "blue", "none"]
#: How many actions the cross-plan "most overdue" table and chart show.
TOP_OVERDUE = 10


def _counts(actions: Sequence[Action], attr: str, order: list[str]) -> list[tuple[str, int]]:
    c = Counter((getattr(a, attr).value if getattr(a, attr) else "none") for a in actions)
    return [(k, c[k]) for k in order if c[k]]


def _lead_rows(actions: Sequence[Action]) -> list[dict[str, Any]]:
    by_lead: dict[str, list[Action]] = defaultdict(list)
    for a in actions:
        for lead in a.leads or ["(no lead)"]:
            by_lead[lead].append(a)
    rows = []
    for lead, items in sorted(by_lead.items(), key=lambda kv: (-len(kv[1]), kv[0].lower())):
        done = sum(1 for a in items if a.status is Status.completed)
        rows.append({"lead": lead, "actions": len(items), "completed": done,
                     "rate": round(100 * done / len(items))})
    return rows


def plan_labels(plans: Sequence[Plan]) -> list[str]:
    """A distinct label per plan: its title, with its file's name where several plans share
    a title, and its table number where one file holds several plans of that title."""
    titles = Counter(p.title for p in plans)
    keyed = Counter((p.title, p.source_file) for p in plans)
    labels = []
    for p in plans:
        label = p.title or "(untitled plan)"
        if titles[p.title] > 1:
            label += f" — {Path(p.source_file).name}"
            if keyed[(p.title, p.source_file)] > 1:
                label += f", table {p.table_index + 1}"
        labels.append(label)
    return labels


def source_href(source_file: str, page: int | None, link_base: Path | None) -> str:
    """A link that opens the source file (at its page, for a PDF), relative to the folder
    the report is written to so that the output folder and the inputs can move together."""
    path = Path(source_file)
    if link_base is not None and source_file:
        try:
            path = Path(os.path.relpath(path.resolve(), link_base.resolve()))
        except ValueError:  # another drive on Windows: keep it absolute
            path = path.resolve()
    href = quote(path.as_posix())
    if page and path.suffix.lower() == ".pdf":
        href += f"#page={page}"
    return href


def _overview_row(plan: Plan, label: str, anchor: str,
                  link_base: Path | None) -> dict[str, Any]:
    actions = list(plan.actions)
    dated = [a.last_update_date for a in actions if a.last_update_date]
    return {
        "label": label, "anchor": anchor, "actions": len(actions),
        "completed": sum(1 for a in actions if a.status is Status.completed),
        "overdue": sum(1 for a in actions if a.is_overdue),
        "stale": sum(1 for a in actions if "stale" in a.flags),
        "findings": sum(len(a.flags) for a in actions),
        "last_update": max(dated, default=None), "as_of": plan.as_of,
        "source": plan.source_file, "page": plan.page_first,
        "href": source_href(plan.source_file, plan.page_first, link_base),
    }


def _findings_by_code(flags: Sequence[Flag]) -> list[dict[str, Any]]:
    actions: Counter[str] = Counter(f.code for f in flags)
    plans: dict[str, set[str]] = defaultdict(set)
    for f in flags:
        plans[f.code].add(f.plan_id)
    return _findings_by_counts(actions, plans)


def _findings_by_counts(actions: Counter[str], plans: Mapping[str, set[str]]
                        ) -> list[dict[str, Any]]:
    """The "findings by code" rows from the actions per code and the plans per code."""
    from normalise.derived import FLAG_CODES

    return [{"code": code, "meaning": FLAG_CODES.get(code, ""), "actions": n,
             "plans": len(plans[code])}
            for code, n in sorted(actions.items(), key=lambda kv: (-kv[1], kv[0]))]


def _plan_section(plan: Plan, label: str, anchor: str, flags: Sequence[Flag],
                  link_base: Path | None, single: bool) -> dict[str, Any]:
    actions = list(plan.actions)
    messages: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for f in flags:
        messages[f.action_id].append((f.code, f.message))
    section: dict[str, Any] = {
        "plan": plan, "label": label, "anchor": anchor,
        "href": source_href(plan.source_file, plan.page_first, link_base),
        # An action links to its own page only when it has one (a PDF); otherwise the
        # plan's link above says where it is, and repeating it 8 times a plan is bulk.
        "rows": [{"a": a, "findings": messages.get(a.action_id, []),
                  "href": source_href(a.source_file or plan.source_file, a.page_first,
                                      link_base) if a.page_first else None}
                 for a in actions],
        "completed": sum(1 for a in actions if a.status is Status.completed),
        "overdue": sum(1 for a in actions if a.is_overdue),
        "status_bar": stacked_bar(_counts(actions, "status", _STATUS_ORDER),
                                  title="Status"),
        "rag_bar": stacked_bar(_counts(actions, "rag", _RAG_ORDER), title="RAG"),
    }
    if single:  # one plan: room for the per-action detail charts
        overdue = sorted((a for a in actions if a.is_overdue),
                         key=lambda a: -(a.days_overdue or 0))
        section["overdue_chart"] = bar_chart(
            [(f"{a.ref or a.seq}", a.days_overdue or 0) for a in overdue[:20]],
            title="Days overdue (by ref)", colour=PALETTE["red"]) if overdue else None
        section["timeline"] = timeline(
            [(f"{a.ref or a.seq}", [e.entry_date for e in a.entries if e.entry_date])
             for a in actions], title="Dated updates")
        section["leads"] = _lead_rows(actions)
    return section


def render_report(plans: Sequence[Plan], run_info: dict[str, str] | None = None, *,
                  link_base: Path | None = None) -> str:
    """The report's HTML. ``link_base`` is the folder the report will sit in (source links
    are made relative to it); without it, links are the source paths as given."""
    import io

    from .report_stream import ReportBuilder

    builder = ReportBuilder(run_info, link_base)
    for plan in plans:
        builder.add(plan, plan.actions)
    out = io.StringIO()
    builder.write(out)
    return out.getvalue()


def write_report(plans: Sequence[Plan], out_dir: Path,
                 run_info: dict[str, str] | None = None, *,
                 link_base: Path | None = None) -> list[Path]:
    """Write ``report.html`` into ``out_dir``; ``link_base`` is the folder it will finally
    sit in, when ``out_dir`` is a staging folder (default: ``out_dir``)."""
    path = out_dir / FILENAME
    path.write_text(render_report(plans, run_info, link_base=link_base or out_dir),
                    encoding="utf-8")
    return [path]


def write_audit_csv(plans: Sequence[Plan], out_dir: Path, *, bom: bool = True,
                    excel_safe: bool = False) -> list[Path]:
    """Write ``audit.csv``: one row per flag, columns from the ``Flag`` model;
    ``excel_safe`` guards its text cells as :mod:`exporters.csv` does."""
    sink = AuditSink(Context(out_dir, out_dir, bom=bom, excel_safe=excel_safe))
    for plan in plans:
        sink.plan(plan)
        for action in plan.actions:
            sink.action(action)
    return sink.close()


def _flag_row(flag: Flag, columns: Sequence[str], excel_safe: bool) -> list[str]:
    """One ``audit.csv`` row. With ``excel_safe`` every text cell (ref, message,
    source_file: all from the document or its name) that Excel would run as a formula is
    guarded, as in the other CSV files; numbers (page) are left as they are."""
    from .contract import to_text
    from .csv import excel_safe_text

    values = [getattr(flag, c) for c in columns]
    return [excel_safe_text(to_text(v)) if excel_safe and isinstance(v, str) else to_text(v)
            for v in values]


class ReportSink:
    """``report.html``: each plan's section is rendered as its actions complete and the
    page assembled at :meth:`close` (:class:`~exporters.report_stream.ReportBuilder`),
    so the parent holds one plan's actions, not the run's."""

    def __init__(self, ctx: Context) -> None:
        from .report_stream import ReportBuilder

        self.ctx = ctx
        self.builder = ReportBuilder(ctx.run_info, ctx.out_dir)
        self.current: Plan | None = None
        self.actions: list[Action] = []

    def _flush(self) -> None:
        if self.current is not None:
            self.builder.add(self.current, self.actions)
        self.current, self.actions = None, []

    def plan(self, plan: Plan) -> None:
        """The plan before is complete: render its section."""
        self._flush()
        self.current = plan

    def action(self, action: Action) -> None:
        """An action of the plan last started."""
        self.actions.append(action)

    def issue(self, issue: Issue, attached: bool) -> None:
        """The report shows flags, not issues."""

    def close(self) -> list[Path]:
        """Write the page."""
        self._flush()
        path = self.ctx.stage / FILENAME
        with path.open("w", encoding="utf-8") as fh:
            self.builder.write(fh)
        return [path]


class AuditSink:
    """``audit.csv``: one row per flag, a plan's rows as soon as its actions are in."""

    def __init__(self, ctx: Context) -> None:
        import csv

        self.path = ctx.stage / "audit.csv"
        self.columns = Flag.columns()
        self.fh = self.path.open("w", encoding="utf-8-sig" if ctx.bom else "utf-8",
                                 newline="")
        self.writer = csv.writer(self.fh, lineterminator="\r\n")
        self.writer.writerow(self.columns)
        self.excel_safe = ctx.excel_safe
        self.current: Plan | None = None
        self.actions: list[Action] = []

    def _flush(self) -> None:
        if self.current is not None:
            for flag in flags_of(self.current, self.actions):
                self.writer.writerow(_flag_row(flag, self.columns, self.excel_safe))
        self.current, self.actions = None, []

    def plan(self, plan: Plan) -> None:
        """The plan before is complete: write its flags."""
        self._flush()
        self.current = plan

    def action(self, action: Action) -> None:
        """An action of the current plan."""
        self.actions.append(action)

    def issue(self, issue: Issue, attached: bool) -> None:
        """Issues are not findings."""

    def close(self) -> list[Path]:
        """The last plan's flags; close the file."""
        self._flush()
        self.fh.close()
        return [self.path]
