"""Small inline SVG charts, drawn at build time: no script, no library, no request.

Each chart is `role="img"` with a <title> and <desc> for screen readers (the page also shows the
same numbers as a table). Colours come from classes in the theme's style.css, built on its CSS
variables and currentColor, so the charts follow light mode, dark mode and print.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 460
"""Every chart's viewBox width; the stylesheet scales it to the column."""
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _n(value: float) -> str:
    """A coordinate, short and the same on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(x: float, y: float, text: str, cls: str, anchor: str = "start") -> str:
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}"{anchor_attr}>{escape(text)}</text>'


def _svg(
    chart_id: str,
    kind: str,
    title: str,
    desc: str,
    width: float,
    height: float,
    parts: list[str],
    natural: bool = False,
) -> str:
    """Wrap parts in an accessible <svg>; a `natural` chart keeps its size instead of filling the column."""
    size = f' width="{_n(width)}" height="{_n(height)}"' if natural else ""
    cid = escape(chart_id)
    return (
        f'<svg class="chart chart-{kind}" id="{cid}" viewBox="0 0 {_n(width)} {_n(height)}"{size} '
        f'role="img" aria-labelledby="{cid}-title" aria-describedby="{cid}-desc">\n'
        f'<title id="{cid}-title">{escape(title)}</title>\n'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>\n' + "\n".join(parts) + "\n</svg>"
    )


def _wrap(label: str, width: int = 11) -> list[str]:
    """Split a label into short lines at spaces: "moderately severe" → ["moderately", "severe"]."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [label]


