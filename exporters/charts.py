"""Small inline SVG charts for the audit report: no scripts, no network, print-friendly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from markupsafe import Markup, escape

PALETTE = {"red": "#c00000", "amber": "#ffc000", "green": "#00b050", "blue": "#0070c0",
           "completed": "#00b050", "in_progress": "#ffc000", "ongoing": "#5b9bd5",
           "not_started": "#a5a5a5", "overdue": "#c00000", "on_hold": "#7f6000",
           "superseded": "#7030a0", "none": "#d9d9d9"}


def _open(width: int, height: int, title: str) -> list[str]:
    """The start of a chart: the ``<svg>`` element and its title."""
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img" aria-label="{escape(title)}" class="chart">',
            f'<text x="0" y="14" class="chart-title">{escape(title)}</text>']


def _no_dates(parts: list[str]) -> Markup:
    parts.append('<text x="0" y="40" class="label">no dated updates</text></svg>')
    return Markup("".join(parts))


def bar_chart(items: Sequence[tuple[str, int]], *, title: str, width: int = 360,
              colour: str | None = None, label_width: int = 110) -> Markup:
    """Horizontal bars, one per (label, count); colours from :data:`PALETTE` by label
    unless ``colour`` is given. A label too long for ``label_width`` is cut, whole in the
    bar's tooltip."""
    row, label_w = 22, label_width
    room = max(label_w // 6, 4)  # about 6 px a character at 11 px type
    height = row * max(len(items), 1) + 28
    top = max((n for _, n in items), default=0) or 1
    parts = _open(width, height, title)
    for i, (label, n) in enumerate(items):
        y = 24 + i * row
        w = round((width - label_w - 40) * n / top)
        fill = colour or PALETTE.get(label, "#5b9bd5")
        # Cut in the middle: labels are "ref · title — file", distinct at both ends.
        shown = label if len(label) <= room else (
            label[:room // 2] + "…" + label[len(label) - (room - room // 2 - 1):])
        parts.append(f'<text x="0" y="{y + 14}" class="label">{escape(shown)}</text>'
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
    parts = _open(width, height, title)
    if not dates:
        return _no_dates(parts)
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


def stacked_bar(items: Sequence[tuple[str, int]], *, title: str, width: int = 240) -> Markup:
    """One bar split by (label, count), colours from :data:`PALETTE`: a plan's status or
    RAG mix in a fixed, small size, whatever the number of actions."""
    total = sum(n for _, n in items)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="30" '
             f'role="img" aria-label="{escape(title)}" class="chart">',
             f'<text x="0" y="11" class="label">{escape(title)}</text>']
    x = 0.0
    for label, n in items:
        w = (width * n / total) if total else 0
        parts.append(f'<rect x="{x:.1f}" y="15" width="{w:.1f}" height="12" '
                     f'fill="{PALETTE.get(label, "#5b9bd5")}">'
                     f"<title>{escape(label)}: {n}</title></rect>")
        x += w
    parts.append("</svg>")
    return Markup("".join(parts))


def monthly_chart(dates: Sequence[date], *, title: str, width: int = 720,
                  height: int = 140) -> Markup:
    """Columns of dated updates per month: a fixed-size picture of when an archive was
    being updated, however many plans it holds."""
    counts: dict[tuple[int, int], int] = {}
    for d in dates:
        counts[(d.year, d.month)] = counts.get((d.year, d.month), 0) + 1
    return month_chart(counts, title=title, width=width, height=height)


def month_chart(counts: Mapping[tuple[int, int], int], *, title: str, width: int = 720,
                height: int = 140) -> Markup:
    """:func:`monthly_chart` from the counts per (year, month), which a report made as
    the plans arrive keeps instead of every date."""
    parts = _open(width, height, title)
    counts = {k: n for k, n in counts.items() if n}
    if not counts:
        return _no_dates(parts)
    first, last = min(counts), max(counts)
    months = []
    y, m = first
    while (y, m) <= last:
        months.append((y, m))
        y, m = (y + (m == 12), m % 12 + 1)
    top = max(counts.values())
    plot_h, base = height - 50, height - 18
    col = (width - 40) / len(months)
    step = max(1, round(len(months) / 8))  # at most about eight month labels
    for i, (y, m) in enumerate(months):
        n = counts.get((y, m), 0)
        h = plot_h * n / top
        x = 20 + i * col
        label = date(y, m, 1).strftime("%b %y")
        parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{max(col - 2, 1):.1f}" '
                     f'height="{h:.1f}" fill="#0070c0"><title>{label}: {n}</title></rect>')
        if i % step == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 4}" class="tick">{label}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
