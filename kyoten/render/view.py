"""What templates see of the model as `k`: labels, lookups, the URL helpers, Japanese formatting,
QR codes, the sizes of the open-data files, and the header, footer and cards rendered once and reused."""

from __future__ import annotations

import functools
import re

from markupsafe import Markup

from kyoten import urls
from kyoten.japanese.formats import fiscal_year, fiscal_year_short, number, wareki
from kyoten.japanese.readings import ROWS
from kyoten.model.config import SiteConfig
from kyoten.model.site import Site
from kyoten.model.vocab import FUNCTION_VOCAB, FUNCTIONS, ROLE_VOCAB, SERVICE_VOCAB, SYSTEM_VOCAB, SYSTEMS, TARGET_VOCAB
from kyoten.render.maps import app_links, map_attrs, tiles
from kyoten.render.pdf import qr_svg


@functools.lru_cache(maxsize=4096)  # once per set of services, not once per provider page
def _service_groups(ids: frozenset) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(sy.id, sy.label, [(t.id, t.label) for t in SERVICE_VOCAB.terms if t.system == sy.id and t.id in ids])
            for sy in SYSTEMS if any(t.system == sy.id and t.id in ids for t in SERVICE_VOCAB.terms)]


def tel_href(phone: str) -> str:
    return "tel:" + re.sub(r"[^\d]", "", phone)


class View:
    """The object templates call `k`, one per site:
    - the model: `k.site`, `k.config`, `k.providers`, `k.functions`, `k.rows` (五十音), `k.area_name`,
      `k.facet_terms` / `k.facet_labels` (the directory's filters), `k.md_pages` (Markdown pages for the menu);
    - labels: `k.function(id)`, `k.role(id)`, `k.service(id)`, `k.target(id)`, `k.facet_label(facet, id)`;
    - paths: `k.urls` (kyoten/urls.py);
    - formatting: `k.wareki(date)`, `k.fiscal_year(y)`, `k.fiscal_year_short(y)`, `k.number(x)`, `k.tel(phone)`;
    - maps: `k.map_attrs`, `k.tiles`, `k.app_links(lat, lon, name)`;
    - `k.qr(url)` (a flyer's QR code), `k.pdf` (whether the PDFs are made);
    - reused fragments: `k.card(p, base_url, hl)` (a provider card), `k.chrome(partial, base_url, home)`.
    """

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
        # the service filter under one heading per system: 介護保険 apart from 障害福祉 (issue 15)
        self.facet_groups = {"service": self.service_groups(t for t, _ in self.facet_terms["service"])}
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

    def same_chrome(self, other: "View") -> bool:
        """Whether this view renders the header and footer as `other` rendered them (at every link depth
        other used): kyoten serve rewrites only the changed pages while they are the same."""
        return all(self.chrome(*key) == html for key, html in other._chrome.items())

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

    @staticmethod
    def service_groups(service_ids) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """Services by system, in the vocabulary's order: [(system id, system label, [(id, label)])]."""
        return _service_groups(frozenset(service_ids))

    def service_system(self, sid: str) -> str:
        """The system a service belongs to: 障害福祉サービス, 介護保険サービス, …"""
        return SYSTEM_VOCAB.by_id[SERVICE_VOCAB.by_id[sid].system].label

    def target(self, tid: str) -> str:
        return TARGET_VOCAB.by_id[tid].label

    def facet_label(self, facet: str, term_id: str) -> str:
        return dict(self.facet_terms[facet]).get(term_id, term_id)

    app_links = staticmethod(app_links)

    urls = urls  # every site path (kyoten/urls.py): {{ base_url }}/{{ k.urls.DIRECTORY }}
    pdf = True  # the flyer and form PDFs are made (the plugin's `pdf` option, and WeasyPrint is there)

    def qr(self, url: str) -> Markup:
        """A flyer's QR code as inline SVG."""
        return Markup(qr_svg(url))

    # formatting
    wareki = staticmethod(wareki)
    fiscal_year = staticmethod(fiscal_year)
    fiscal_year_short = staticmethod(fiscal_year_short)
    number = staticmethod(number)
    tel = staticmethod(tel_href)
