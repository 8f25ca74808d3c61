"""What templates see of the model: labels, lookups and Japanese formatting (和暦, tel: links)."""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

from kyoten.model.config import SiteConfig
from kyoten.exports.maps import app_links, map_attrs, tiles
from kyoten.japanese.kana import ROWS
from kyoten.pages.charts import number
from kyoten.pages.build import report_url, area_url, facet_url, function_url, provider_url
from kyoten.model.site import Site
from kyoten.model.vocab import FUNCTION_VOCAB, FUNCTIONS, ROLE_VOCAB, SERVICE_VOCAB, TARGET_VOCAB


def wareki(d: dt.date) -> str:
    """2023-03-01 → 令和5年3月1日 (平成 before 2019-05-01)."""
    if d >= dt.date(2019, 5, 1):
        era, year = "令和", d.year - 2018
    elif d >= dt.date(1989, 1, 8):
        era, year = "平成", d.year - 1988
    else:
        era, year = "昭和", d.year - 1925
    return f"{era}{'元' if year == 1 else year}年{d.month}月{d.day}日"


def fiscal_year(year: int) -> str:
    """2023 → 令和5年度（2023年度）."""
    era, n = ("令和", year - 2018) if year >= 2019 else ("平成", year - 1988)
    return f"{era}{'元' if n == 1 else n}年度（{year}年度）"


def fiscal_year_short(year: int) -> str:
    """2023 → 令和5年度."""
    era, n = ("令和", year - 2018) if year >= 2019 else ("平成", year - 1988)
    return f"{era}{'元' if n == 1 else n}年度"


def tel_href(phone: str) -> str:
    return "tel:" + re.sub(r"[^\d]", "", phone)


class View:
    """The object templates call `k`."""

    functions = FUNCTIONS
    rows = ROWS

    def __init__(self, site: Site):
        self.site = site
        self.config: SiteConfig = site.config
        self.providers = site.providers
        self.area_name = {a.id: a.name for a in site.config.areas}
        self.provider_count = len(site.providers)
        self.facet_terms = {
            "area": [(a.id, a.name) for a in site.config.areas],
            "function": [(f.id, f.label) for f in FUNCTIONS],
            "role": [(t.id, t.label) for t in ROLE_VOCAB.terms if any(p.role == t.id for p in site.providers)],
            "service": [(t.id, t.label) for t in SERVICE_VOCAB.terms
                        if any(t.id in p.services for p in site.providers)],
            "target": [(t.id, t.label) for t in TARGET_VOCAB.terms if any(t.id in p.targets for p in site.providers)],
            "emergency": [("accepts", "緊急時の受入あり")] if any(p.emergency and p.emergency.accepts
                                                                 for p in site.providers) else [],
        }
        self.map_attrs = map_attrs(site.config)
        self.tiles = tiles(site.config)
        self.md_pages: list = []  # top-level Markdown pages from content/, set by the plugin in on_nav
        self.facet_labels = {"area": "地区", "function": "機能", "role": "役割", "service": "サービス", "target": "対象",
                             "emergency": "緊急時"}

    _BASE, _HL = "\ue000", "\ue001"  # private-use characters: stand for base_url and hl in a cached card

    def card(self, p, base_url: str, hl: int):
        """A provider's card in a listing: rendered (with ruby) once, then reused by the directory, area,
        function, service, target and role listings that show it, at any link depth and heading level."""
        html = self._cards.get(p.id)
        if html is None:
            html = self._furigana.done(self._card_template.render(p=p, base_url=self._BASE, hl=self._HL, k=self))
            self._cards[p.id] = html
        return Markup(html.replace(self._BASE, base_url).replace(self._HL, str(hl)))

    def chrome(self, template: str, base_url: str, is_homepage: bool) -> Markup:
        """The page's header or footer (partials that see only base_url, is_homepage and k): rendered
        with ruby once per link depth, then the same text on every page at that depth."""
        key = (template, base_url, bool(is_homepage))
        html = self._chrome.get(key)
        if html is None:
            html = self._furigana.done(self._env.get_template(template).render(
                base_url=base_url, is_homepage=bool(is_homepage), k=self))
            self._chrome[key] = html
        return Markup(html)

    def use_env(self, env, furigana) -> None:
        self._env = env
        self._chrome: dict[tuple[str, str, bool], str] = {}
        self._furigana = furigana
        self._card_template = env.get_template("partials/provider_card.html")
        self._cards: dict[str, str] = {}

    # labels
    def function(self, fid: str):
        return FUNCTION_VOCAB.by_id[fid]

    def role(self, rid: str) -> str:
        return ROLE_VOCAB.by_id[rid].label

    def service(self, sid: str) -> str:
        return SERVICE_VOCAB.by_id[sid].label

    def target(self, tid: str) -> str:
        return TARGET_VOCAB.by_id[tid].label

    def facet_label(self, facet: str, term_id: str) -> str:
        return dict(self.facet_terms[facet]).get(term_id, term_id)

    app_links = staticmethod(app_links)

    # urls from the site root
    provider_url = staticmethod(provider_url)
    function_url = staticmethod(function_url)
    area_url = staticmethod(area_url)
    facet_url = staticmethod(facet_url)

    # formatting
    wareki = staticmethod(wareki)
    fiscal_year = staticmethod(fiscal_year)
    fiscal_year_short = staticmethod(fiscal_year_short)
    number = staticmethod(number)
    report_url = staticmethod(report_url)
    tel = staticmethod(tel_href)
