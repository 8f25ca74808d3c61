"""Bar charts as geometry: where each bar, value and label goes. The theme draws them as SVG
(partials/bar_chart.html), at build time, with no script or library. Each value is written on its bar,
so the chart reads in black and white; the page puts the same figures in a table next to it, which is
the text alternative."""

from __future__ import annotations

from dataclasses import dataclass

from kyoten.japanese.formats import number

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 40, 56


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    centre: float  # x of the value and the label
    value_text: str  # 1,783件
    label: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str  # every label and value in one sentence (the SVG's desc)
    bars: tuple[Bar, ...]
    width: int = WIDTH
    height: int = HEIGHT
    axis_y: float = HEIGHT - BOTTOM
    axis_x1: float = LEFT
    axis_x2: float = WIDTH - RIGHT
    label_y: float = HEIGHT - BOTTOM + 24


def bar_chart(chart_id: str, title: str, unit: str, points: list[tuple[str, float]]) -> BarChart:
    n = max(1, len(points))
    top = max((v for _, v in points), default=0) or 1
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM
    slot = inner_w / n
    width = min(96.0, slot * 0.6)
    bars = []
    for i, (label, value) in enumerate(points):
        h = inner_h * value / top
        x = LEFT + slot * i + (slot - width) / 2
        bars.append(Bar(round(x, 1), round(TOP + inner_h - h, 1), round(width, 1), round(h, 1), round(x + width / 2, 1),
                        f"{number(value)}{unit}", label))
    description = "、".join(f"{label}：{number(v)}{unit}" for label, v in points)
    return BarChart(chart_id, title, description, tuple(bars))