@dataclass(frozen=True)
class Marker:
    """A vertical line on a time chart, e.g. a session: its date and short label ("#3")."""

    date: dt.date
    label: str


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    points: Sequence[tuple[dt.date, int]],
    y_min: int,
    y_max: int,
    start: dt.date,
    end: dt.date,
    bands: Sequence[tuple[int, int, str]] = (),
    markers: Sequence[Marker] = (),
    severe_high: bool = True,
) -> str:
    """Values over time as a line with dots, bands shaded behind it and markers as vertical lines.

    The first and the latest value are labelled on the chart, the bands by name at the right.
    Bands are shaded darker towards the severe end: the top unless `severe_high` is false.
    """
    left, right, top, bottom = 30.0, 100.0 if bands else 24.0, 46.0, 26.0
    height = 230.0
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    span = max((end - start).days, 1)

    def x(day: dt.date) -> float:
        return left + plot_w * (day - start).days / span

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - y_min) / (y_max - y_min))

    parts: list[str] = []
    # Bands: each covers its whole numbers, so band low..high spans low-0.5 .. high+0.5, clipped.
    for index, (low, high, label) in enumerate(bands):
        y0, y1 = y(min(high + 0.5, y_max)), y(max(low - 0.5, y_min))
        rank = index if severe_high else len(bands) - 1 - index
        level = min(rank + 1, 5) if len(bands) <= 5 else 1 + rank * 4 // (len(bands) - 1)
        parts.append(
            f'<rect class="band band-{level}" x="{_n(left)}" y="{_n(y0)}" width="{_n(plot_w)}" '
            f'height="{_n(y1 - y0)}"/>'
        )
        lines = _wrap(label)
        middle = (y0 + y1) / 2 - (len(lines) - 1) * 6.5 + 4
        for n, line in enumerate(lines):
            parts.append(_text(left + plot_w + 6, middle + n * 13, line, "band-label"))
    # Axes: value ticks at the left, month ticks along the bottom.
    ticks = (
        sorted({low for low, _, _ in bands} | {y_min, y_max})
        if bands
        else [y_min, (y_min + y_max) // 2, y_max]
    )
    for value in ticks:
        parts.append(_text(left - 6, y(value) + 4, str(value), "tick", "end"))
    parts.append(
        f'<line class="axis" x1="{_n(left)}" y1="{_n(top + plot_h)}" x2="{_n(left + plot_w)}" '
        f'y2="{_n(top + plot_h)}"/>'
    )
    months = [m for m in _month_starts(start, end) if m.day == 1]
    step = max(1, math.ceil(len(months) / 6))
    for i, first in enumerate(months):
        if i % step == 0:
            label = _MONTHS[first.month - 1] + (f" {first.year}" if i == 0 or first.month == 1 else "")
            parts.append(
                f'<line class="axis" x1="{_n(x(first))}" y1="{_n(top + plot_h)}" '
                f'x2="{_n(x(first))}" y2="{_n(top + plot_h + 4)}"/>'
            )
            parts.append(_text(x(first), height - 8, label, "tick", "middle"))
    # Markers: thin vertical lines, labels staggered when two sit close together.
    last_x = -100.0
    row = 0
    for marker in markers:
        if not start <= marker.date <= end:
            continue
        mx = x(marker.date)
        row = 1 - row if mx - last_x < 26 else 0
        last_x = mx
        parts.append(
            f'<line class="marker" x1="{_n(mx)}" y1="{_n(top - 8 - row * 15)}" x2="{_n(mx)}" '
            f'y2="{_n(top + plot_h)}"/>'
        )
        parts.append(_text(mx, top - 13 - row * 15, marker.label, "marker-label", "middle"))
    # The values.
    if points:
        coords = [(x(day), y(value)) for day, value in points]
        if len(coords) > 1:
            path = " ".join(f"{_n(px)},{_n(py)}" for px, py in coords)
            parts.append(f'<polyline class="series" points="{path}"/>')
        for px, py in coords:
            parts.append(f'<circle class="dot" cx="{_n(px)}" cy="{_n(py)}" r="3.5"/>')
        labelled = {0, len(points) - 1}
        for i in sorted(labelled):
            px, py = coords[i]
            above = py - 9 if py - 9 > top + 8 else py + 18
            anchor = "end" if i == len(points) - 1 and len(points) > 1 else "start"
            shift = 4 if anchor == "end" else -4
            parts.append(_text(px + shift, above, str(points[i][1]), "value-label", anchor))
    return _svg(chart_id, "line", title, desc, WIDTH, height, parts)


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of each month touched by start..end (the first clamped to start)."""
    found = [start]
    year, month = start.year, start.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        first = dt.date(year, month, 1)
        if first > end:
            return found
        found.append(first)


def dot_matrix(
    chart_id: str,
    title: str,
    desc: str,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]]],
) -> str:
    """Rows of named counts over columns (emotions by month): each count a dot sized by its value."""
    label_w, head_h, row_h = 104.0, 24.0, 24.0
    col_w = min(56.0, (WIDTH - label_w) / max(len(columns), 1))
    width = label_w + col_w * len(columns)
    height = head_h + row_h * len(rows) + 4
    biggest = max((c for _, counts in rows for c in counts), default=0) or 1
    radius = min(col_w, row_h) / 2 - 1.5
    parts: list[str] = []
    for i, column in enumerate(columns):
        parts.append(_text(label_w + col_w * (i + 0.5), head_h - 8, column, "tick", "middle"))
    for r, (name, counts) in enumerate(rows):
        cy = head_h + row_h * (r + 0.5)
        parts.append(_text(label_w - 8, cy + 4, name, "row-label", "end"))
        parts.append(f'<line class="guide" x1="{_n(label_w)}" y1="{_n(cy)}" x2="{_n(width)}" y2="{_n(cy)}"/>')
        for i, count in enumerate(counts):
            if count:
                size = max(2.5, radius * math.sqrt(count / biggest))
                cx = label_w + col_w * (i + 0.5)
                parts.append(f'<circle class="dot" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(size)}"/>')
    return _svg(chart_id, "matrix", title, desc, width, height, parts, natural=True)


def strip(chart_id: str, title: str, desc: str, columns: Sequence[str], counts: Sequence[int]) -> str:
    """One row of cells (months), shaded by count, with the count written in each used cell."""
    cell, gap, label_h = 30.0, 4.0, 16.0
    width = (cell + gap) * len(counts) - gap if counts else cell
    height = cell + label_h + 2
    biggest = max(counts, default=0) or 1
    parts: list[str] = []
    for i, count in enumerate(counts):
        x0 = i * (cell + gap)
        level = 0 if not count else 1 + (count - 1) * 3 // max(biggest - 1, 1)
        size = f'width="{_n(cell)}" height="{_n(cell)}"'
        parts.append(f'<rect class="cell cell-{level}" x="{_n(x0)}" y="0" {size} rx="3"/>')
        if count:
            parts.append(_text(x0 + cell / 2, cell / 2 + 4.5, str(count), "cell-label", "middle"))
        parts.append(_text(x0 + cell / 2, cell + label_h, columns[i], "tick", "middle"))
    return _svg(chart_id, "strip", title, desc, width, height, parts, natural=True)


def lift_chart(
    chart_id: str,
    title: str,
    desc: str,
    lines: Sequence[tuple[str, Sequence[tuple[int, int]]]],
    y_min: int,
    y_max: int,
) -> str:
    """Values by days after a session, one line per session, each labelled at its end ("#3").

    The last line (the latest session) is drawn full, the earlier ones lighter; day 0, the
    session itself, is a dashed vertical line, and days before it (the intention) are negative.
    """
    days = [day for _, points in lines for day, _ in points] or [0]
    first_day, last_day = min(-1, *days), max(1, *days)
    left, right, top, bottom = 30.0, 34.0, 20.0, 30.0
    height = 230.0
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    span = last_day - first_day

    def x(day: int) -> float:
        return left + plot_w * (day - first_day) / span

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - y_min) / (y_max - y_min))

    parts: list[str] = []
    for value in (y_min, (y_min + y_max) // 2, y_max):
        parts.append(_text(left - 6, y(value) + 4, str(value), "tick", "end"))
    base = top + plot_h
    parts.append(
        f'<line class="axis" x1="{_n(left)}" y1="{_n(base)}" x2="{_n(left + plot_w)}" y2="{_n(base)}"/>'
    )
    step = max(1, math.ceil(last_day / 7))
    ticks = [*range(0, last_day + 1, step)] + ([last_day] if last_day % step else [])
    if x(0) - x(first_day) >= 40:  # room for the days before beside "session"
        ticks.insert(0, first_day)
    for day in ticks:
        label = "session" if day == 0 else f"{day:+d}".replace("-", "\u2212")
        parts.append(_text(x(day), height - 10, label, "tick", "middle"))
    parts.append(f'<line class="marker" x1="{_n(x(0))}" y1="{_n(top)}" x2="{_n(x(0))}" y2="{_n(base)}"/>')
    ends: list[tuple[float, float, str, str]] = []
    for index, (label, points) in enumerate(lines):
        if not points:
            continue
        latest = index == len(lines) - 1
        cls = "series" if latest else "series series-earlier"
        coords = [(x(day), y(value)) for day, value in points]
        if len(coords) > 1:
            path = " ".join(f"{_n(px)},{_n(py)}" for px, py in coords)
            parts.append(f'<polyline class="{cls}" points="{path}"/>')
        for px, py in coords:
            parts.append(
                f'<circle class="dot{"" if latest else " dot-earlier"}" cx="{_n(px)}" cy="{_n(py)}" r="3"/>'
            )
        end_x, end_y = coords[-1]
        ends.append((end_x, end_y + 4, label, "value-label" if latest else "tick"))
    parts.extend(_text(ex + 6, ey, label, cls) for ex, ey, label, cls in _apart(ends))
    return _svg(chart_id, "lift", title, desc, WIDTH, height, parts)


def _apart(
    labels: list[tuple[float, float, str, str]], gap: float = 12.0
) -> list[tuple[float, float, str, str]]:
    """End labels (x, y, text, class) moved down just enough that none overlaps another near it."""
    placed: list[tuple[float, float, str, str]] = []
    for lx, ly, text, cls in sorted(labels, key=lambda item: (item[1], item[0])):
        for px, py, _, _ in placed:
            if abs(px - lx) < 30 and ly - py < gap:
                ly = py + gap
        placed.append((lx, ly, text, cls))
    return placed
