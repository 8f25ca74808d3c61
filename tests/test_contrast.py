"""Contrast of the theme's colour pairs (WCAG 2.x relative luminance): text ≥ 4.5:1, UI parts ≥ 3:1.

The colours are read from theme/assets/kyoten.css (its :root custom properties), so a change to the
palette is checked here; the pairs are those the stylesheet actually puts together.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

CSS = (ROOT / "kyoten" / "theme" / "assets" / "kyoten.css").read_text(encoding="utf-8")
VARS = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS.split("}", 1)[0]))
WHITE = "#ffffff"


def colour(name: str) -> str:
    return VARS[name] if not name.startswith("#") else name


def luminance(hex_: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(colour(a)), luminance(colour(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


TEXT_PAIRS = [  # (foreground, background, where)
    ("text", "bg", "body text"),
    ("muted", "bg", "secondary text"),
    ("muted", "bg-soft", "secondary text in the footer and cards"),
    ("primary", "bg", "links"),
    ("primary-dark", "bg", "hovered links"),
    ("primary", "bg-soft", "links in the footer"),
    (WHITE, "primary", "header text and buttons"),
    (WHITE, "primary-dark", "global navigation"),
    ("primary", WHITE, "header badges (平日)"),
    ("urgent", WHITE, "header badge (夜間・休日)"),
    ("urgent", "urgent-bg", "emergency heading"),
    ("text", "urgent-bg", "emergency contacts"),
    ("primary", "urgent-bg", "phone links in the emergency box"),
    ("muted", "urgent-bg", "opening hours in the emergency box"),
    ("text", "sample-bg", "サンプル banner"),
    ("text", "focus", "pressed furigana toggle"),
    (WHITE, "primary", "pressed filter buttons"),
]
UI_PAIRS = [
    ("border", "bg", "card and input borders"),
    ("primary", "bg", "filter button borders"),
    ("text", "focus", "focus ring inner outline"),
    ("focus", "primary", "focus ring on the blue header"),
]


def test_palette_was_read():
    assert {"text", "muted", "primary", "urgent", "border", "focus"} <= set(VARS)


@pytest.mark.parametrize("fg,bg,where", TEXT_PAIRS, ids=[p[2] for p in TEXT_PAIRS])
def test_text_contrast_at_least_4_5(fg, bg, where):
    assert contrast(fg, bg) >= 4.5, f"{where}: {contrast(fg, bg):.2f}:1"


@pytest.mark.parametrize("fg,bg,where", UI_PAIRS, ids=[p[2] for p in UI_PAIRS])
def test_ui_contrast_at_least_3(fg, bg, where):
    assert contrast(fg, bg) >= 3.0, f"{where}: {contrast(fg, bg):.2f}:1"


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
