"""Japanese formatting of dates and figures: 和暦 (令和5年3月1日), 年度, and numbers with thousands separators."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata


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


_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
_DATE = re.compile(r"(令和|平成|昭和|[RHS])?\s*(元|\d{1,4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")


def parse_date(text: str) -> dt.date | None:
    """A date as city staff type it: 2024-04-01, 2024/4/1, 2024年4月1日, 令和6年4月1日, 令和元年5月1日, R6.4.1."""
    t = unicodedata.normalize("NFKC", text).strip().upper()
    m = _DATE.fullmatch(t)
    if not m:
        return None
    era, year = m[1], 1 if m[2] == "元" else int(m[2])
    if era:
        year += _ERAS[era]
    elif year < 100:
        return None
    try:
        return dt.date(year, int(m[3]), int(m[4]))
    except ValueError:
        return None
