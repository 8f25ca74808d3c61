"""The virtual pages made from the model: one PageSpec per output file, no HTML here.

Templates receive `page` (a PageSpec), `base_url` (the relative path to the site root, as mkdocs
gives Markdown pages) and `k` (the site view in plugin.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from kyoten.pages.accessibility import CRITERIA, TARGET as ACCESSIBILITY_TARGET
from kyoten.japanese.kana import ROWS
from kyoten.model.registry import Provider
from kyoten.model.site import Site
from kyoten.model.vocab import FUNCTIONS, ROLES, SERVICES, TARGETS, Term

HOME = "index.html"
DIRECTORY = "providers/index.html"


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str  # from the site root


@dataclass
class PageSpec:
    url: str  # output path from the site root, e.g. "providers/x/index.html"
    template: str
    title: str
    crumbs: tuple[Crumb, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    root: str | None = None  # the site's root path, for pages served at any path (404.html)
    updated: "dt.date | None" = None  # 更新日: when the data this page shows last changed

    @property
    def base_url(self) -> str:
        if self.root is not None:
            return self.root.rstrip("/")
        depth = self.url.count("/")
        return "/".join([".."] * depth) if depth else "."

    @property
    def is_homepage(self) -> bool:
        return self.url == HOME


def provider_url(p: Provider) -> str:
    return f"providers/{p.id}/index.html"


def function_url(fid: str) -> str:
    return f"functions/{fid}/index.html"


def function_providers_url(fid: str) -> str:
    return f"functions/{fid}/providers/index.html"


def area_url(aid: str) -> str:
    return f"areas/{aid}/index.html"


def facet_url(facet: str, term_id: str) -> str:
    return {
        "area": area_url(term_id),
        "function": function_url(term_id),
        "service": f"providers/services/{term_id}/index.html",
        "target": f"providers/targets/{term_id}/index.html",
        "role": f"providers/roles/{term_id}/index.html",
        "emergency": "providers/emergency/index.html",
    }[facet]


@dataclass(frozen=True)
class RowGroup:
    id: str
    label: str
    providers: tuple[Provider, ...]


def group_by_row(providers: tuple[Provider, ...]) -> list[RowGroup]:
    """Providers (already in 五十音順) grouped by 五十音 row; every row present, empty ones too."""
    by_row: dict[str, list[Provider]] = {rid: [] for rid, _ in ROWS}
    for p in providers:
        by_row[p.row].append(p)
    return [RowGroup(rid, label, tuple(by_row[rid])) for rid, label in ROWS]


PAGE_SIZE = 36  # provider cards per listing page: keeps every page small (≤ 60 KB) whatever the registry size
ONE_PAGE_MAX = 45  # a listing this short stays on one page, with instant filters (45 cards fit in 60 KB)


@dataclass(frozen=True)
class RowLink:
    id: str
    label: str
    url: str | None  # from the site root, with the #anchor; None when no provider is in that row
    here: bool  # the row is on this page (the link is a plain #anchor)


@dataclass(frozen=True)
class Pager:
    number: int
    count: int  # pages
    urls: tuple[str, ...]  # from the site root, one per page
    total: int  # providers over all pages

    @property
    def first(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        return min(self.number * PAGE_SIZE, self.total)

    @property
    def window(self) -> tuple[int | None, ...]:
        """Page numbers to link: the first, the last and three each side of this one (None: a gap)."""
        keep = [n for n in range(1, self.count + 1) if n in (1, self.count) or abs(n - self.number) <= 3]
        out: list[int | None] = []
        for a, b in zip([0, *keep], keep):
            if b - a > 1 and a:
                out.append(None)
            out.append(b)
        return tuple(out)


def page_url(first: str, n: int) -> str:
    """Page n of a listing whose first page is `first` (…/index.html → …/page/2/index.html)."""
    return first if n == 1 else first.removesuffix("index.html") + f"page/{n}/index.html"


def paginate(first: str, template: str, title: str, crumbs: tuple[Crumb, ...], providers: tuple[Provider, ...],
             data: dict[str, Any] | None = None, description: str = "", updated: dt.date | None = None) -> list[PageSpec]:
    """A listing in 五十音順, PAGE_SIZE providers a page; the 五十音 index on every page links to the page
    where each row begins."""
    size = max(1, len(providers)) if len(providers) <= ONE_PAGE_MAX else PAGE_SIZE
    chunks = [providers[i:i + size] for i in range(0, len(providers), size)] or [()]
    urls = tuple(page_url(first, n) for n in range(1, len(chunks) + 1))
    row_start: dict[str, int] = {}
    for n, chunk in enumerate(chunks, 1):
        for p in chunk:
            row_start.setdefault(p.row, n)
    out = []
    for n, chunk in enumerate(chunks, 1):
        rows = tuple(RowLink(rid, label, f"{urls[row_start[rid] - 1]}#row-{rid}" if rid in row_start else None,
                             row_start.get(rid) == n and any(p.row == rid for p in chunk))
                     for rid, label in ROWS)
        out.append(PageSpec(
            urls[n - 1], template, title if n == 1 else f"{title}（{n}ページ目）", crumbs,
            {**(data or {}), "providers": chunk, "groups": group_by_row(chunk), "rows": rows,
             "pager": Pager(n, len(chunks), urls, len(providers))},
            description=description, updated=updated,
        ))
    return out


def _used(terms: tuple[Term, ...], used: set[str]) -> list[Term]:
    return [t for t in terms if t.id in used]


@dataclass(frozen=True)
class Series:
    """One figure (by its key) across the years, for a chart and its table."""
    key: str
    label: str
    unit: str
    points: tuple[tuple[str, float], ...]  # (令和5年度, value)
    chart: Any


def report_url(year: int) -> str:
    return f"reports/{year}/index.html"


def report_pages(site: Site, top: Crumb) -> list[PageSpec]:
    """reports/ (the years, and the figures that recur across them as charts) and reports/<year>/."""
    if not site.reports:
        return []
    from kyoten.pages.charts import bar_chart
    from kyoten.render.view import fiscal_year_short
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
    index = Crumb("運用状況の検証", "reports/index.html")
    pages = [PageSpec("reports/index.html", "reports.html", "地域生活支援拠点等の運用状況の検証及び検討", (top,),
                      {"reports": tuple(reversed(site.reports)), "series": tuple(series)},
                      description=f"{site.config.city_name}の地域生活支援拠点等の運用状況を、年度ごとに検証した結果です。",
                      updated=site.history.file("content/reports"))]
    for r in site.reports:
        charts = {}
        for n, f in enumerate(r.figures()):
            if len(f.breakdown) >= 2:
                charts[f] = bar_chart(f"b{n}", f"{f.label}の内訳", f.unit, list(f.breakdown))
        pages.append(PageSpec(report_url(r.year), "report.html", r.title or f"{fiscal_year_short(r.year)} 運用状況の検証及び検討",
                              (top, index), {"report": r, "charts": charts},
                              description=f"{site.config.city_name}の{fiscal_year_short(r.year)}の地域生活支援拠点等の運用状況です。",
                              updated=site.history.file(f"content/reports/{r.year}.yml")))
    return pages


def build_pages(site: Site) -> list[PageSpec]:
    top = Crumb("トップ", HOME)
    directory = Crumb("事業所をさがす", DIRECTORY)
    cfg = site.config
    pages: list[PageSpec] = []
    h = site.history
    listed = h.file("providers.yaml", "site_config.yml")  # listings change with the registry and the areas

    functions_index = Crumb("5つの機能", "functions/index.html")
    pages.append(PageSpec("functions/index.html", "functions.html", "地域生活支援拠点等の5つの機能", (top,),
                          description=f"{cfg.city_name}の地域生活支援拠点等が担う5つの機能の一覧です。",
                          updated=h.file("content/functions.yml")))
    for f in FUNCTIONS:
        city = site.functions.by_id[f.id]
        ps = site.providers_with(function=f.id)
        long = len(ps) > ONE_PAGE_MAX  # then the list is a listing of its own, linked from the page
        page = PageSpec(
            function_url(f.id), "function.html", f"{f.number}{f.label}", (top, functions_index),
            {"function": f, "city": city, "providers": () if long else ps, "count": len(ps),
             "listing": function_providers_url(f.id) if long else None},
            description=f"{cfg.city_name}の地域生活支援拠点等の機能「{f.label}」の内容と、担う事業所です。",
            updated=h.file("content/functions.yml", "providers.yaml"),
        )
        pages.append(page)
        if long:
            pages.extend(paginate(function_providers_url(f.id), "listing.html", f"「{f.label}」を担う事業所",
                                  (top, functions_index, Crumb(page.title, page.url)), ps,
                                  {"facet": "function", "term_id": f.id}, updated=listed))

    pages.extend(paginate(DIRECTORY, "directory.html", "事業所をさがす", (top,), site.providers,
                          description=f"{cfg.city_name}の基幹相談支援センターと拠点等登録事業所の一覧です。",
                          updated=listed))

    for p in site.providers:
        pages.append(PageSpec(provider_url(p), "provider.html", p.name, (top, directory), {"provider": p},
                              description=f"{p.name}（{cfg.city_name}の地域生活支援拠点等）の連絡先と担う機能です。",
                              updated=site.provider_updated(p)))

    used = {
        "service": {s for p in site.providers for s in p.services},
        "target": {t for p in site.providers for t in p.targets},
        "role": {p.role for p in site.providers},
    }
    areas_index = Crumb("地区", "areas/index.html")
    pages.append(PageSpec("areas/index.html", "areas.html", "地区から事業所をさがす", (top, directory), updated=listed))
    for a in cfg.areas:
        pages.extend(paginate(area_url(a.id), "listing.html", f"{a.name}の事業所", (top, directory, areas_index),
                              site.providers_with(area=a.id), {"facet": "area", "term_id": a.id},
                              description=f"{cfg.city_name}{a.name}の地域生活支援拠点等の事業所です。", updated=listed))
    for facet, terms, label in (("service", SERVICES, "サービス"), ("target", TARGETS, "対象"), ("role", ROLES, "役割")):
        for t in _used(terms, used[facet]):
            pages.extend(paginate(facet_url(facet, t.id), "listing.html", f"{label}「{t.label}」の事業所", (top, directory),
                                  site.providers_with(**{facet: t.id}), {"facet": facet, "term_id": t.id},
                                  updated=listed))
    accepting = tuple(p for p in site.providers if p.emergency and p.emergency.accepts)
    if accepting:
        pages.extend(paginate(facet_url("emergency", "accepts"), "listing.html", "緊急時の受入れを行っている事業所",
                              (top, directory), accepting, {"facet": "emergency", "term_id": "accepts"}, updated=listed))
    pages.extend(report_pages(site, top))
    pages.append(PageSpec("search/index.html", "search.html", "サイト内検索", (top,),
                          description=f"{cfg.city_name}の地域生活支援拠点等のサイト内を検索します。"))
    pages.append(PageSpec("accessibility/index.html", "accessibility.html", "ウェブアクセシビリティ方針", (top,),
                          {"criteria": CRITERIA, "target": ACCESSIBILITY_TARGET},
                          description=f"{cfg.city_name}の地域生活支援拠点等のサイトのウェブアクセシビリティ方針と達成基準チェックリストです。"))
    pages.extend(guidance_pages(site, top))
    # served for any missing path, so its links start at the site's root path (e.g. /kaede/)
    pages.append(PageSpec("404.html", "404.html", "ページが見つかりません", root=urlsplit(cfg.base_url).path))
    return pages


PREREGISTRATION = "preregistration/index.html"
PREREGISTRATION_FORM = "preregistration/form/index.html"
PREREGISTRATION_FORM_PDF = "preregistration/form/kikitori-hyo.pdf"  # the same blank form as a PDF (A4)
FOR_PROVIDERS = "for-providers/index.html"


def guidance_pages(site: Site, top: Crumb) -> list[PageSpec]:
    """Issue 5: 事前登録のご案内 and its blank 聞き取り票, 事業所の方へ, flyers (only when their YAML exists)."""
    from kyoten.model.guidance import apply_providers

    cfg, h, g = site.config, site.history, site.guidance
    out: list[PageSpec] = []
    if g.preregistration is not None:
        pre = g.preregistration
        out.append(PageSpec(PREREGISTRATION, "preregistration.html", "緊急時に備える事前登録のご案内", (top,),
                            {"pre": pre, "providers": apply_providers(site.providers)},
                            description=f"{cfg.city_name}の地域生活支援拠点等の事前登録の対象、流れ、申込先です。",
                            updated=h.file("content/preregistration.yml", "providers.yaml")))
        out.append(PageSpec(PREREGISTRATION_FORM, "preregistration_form.html", "事前登録 聞き取り票（記入用）",
                            (top, Crumb("緊急時に備える事前登録のご案内", PREREGISTRATION)),
                            {"pre": pre, "pdf_url": PREREGISTRATION_FORM_PDF},
                            description="事前登録の聞き取り票です。印刷して手で書き込めます。",
                            updated=h.file("content/preregistration.yml")))
    if g.for_providers is not None:
        out.append(PageSpec(FOR_PROVIDERS, "for_providers.html", "事業所の方へ：拠点等登録事業所になるには", (top,),
                            {"fp": g.for_providers},
                            description=f"{cfg.city_name}の地域生活支援拠点等への事業所の登録（要件、加算、手続き）のご案内です。",
                            updated=h.file("content/for-providers.yml")))
    if g.flyers:
        from kyoten.render.pdf import FLYERS, absolute_url, flyer_pdf_url, flyer_url, qr_svg

        listed = []
        for f in g.flyers:
            target = absolute_url(cfg.base_url, f["link"])
            out.append(PageSpec(flyer_url(f["id"]), "flyer.html", f["title"], (top, Crumb("チラシ", FLYERS)),
                                {"flyer": f, "target_url": target, "qr": qr_svg(target), "pdf": False,
                                 "pdf_url": flyer_pdf_url(f["id"])},
                                description=f"{f['title']}のチラシ（A4・印刷用）です。"))
            listed.append({"flyer": f, "page": flyer_url(f["id"]), "pdf": flyer_pdf_url(f["id"])})
        out.append(PageSpec(FLYERS, "flyers.html", "チラシ（印刷用）", (top,), {"flyers": listed},
                            description=f"{cfg.city_name}の地域生活支援拠点等のチラシ（A4・PDF）です。",
                            updated=h.file("content/flyers.yml")))
    return out
