"""Server-rendered SVG charts for the pages and the board paper: no JavaScript, printable, each
with a title and a description for assistive technology. Colours pass 3:1 against white and
are never the only signal: lines carry marker shapes and end labels, bar segments patterns and
counts. Every page puts the chart's data in a table beside it."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 280
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 96, 40, 40
INK = "#212b32"
GRID = "#aeb7bd"
# name: (colour, SVG pattern drawn over it, or None for a solid fill)
FILLS = {
    "green": ("#007f3b", None),
    "amber": ("#9a5b00", "stripes"),
    "red": ("#d5281b", "dots"),
    "blue": ("#005eb8", None),
    "grey": ("#4c6272", "stripes"),
    "purple": ("#330072", "dots"),
}
MARKERS = ("circle", "square", "diamond")
_ids = count(1)


@dataclass(frozen=True)
class Series:
    """One line: a name for its end label and legend, a value (or None) per x label."""

    name: str
    values: Sequence[float | Decimal | None]
    fill: str = "blue"
    dashed_from: int | None = None  # the index from which the line is a projection


@dataclass(frozen=True)
class Segment:
    name: str
    value: int
    fill: str


def _frame(title: str, description: str, body: str, height: int = HEIGHT) -> SafeString:
    chart_id = f"chart-{next(_ids)}"
    return format_html(
        '<svg class="app-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        "{}{}</svg>",
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        mark_safe(_patterns()),  # noqa: S308  # nosec B308 B703 (fixed markup, no user text)
        mark_safe(body),  # noqa: S308  # nosec B308 B703 (built below with every text escaped)
    )


def _patterns() -> str:
    return (
        "<defs>"
        '<pattern id="app-stripes" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="2" height="6" fill="#fff" fill-opacity="0.55"/></pattern>'
        '<pattern id="app-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<circle cx="3" cy="3" r="1.3" fill="#fff" fill-opacity="0.7"/></pattern>'
        "</defs>"
    )


def _filled_rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    colour, pattern = FILLS[fill]
    rect = f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{colour}"/>'
    if pattern:
        rect += f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="url(#app-{pattern})"/>'
    return rect


def _text(
    x: float, y: float, text: str, anchor: str = "start", size: int = 12, weight: str = "normal"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" fill="{INK}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f} {y - 4.5:.1f}l4.5 4.5-4.5 4.5-4.5-4.5z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def nice_ceiling(value: float) -> float:
    """A round axis top at or above `value`: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def line_chart(
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    top: float | None = None,
    reference: tuple[float, str] | None = None,
    every: int = 1,
) -> SafeString:
    """Lines over `labels` (x labels shown every `every`th), with an optional reference line
    (value, label), e.g. a target or a budget."""
    values = [float(v) for line in series for v in line.values if v is not None]
    highest = max([*values, reference[0] if reference else 0, 0])
    top = top or nice_ceiling(highest)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    steps = max(len(labels) - 1, 1)

    def x_at(index: int) -> float:
        return MARGIN_LEFT + plot_w * index / steps

    def y_at(value: float | Decimal) -> float:
        return MARGIN_TOP + plot_h * (1 - float(value) / top)

    parts = []
    for tick in range(5):
        value = top * tick / 4
        y = y_at(value)
        parts.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{WIDTH - MARGIN_RIGHT}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(MARGIN_LEFT - 6, y + 4, f"{value:g}{unit}", "end", 11))
    last = len(labels) - 1
    for index, label in enumerate(labels):
        # The last label too, unless it would crowd the one before it.
        if index % every == 0 or (index == last and last % every > every // 2):
            parts.append(_text(x_at(index), HEIGHT - MARGIN_BOTTOM + 16, label, "middle", 11))
    if reference:
        y = y_at(reference[0])
        parts.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{WIDTH - MARGIN_RIGHT}" y2="{y:.1f}" stroke="{INK}" '
            'stroke-width="1.5" stroke-dasharray="2 3"/>'
        )
        parts.append(_text(WIDTH - MARGIN_RIGHT + 6, y + 4, reference[1], size=11))
    for number, line in enumerate(series):
        colour = FILLS[line.fill][0]
        shape = MARKERS[number % len(MARKERS)]
        points = [(x_at(i), y_at(v)) for i, v in enumerate(line.values) if v is not None]
        if not points:
            continue
        cut = len(points) if line.dashed_from is None else min(line.dashed_from + 1, len(points))
        solid, dashed = points[:cut], points[max(cut - 1, 0) :]
        parts.append(_polyline(solid, colour, ""))
        if line.dashed_from is not None and len(dashed) > 1:
            parts.append(_polyline(dashed, colour, ' stroke-dasharray="6 4"'))
        marker_every = max(1, len(points) // 12)
        parts += [_marker(shape, x, y, colour) for i, (x, y) in enumerate(points) if i % marker_every == 0]
        end_x, end_y = points[-1]
        parts.append(_marker(shape, end_x, end_y, colour))
        parts.append(_legend_entry(MARGIN_LEFT + 150 * number, 14, line, shape))
    return _frame(title, description, "".join(parts))


def _legend_entry(x: float, y: float, line: Series, shape: str) -> str:
    """A stretch of the line as drawn (dashed for a projection), its marker and its name."""
    colour = FILLS[line.fill][0]
    dash = ' stroke-dasharray="6 4"' if line.dashed_from is not None else ""
    return (
        _polyline([(x, y), (x + 28, y)], colour, dash)
        + _marker(shape, x + 14, y, colour)
        + _text(x + 36, y + 4, line.name, size=12, weight="bold")
    )


def _polyline(points: Sequence[tuple[float, float]], colour: str, extra: str) -> str:
    coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2.5"{extra}/>'


def stacked_bars(title: str, description: str, rows: Sequence[tuple[str, Sequence[Segment]]]) -> SafeString:
    """One horizontal bar per row, its segments side by side, each labelled with its count;
    a legend names the segments."""
    label_w, bar_h, gap, legend_h = 190, 22, 10, 30
    height = legend_h + len(rows) * (bar_h + gap) + 10
    total = max([sum(segment.value for segment in segments) for _, segments in rows] + [1])
    plot_w = WIDTH - label_w - 50
    parts = []
    legend_x = label_w
    for segment in rows[0][1] if rows else []:
        parts.append(_filled_rect(legend_x, 6, 14, 14, segment.fill))
        parts.append(_text(legend_x + 19, 18, segment.name, size=12))
        legend_x += 30 + 7 * len(segment.name)
    for number, (label, segments) in enumerate(rows):
        y = legend_h + number * (bar_h + gap)
        parts.append(_text(label_w - 8, y + bar_h - 6, label, "end", 12))
        x = float(label_w)
        for segment in segments:
            width = plot_w * segment.value / total
            if width:
                parts.append(_filled_rect(x, y, width, bar_h, segment.fill))
                if width >= 22:
                    parts.append(
                        f'<text x="{x + width / 2:.1f}" y="{y + bar_h - 6:.1f}" fill="#fff" font-size="12" '
                        f'font-weight="bold" text-anchor="middle" paint-order="stroke" stroke="{INK}" '
                        f'stroke-width="2">{segment.value}</text>'
                    )
            x += width
        parts.append(_text(x + 6, y + bar_h - 6, str(sum(segment.value for segment in segments)), size=12))
    return _frame(title, description, "".join(parts), height)


def bars(title: str, description: str, rows: Sequence[tuple[str, float, str]], unit: str = "") -> SafeString:
    """One horizontal bar per (label, value, fill), each with its value written beside it."""
    label_w, bar_h, gap = 190, 22, 10
    height = len(rows) * (bar_h + gap) + 10
    top = max([value for _, value, _ in rows] + [1])
    plot_w = WIDTH - label_w - 90
    parts = []
    for number, (label, value, fill) in enumerate(rows):
        y = 6 + number * (bar_h + gap)
        width = plot_w * value / top
        parts.append(_text(label_w - 8, y + bar_h - 6, label, "end", 12))
        parts.append(_filled_rect(label_w, y, width, bar_h, fill))
        parts.append(_text(label_w + width + 6, y + bar_h - 6, f"{value:g}{unit}", size=12))
    return _frame(title, description, "".join(parts), height)
