"""Bar charts as SVG, drawn at build time (no script, no library): each value is written on its bar,
so the chart reads in black and white; the page puts the same figures in a table next to it, which
is the text alternative."""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 40, 56


def number(value: float) -> str:
    """1783 → 1,783; 12.5 → 12.5."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(chart_id: str, title: str, unit: str, points: list[tuple[str, float]]) -> Markup:
    n = max(1, len(points))
    top = max((v for _, v in points), default=0) or 1
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM
    slot = inner_w / n
    bar = min(96.0, slot * 0.6)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape("、".join(f"{label}：{number(v)}{unit}" for label, v in points))}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - RIGHT}" y2="{TOP + inner_h}" class="chart__axis"/>',
    ]
    for i, (label, value) in enumerate(points):
        h = inner_h * value / top
        x = LEFT + slot * i + (slot - bar) / 2
        y = TOP + inner_h - h
        cx = x + bar / 2
        parts.append(f'<rect class="chart__bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}"/>')
        parts.append(f'<text class="chart__value" x="{cx:.1f}" y="{y - 8:.1f}" text-anchor="middle">'
                     f'{escape(number(value))}{escape(unit)}</text>')
        parts.append(f'<text class="chart__label" x="{cx:.1f}" y="{TOP + inner_h + 24}" text-anchor="middle">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
