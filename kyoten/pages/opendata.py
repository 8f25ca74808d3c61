"""The opendata/ page: the files with their sizes, the CSV's columns, the licence and 出典 (issue 7)."""

from __future__ import annotations

from kyoten import urls
from kyoten.exports.opendata import CSV_COLUMNS, EXPORTS, LICENSE_URLS, Exports, attribution
from kyoten.japanese.formats import human_size
from kyoten.model.site import Site
from kyoten.pages.spec import TOP, PageSpec


class _Files:
    """The page's list of files with sizes, made when the page is rendered (iterable for the template)."""

    def __init__(self, bodies):
        self.bodies = bodies

    def __iter__(self):
        for url, _, label, what in EXPORTS:
            yield {"href": url.removeprefix(urls.OPENDATA.removesuffix("index.html")), "name": url.rsplit("/", 1)[1], "format": label,
                   "size": human_size(len(self.bodies[url].encode("utf-8"))), "what": what}


def opendata_page(site: Site, exports: Exports) -> PageSpec:
    files = _Files(exports)
    cfg = site.config
    return PageSpec(
        urls.OPENDATA, "opendata.html", "オープンデータ", (TOP,),
        {"files": files, "columns": CSV_COLUMNS, "license": cfg.license,
         "license_url": LICENSE_URLS.get(cfg.license), "attribution": attribution(site),
         "count": len(site.providers)},
        description=f"{cfg.city_name}の地域生活支援拠点等の事業所一覧を、オープンデータ（CSV・JSON・GeoJSON）で公開しています。",
    )
