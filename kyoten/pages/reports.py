"""reports/: the years, the figures that recur across them as charts, and reports/<year>/."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kyoten import urls
from kyoten.japanese.formats import fiscal_year_short
from kyoten.model.site import Site
from kyoten.pages.charts import BarChart, bar_chart
from kyoten.pages.spec import Crumb, PageSpec


@dataclass(frozen=True)
class Series:
    """One figure (by its key) across the years, for a chart and its table."""
    key: str
    label: str
    unit: str
    points: tuple[tuple[str, float], ...]  # (令和5年度, value)
    chart: BarChart


def report_pages(site: Site, top: Crumb) -> list[PageSpec]:
    """reports/ (the years, and the figures that recur across them as charts) and reports/<year>/."""
    if not site.reports:
        return []
    by_key: dict[str, list[tuple[int, Any]]] = {}
    for r in site.reports:
        for f in r.figures():
            if f.key:
                by_key.setdefault(f.key, []).append((r.year, f))
    series = []
    for key, items in by_key.items():
        if len({y for y, _ in items}) < 2:
            continue
        label, unit = items[-1][1].label, items[-1][1].unit
        points = tuple((fiscal_year_short(y), f.value) for y, f in sorted(items, key=lambda x: x[0]))
        series.append(Series(key, label, unit, points, bar_chart(f"s-{key}", f"{label}の推移", unit, list(points))))
    index = Crumb("運用状況の検証", urls.REPORTS)
    pages = [PageSpec(urls.REPORTS, "reports.html", "地域生活支援拠点等の運用状況の検証及び検討", (top,),
                      {"reports": tuple(reversed(site.reports)), "series": tuple(series)},
                      description=f"{site.config.city_name}の地域生活支援拠点等の運用状況を、年度ごとに検証した結果です。",
                      updated=site.history.file("content/reports"))]
    for r in site.reports:
        charts = {}
        for n, f in enumerate(r.figures()):
            if len(f.breakdown) >= 2:
                charts[f] = bar_chart(f"b{n}", f"{f.label}の内訳", f.unit, list(f.breakdown))
        pages.append(PageSpec(urls.report(r.year), "report.html", r.title or f"{fiscal_year_short(r.year)} 運用状況の検証及び検討",
                              (top, index), {"report": r, "charts": charts},
                              description=f"{site.config.city_name}の{fiscal_year_short(r.year)}の地域生活支援拠点等の運用状況です。",
                              updated=site.history.file(f"content/reports/{r.year}.yml")))
    return pages
