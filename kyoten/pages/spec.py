"""What a generated page is: its address, template, title, breadcrumbs and data (no HTML here).

Templates receive `page` (a PageSpec), `base_url` (the relative path to the site root, as mkdocs
gives Markdown pages) and `k` (render/view.py). KINDS names every page kind once: the tests walk it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kyoten import urls


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str  # from the site root


TOP = Crumb("トップ", urls.HOME)


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
    lang: str = "ja"  # the page's language: <html lang> (a language page of content/languages/, issue 18)

    @property
    def base_url(self) -> str:
        if self.root is not None:
            return self.root.rstrip("/")
        depth = self.url.count("/")
        return "/".join([".."] * depth) if depth else "."

    @property
    def is_homepage(self) -> bool:
        return self.url == urls.HOME


# every page kind: its template, and what the pages of that kind show (docs/ARCHITECTURE.md: adding one)
KINDS: dict[str, str] = {
    "home.html": "トップ（Markdown の content/index.md、なければ kyoten の既定）",
    "functions.html": "5つの機能の一覧",
    "function.html": "機能ごとのページ",
    "directory.html": "事業所の一覧（五十音順、絞り込み）",
    "listing.html": "地区・機能・サービス・対象・役割・緊急時の受入ごとの事業所の一覧",
    "provider.html": "事業所ごとのページ",
    "areas.html": "地区の一覧",
    "reports.html": "運用状況の検証（年度の一覧と推移）",
    "report.html": "年度ごとの運用状況",
    "search.html": "サイト内検索",
    "accessibility.html": "ウェブアクセシビリティ方針",
    "opendata.html": "オープンデータ",
    "preregistration.html": "事前登録のご案内",
    "preregistration_form.html": "事前登録 聞き取り票（記入用）",
    "for_providers.html": "事業所の方へ",
    "flyers.html": "チラシの一覧",
    "flyer.html": "チラシ（A4・印刷用）",
    "language.html": "やさしい日本語・ほかの言語での要点（content/languages/ の言語ごと）",
    "main.html": "content/ の Markdown のページ",
    "404.html": "ページが見つかりません",
}
