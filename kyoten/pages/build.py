"""Every page of a site, in one list: the PageSpecs the plugin renders (one per output file)."""

from __future__ import annotations

from urllib.parse import urlsplit

from kyoten import urls
from kyoten.exports.opendata import Exports
from kyoten.model.content import ReportFunction
from kyoten.model.site import Site
from kyoten.model.vocab import FUNCTIONS, ROLES, SERVICES, TARGETS, Term
from kyoten.pages.accessibility import declaration
from kyoten.pages.guidance import guidance_pages
from kyoten.pages.languages import language_pages
from kyoten.pages.listings import ONE_PAGE_MAX, paginate
from kyoten.pages.opendata import opendata_page
from kyoten.pages.reports import report_pages
from kyoten.pages.spec import TOP, Crumb, PageSpec


def _used(terms: tuple[Term, ...], used: set[str]) -> list[Term]:
    return [t for t in terms if t.id in used]


def _from_report(site: Site, fid: str):
    """The newest report that says what the city does for a function: (report, its function part) or (None, None).
    A function page without 取組 of its own shows these, attributed to the report."""
    for r in sorted(site.reports, key=lambda r: r.year, reverse=True):
        for fn in r.functions:
            if fn.id == fid and (fn.activities or fn.implementers):
                return r, fn
        # a report written in its own order (sections tagged with the functions they are about)
        items = tuple(i for s in r.sections if fid in s.functions for i in (s.items or s.paragraphs))
        if items:
            return r, ReportFunction(fid, None, (), items, (), (), (), ())
    return None, None


def build_pages(site: Site, exports: Exports) -> list[PageSpec]:
    """`exports` holds the open-data files, whose sizes the opendata page states."""
    top = TOP
    directory = Crumb("事業所をさがす", urls.DIRECTORY)
    cfg = site.config
    pages: list[PageSpec] = []
    h = site.history
    listed = h.file("providers.yaml", "site_config.yml")  # listings change with the registry and the areas

    functions_index = Crumb("5つの機能", urls.FUNCTIONS)
    pages.append(PageSpec(urls.FUNCTIONS, "functions.html", "地域生活支援拠点等の5つの機能", (top,),
                          description=f"{cfg.city_name}の地域生活支援拠点等が担う5つの機能の一覧です。",
                          updated=h.file("content/functions.yml")))
    for f in FUNCTIONS:
        city = site.functions.by_id[f.id]
        ps = site.providers_with(function=f.id)
        long = len(ps) > ONE_PAGE_MAX  # then the list is a listing of its own, linked from the page
        report, report_fn = _from_report(site, f.id)
        page = PageSpec(
            urls.function(f.id), "function.html", f"{f.number}{f.label}", (top, functions_index),
            {"function": f, "city": city, "providers": () if long else ps, "count": len(ps),
             "listing": urls.function_providers(f.id) if long else None,
             "report": report, "report_fn": report_fn, "stated": cfg.stated_counts_for(f.id)},
            description=f"{cfg.city_name}の地域生活支援拠点等の機能「{f.label}」の内容と、担う事業所です。",
            updated=h.file("content/functions.yml", "providers.yaml", "site_config.yml",
                           *([f"content/reports/{report.year}.yml"] if report else [])),
        )
        pages.append(page)
        if long:
            pages.extend(paginate(urls.function_providers(f.id), "listing.html", f"「{f.label}」を担う事業所",
                                  (top, functions_index, Crumb(page.title, page.url)), ps,
                                  {"facet": "function", "term_id": f.id}, updated=listed))

    pages.extend(paginate(urls.DIRECTORY, "directory.html", "事業所をさがす", (top,), site.providers,
                          description=f"{cfg.city_name}の基幹相談支援センターと拠点等登録事業所の一覧です。",
                          updated=listed))

    for p in site.providers:
        pages.append(PageSpec(urls.provider(p.id), "provider.html", p.name, (top, directory), {"provider": p},
                              description=f"{p.name}（{cfg.city_name}の地域生活支援拠点等）の連絡先と担う機能です。",
                              updated=site.provider_updated(p)))

    used = {
        "service": {s for p in site.providers for s in p.services},
        "target": {t for p in site.providers for t in p.targets},
        "role": {p.role for p in site.providers},
    }
    areas_index = Crumb("地区", urls.AREAS)
    pages.append(PageSpec(urls.AREAS, "areas.html", "地区から事業所をさがす", (top, directory), updated=listed))
    for a in cfg.areas:
        pages.extend(paginate(urls.area(a.id), "listing.html", f"{a.name}の事業所", (top, directory, areas_index),
                              site.providers_with(area=a.id), {"facet": "area", "term_id": a.id},
                              description=f"{cfg.city_name}{a.name}の地域生活支援拠点等の事業所です。", updated=listed))
    for facet, terms, label in (("service", SERVICES, "サービス"), ("target", TARGETS, "対象"), ("role", ROLES, "役割")):
        for t in _used(terms, used[facet]):
            pages.extend(paginate(urls.facet(facet, t.id), "listing.html", f"{label}「{t.label}」の事業所", (top, directory),
                                  site.providers_with(**{facet: t.id}), {"facet": facet, "term_id": t.id},
                                  updated=listed))
    accepting = tuple(p for p in site.providers if p.emergency and p.emergency.accepts)
    if accepting:
        pages.extend(paginate(urls.facet("emergency", "accepts"), "listing.html", "緊急時の受入れを行っている事業所",
                              (top, directory), accepting, {"facet": "emergency", "term_id": "accepts"}, updated=listed))
    reports = report_pages(site, top)
    pages.extend(reports)
    pages.append(PageSpec(urls.SEARCH, "search.html", "サイト内検索", (top,),
                          description=f"{cfg.city_name}の地域生活支援拠点等のサイト内を検索します。"))
    pages.append(PageSpec(urls.ACCESSIBILITY, "accessibility.html", "ウェブアクセシビリティ方針", (top,),
                          declaration(site, svg=any(p.data.get("series") or p.data.get("charts") for p in reports)),
                          description="このサイトのウェブアクセシビリティ方針と、JIS X 8341-3:2016 による試験の結果です。"))
    pages.extend(guidance_pages(site, top))
    pages.append(opendata_page(site, exports))
    pages.extend(language_pages(site))
    # served for any missing path, so its links start at the site's root path (e.g. /kaede/)
    pages.append(PageSpec(urls.NOT_FOUND, "404.html", "ページが見つかりません", root=urlsplit(cfg.base_url).path))
    return pages
