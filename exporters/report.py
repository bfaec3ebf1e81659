"""``report.html``: the audit as one self-contained page an analyst can hand over.

No scripts and no network: styles are inline and charts are inline SVG, so the page opens
anywhere and prints to PDF as it looks. Every finding names its source file and page. All
text from documents is escaped (Jinja2 autoescaping): a plan is untrusted input.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from normalise.derived import flags_of
from normalise.models import Action, Issue, Plan, Status

from .charts import PALETTE, bar_chart, timeline
from .sink import Context

FILENAME = "report.html"
_STATUS_ORDER = [s.value for s in Status] + ["none"]
_RAG_ORDER = ["red", "amber", "green", "blue", "none"]


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


def _section(title: str, plans: Sequence[Plan]) -> dict[str, Any]:
    # The report lists every action, so a section holds its actions whole.
    actions = [a for p in plans for a in p.actions]
    overdue = sorted((a for a in actions if a.is_overdue),
                     key=lambda a: -(a.days_overdue or 0))
    series = ([(p.title, [e.entry_date for a in p.actions for e in a.entries
                          if e.entry_date])
               for p in plans] if len(plans) > 1 else
              [(f"{a.ref or a.seq}", [e.entry_date for e in a.entries if e.entry_date])
               for a in actions])
    return {
        "title": title, "actions": actions, "overdue": overdue,
        "status_chart": bar_chart(_counts(actions, "status", _STATUS_ORDER),
                                  title="Actions by status"),
        "rag_chart": bar_chart(_counts(actions, "rag", _RAG_ORDER), title="Actions by RAG"),
        "overdue_chart": bar_chart([(f"{a.ref or a.seq}", a.days_overdue or 0)
                                    for a in overdue[:20]], title="Days overdue (by ref)",
                                   colour=PALETTE["red"]),
        "timeline": timeline(series, title="Dated updates"),
        "leads": _lead_rows(actions),
        "flagged": sum(1 for a in actions if a.flags),
        "completed": sum(1 for a in actions if a.status is Status.completed),
    }


def render_report(plans: Sequence[Plan], run_info: dict[str, str] | None = None) -> str:
    """The report's HTML."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("exporters", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.get_template("report.html.j2")
    flags = [(p, f) for p in plans for f in flags_of(p, p.actions)]
    return template.render(
        overall=_section("All plans", plans), plans=[(p, _section(p.title, [p])) for p in plans],
        flags=flags, run_info=run_info or {},
        files=sorted({p.source_file for p in plans}))


def write_report(plans: Sequence[Plan], out_dir: Path,
                 run_info: dict[str, str] | None = None) -> list[Path]:
    """Write ``report.html``."""
    path = out_dir / FILENAME
    path.write_text(render_report(plans, run_info), encoding="utf-8")
    return [path]


def write_audit_csv(plans: Sequence[Plan], out_dir: Path, *, bom: bool = True) -> list[Path]:
    """Write ``audit.csv``: one row per flag, columns from the ``Flag`` model."""
    import csv

    from normalise.models import Flag

    from .contract import to_text

    path = out_dir / "audit.csv"
    columns = Flag.columns()
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(columns)
        for plan in plans:
            for flag in flags_of(plan, plan.actions):
                writer.writerow([to_text(getattr(flag, c)) for c in columns])
    return [path]


class ReportSink:
    """``report.html``: the report lists every action, so it needs the plans whole at
    :meth:`close`. Until then each plan is pickled to a temporary file as it completes,
    so that the whole run is not held while the other sinks (a workbook) close."""

    def __init__(self, ctx: Context) -> None:
        import tempfile

        self.ctx = ctx
        self.spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.count = 0
        self.current: Plan | None = None

    def _flush(self) -> None:
        import pickle

        if self.current is not None:
            pickle.dump(self.current, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += 1
        self.current = None

    def plan(self, plan: Plan) -> None:
        """Start a whole plan (its actions follow)."""
        self._flush()
        # A plain Plan of its own: the header is shared with the other sinks.
        self.current = Plan.model_construct(**{**dict(plan), "actions": []})

    def action(self, action: Action) -> None:
        """An action of the plan last started."""
        assert self.current is not None
        self.current.actions.append(action)

    def issue(self, issue: Issue, attached: bool) -> None:
        """The report shows flags, not issues."""

    def close(self) -> list[Path]:
        """Render the report from the plans read back."""
        import pickle

        self._flush()
        try:
            self.spool.seek(0)
            plans = [pickle.load(self.spool) for _ in range(self.count)]
        finally:
            self.spool.close()
        return write_report(plans, self.ctx.stage, self.ctx.run_info)


class AuditSink:
    """``audit.csv``: one row per flag, a plan's rows as soon as its actions are in."""

    def __init__(self, ctx: Context) -> None:
        import csv

        from normalise.models import Flag

        self.path = ctx.stage / "audit.csv"
        self.columns = Flag.columns()
        self.fh = self.path.open("w", encoding="utf-8-sig" if ctx.bom else "utf-8",
                                 newline="")
        self.writer = csv.writer(self.fh, lineterminator="\r\n")
        self.writer.writerow(self.columns)
        self.current: Plan | None = None
        self.actions: list[Action] = []

    def _flush(self) -> None:
        from .contract import to_text

        if self.current is not None:
            for flag in flags_of(self.current, self.actions):
                self.writer.writerow([to_text(getattr(flag, c)) for c in self.columns])
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
