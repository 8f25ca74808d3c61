"""Japanese formatting of dates and figures: 和暦 (令和5年3月1日), 年度, and numbers with thousands separators."""

from __future__ import annotations

import datetime as dt


def wareki(d: dt.date) -> str:
    """2023-03-01 → 令和5年3月1日 (平成 before 2019-05-01, 昭和 before 1989-01-08; dates are ≥ 1950)."""
    if d >= dt.date(2019, 5, 1):
        era, year = "令和", d.year - 2018
    elif d >= dt.date(1989, 1, 8):
        era, year = "平成", d.year - 1988
    else:
        era, year = "昭和", d.year - 1925
    return f"{era}{'元' if year == 1 else year}年{d.month}月{d.day}日"


def _fiscal(year: int) -> str:
    era, n = ("令和", year - 2018) if year >= 2019 else ("平成", year - 1988)
    return f"{era}{'元' if n == 1 else n}年度"


def fiscal_year(year: int) -> str:
    """2023 → 令和5年度（2023年度）."""
    return f"{_fiscal(year)}（{year}年度）"


def fiscal_year_short(year: int) -> str:
    """2023 → 令和5年度."""
    return _fiscal(year)


def number(value: float) -> str:
    """1783 → 1,783; 12.5 → 12.5."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def human_size(n: int) -> str:
    """A file size as a visitor reads it: 980バイト, 12.3KB, 1.5MB."""
    if n < 1024:
        return f"{n}バイト"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f}KB"
    return f"{n / 1024 / 1024:.1f}MB"
