"""``report.html`` made as the plans arrive: each plan's section is rendered when its
actions are in and kept in a temporary file; only what the top of the page needs (one
overview row per plan, counts, findings by code, the most overdue actions) stays in
memory, and the page is assembled from the two at the end. So the parent writing an
archive's report holds one plan's actions at a time, not the archive's.

Two things are known only when every plan has arrived, and are put in at the end: each
plan's label (a title shared by several plans gets its file's name, see
:func:`exporters.report.plan_labels`), which is why a section is kept without its title;
and whether the run has one plan (``single``: its section has the per-action charts), which
is why the first plan is rendered only when a second arrives or at the end.
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from markupsafe import Markup

from normalise.derived import flags_of
from normalise.models import Action, Flag, Plan, Status

__all__ = ["ReportBuilder"]


class _Named:
    """What :func:`exporters.report.plan_labels` reads of a plan."""

    __slots__ = ("source_file", "table_index", "title")

    def __init__(self, plan: Plan) -> None:
        self.title = plan.title
        self.source_file = plan.source_file
        self.table_index = plan.table_index


class ReportBuilder:
    """Add each plan whole (:meth:`add`), then :meth:`write` the page."""

    def __init__(self, run_info: dict[str, str] | None, link_base: Path | None) -> None:
        from jinja2 import Environment, PackageLoader, select_autoescape

        env = Environment(loader=PackageLoader("exporters", "templates"),
                          autoescape=select_autoescape(default=True, default_for_string=True))
        self.page = env.get_template("report.html.j2")
        self.section = env.get_template("report_section.html.j2")
        self.run_info = run_info
        self.link_base = link_base
        # Each section's HTML (after its title), in plan order; (offset, length) per plan.
        self.bodies: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in write()
        self.spans: list[tuple[int, int]] = []
        self.names: list[_Named] = []
        self.overview: list[dict[str, Any]] = []
        self.files: set[str] = set()
        self.first: tuple[Plan, list[Flag]] | None = None  # held until a second plan comes
        # The whole run's counts.
        self.actions = self.completed = self.overdue = self.flagged = 0
        self.status: Counter[str] = Counter()
        self.rag: Counter[str] = Counter()
        self.months: Counter[tuple[int, int]] = Counter()
        self.codes: Counter[str] = Counter()
        self.code_plans: dict[str, set[str]] = defaultdict(set)
        #: The most overdue so far, as (action, plan index): the same as sorting them all
        #: at the end (a stable sort keeps the earlier of equals, as this does).
        self.most_overdue: list[tuple[Action, int]] = []

    def add(self, plan: Plan, actions: Sequence[Action]) -> None:
        """One plan and its actions."""
        from .report import TOP_OVERDUE, _overview_row

        index = len(self.names)
        anchor = f"plan-{index + 1}"
        self.names.append(_Named(plan))
        self.files.add(plan.source_file)
        whole = Plan.model_construct(**{**dict(plan), "actions": list(actions)})
        self.overview.append(_overview_row(whole, "", anchor, self.link_base))
        flags = flags_of(whole, whole.actions)
        for f in flags:
            self.codes[f.code] += 1
            self.code_plans[f.code].add(f.plan_id)
        for a in whole.actions:
            self.actions += 1
            self.completed += a.status is Status.completed
            self.overdue += bool(a.is_overdue)
            self.flagged += bool(a.flags)
            self.status[a.status.value if a.status else "none"] += 1
            self.rag[a.rag.value if a.rag else "none"] += 1
            for e in a.entries:
                if e.entry_date:
                    self.months[(e.entry_date.year, e.entry_date.month)] += 1
        late = sorted(((a, index) for a in whole.actions if a.is_overdue),
                      key=lambda t: -(t[0].days_overdue or 0))
        self.most_overdue = sorted(self.most_overdue + late[:TOP_OVERDUE],
                                   key=lambda t: -(t[0].days_overdue or 0))[:TOP_OVERDUE]
        if index == 0:
            self.first = (whole, flags)
            return
        if self.first is not None:
            self._render(*self.first, 0, single=False)
            self.first = None
        self._render(whole, flags, index, single=False)

    def _render(self, plan: Plan, flags: Sequence[Flag], index: int, single: bool) -> None:
        from .report import _plan_section

        section = _plan_section(plan, "", f"plan-{index + 1}", flags, self.link_base, single)
        data = self.section.render(s=section, single=single).encode("utf-8")
        self.bodies.seek(0, 2)
        self.spans.append((self.bodies.tell(), len(data)))
        self.bodies.write(data)

    def _sections(self, labels: list[str]) -> Iterator[dict[str, Any]]:
        for k, (offset, length) in enumerate(self.spans):
            self.bodies.seek(offset)
            body = Markup(self.bodies.read(length).decode("utf-8"))  # rendered escaped
            yield {"anchor": f"plan-{k + 1}", "label": labels[k], "body": body}

    def write(self, fh: IO[str]) -> None:
        """Write the page into ``fh`` (text) and let the sections' file go."""
        from .charts import PALETTE, bar_chart, month_chart
        from .report import (
            _RAG_ORDER,
            _STATUS_ORDER,
            _findings_by_counts,
            plan_labels,
            source_href,
        )

        try:
            single = len(self.names) == 1
            if self.first is not None:
                self._render(*self.first, 0, single=single)
                self.first = None
            labels = plan_labels(self.names)  # type: ignore[arg-type]
            for row, label in zip(self.overview, labels, strict=True):
                row["label"] = label
            overdue = [(a, labels[i], f"plan-{i + 1}") for a, i in self.most_overdue]
            status = [(k, self.status[k]) for k in _STATUS_ORDER if self.status[k]]
            rag = [(k, self.rag[k]) for k in _RAG_ORDER if self.rag[k]]
            overall = {
                "actions": self.actions, "completed": self.completed,
                "overdue": self.overdue, "flagged": self.flagged,
                "status_chart": bar_chart(status, title="Actions by status"),
                "rag_chart": bar_chart(rag, title="Actions by RAG"),
                "overdue_chart": bar_chart(
                    [(f"{a.ref or a.seq} · {label}", a.days_overdue or 0)
                     for a, label, _ in overdue],
                    title="Most days overdue (ref · plan)", colour=PALETTE["red"],
                    label_width=300, width=620) if overdue and not single else None,
                "updates_chart": None if single else month_chart(
                    self.months, title="Dated updates per month, all plans"),
                "overdue_rows": [{"a": a, "label": label, "anchor": anchor,
                                  "href": source_href(a.source_file, a.page_first,
                                                      self.link_base)}
                                 for a, label, anchor in overdue],
            }
            stream = self.page.generate(
                single=single, overall=overall, overview=self.overview,
                by_code=_findings_by_counts(self.codes, self.code_plans),
                sections=self._sections(labels), run_info=self.run_info or {},
                files=sorted(self.files))
            for chunk in stream:
                fh.write(chunk)
        finally:
            self.bodies.close()
