"""Small inline SVG charts for the audit report: no scripts, no network, print-friendly."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

PALETTE = {"red": "#c00000", "amber": "#ffc000", "green": "#00b050", "blue": "#0070c0",
           "completed": "#00b050", "in_progress": "#ffc000", "ongoing": "#5b9bd5",
           "not_started": "#a5a5a5", "overdue": "#c00000", "on_hold": "#7f6000",
           "superseded": "#7030a0", "none": "#d9d9d9"}


def bar_chart(items: Sequence[tuple[str, int]], *, title: str, width: int = 360,
              colour: str | None = None) -> Markup:
    """Horizontal bars, one per (label, count); colours from :data:`PALETTE` by label
    unless ``colour`` is given."""
    row, label_w = 22, 110
    height = row * max(len(items), 1) + 28
    top = max((n for _, n in items), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(title)}" class="chart">',
             f'<text x="0" y="14" class="chart-title">{escape(title)}</text>']
    for i, (label, n) in enumerate(items):
        y = 24 + i * row
        w = round((width - label_w - 40) * n / top)
        fill = colour or PALETTE.get(label, "#5b9bd5")
        parts.append(f'<text x="0" y="{y + 14}" class="label">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row - 8}" '
                     f'fill="{fill}"><title>{escape(label)}: {n}</title></rect>'
                     f'<text x="{label_w + w + 4}" y="{y + 14}" class="value">{n}</text>')
    if not items:
        parts.append('<text x="0" y="40" class="label">none</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline(series: Sequence[tuple[str, Sequence[date]]], *, title: str,
             width: int = 720) -> Markup:
    """One row per series (a plan or an action), one dot per dated update, months along
    the bottom."""
    dates = [d for _, ds in series for d in ds]
    row, label_w = 20, 160
    height = 40 + row * max(len(series), 1) + 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(title)}" class="chart">',
             f'<text x="0" y="14" class="chart-title">{escape(title)}</text>']
    if not dates:
        parts.append('<text x="0" y="40" class="label">no dated updates</text></svg>')
        return Markup("".join(parts))
    start = date(min(dates).year, min(dates).month, 1)
    end = max(dates)
    span = max((end - start).days, 1)
    plot_w = width - label_w - 48  # room for the last month's label

    def x(d: date) -> float:
        return label_w + plot_w * (d - start).days / span

    for i, (label, ds) in enumerate(series):
        y = 34 + i * row
        parts.append(f'<text x="0" y="{y + 4}" class="label">{escape(label[:28])}</text>'
                     f'<line x1="{label_w}" y1="{y}" x2="{label_w + plot_w}" y2="{y}" '
                     'class="axis"/>')
        for d in ds:
            parts.append(f'<circle cx="{x(d):.1f}" cy="{y}" r="4" fill="#0070c0">'
                         f"<title>{escape(label)}: {d.isoformat()}</title></circle>")
    y_axis = 34 + len(series) * row
    month = start
    step = max(1, round(span / 30 / 8))  # at most about eight month labels
    k = 0
    while month <= end:
        if k % step == 0:
            parts.append(f'<text x="{x(month):.1f}" y="{y_axis + 8}" class="tick">'
                         f'{month.strftime("%b %y")}</text>')
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        k += 1
    parts.append("</svg>")
    return Markup("".join(parts))
