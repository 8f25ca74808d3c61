"""The whole validated model of one site folder: config + registry + content."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kyoten.model.accessibility import Accessibility, load_accessibility
from kyoten.model.config import SiteConfig, load_config
from kyoten.model.content import Functions, load_functions, load_readings, load_reports
from kyoten.model.guidance import Guidance, load_guidance
from kyoten.model.languages import Language, load_languages
from kyoten.japanese.readings import Reader
from kyoten.model.registry import Entries, Provider, load_providers
from kyoten.model.history import History, read_history
from kyoten.model.source import Diagnostic, Loc, Report
from kyoten.model.tree import check_trees
from kyoten import theme as _theme

THEME_DIR = Path(_theme.__file__).resolve().parent  # the kyoten theme (package data of kyoten.theme)


@dataclass(frozen=True)
class Site:
    root: Path
    config: SiteConfig
    providers: tuple[Provider, ...]  # in 五十音順
    functions: Functions
    reader: Reader
    warnings: tuple[Diagnostic, ...]
    history: History
    data_date: dt.date | None  # site.data_date, else the last commit of the data, else the newest 時点
    reports: tuple = ()  # content.YearReport, oldest year first
    guidance: Guidance = Guidance()  # content/preregistration.yml, for-providers.yml, flyers.yml (issue 5)
    accepted: tuple[tuple[Diagnostic, str], ...] = ()  # 警告 the city accepted in site_config.yml, with why
    accessibility: Accessibility = Accessibility()  # content/accessibility.yml: target and recorded test results
    languages: tuple[Language, ...] = ()  # content/languages/*.yml: the essentials in other languages (issue 18)

    def provider_updated(self, p: Provider) -> dt.date | None:
        return p.updated or self.history.span(p.line, p.end_line)

    def is_stale(self, p: Provider) -> bool:
        """空き状況 older than stale_after_days before the data date (not the clock: builds stay reproducible)."""
        return (p.vacancy is not None and self.data_date is not None
                and (self.data_date - p.vacancy.as_of).days > self.config.stale_after_days)

    def providers_with(self, *, function: str | None = None, area: str | None = None,
                       service: str | None = None, target: str | None = None, role: str | None = None
                       ) -> tuple[Provider, ...]:
        """The providers (in 五十音順) that have every term given: the listings ask once per term, so each
        provider's terms are indexed in one pass (74 passes over 20,000 providers before)."""
        wanted = [(facet, term) for facet, term in (("function", function), ("area", area), ("service", service),
                                                    ("target", target), ("role", role)) if term is not None]
        if not wanted:
            return self.providers
        index = self._by_term()
        found = index.get(wanted[0], ())
        for key in wanted[1:]:
            also = set(map(id, index.get(key, ())))
            found = tuple(p for p in found if id(p) in also)
        return found

    def _by_term(self) -> dict[tuple[str, str], tuple[Provider, ...]]:
        index = self.__dict__.get("_term_index")
        if index is None:
            lists: dict[tuple[str, str], list[Provider]] = {}
            for p in self.providers:
                for key in dict.fromkeys((*(("function", f) for f in p.functions), ("area", p.area),
                                          *(("service", s) for s in p.services),
                                          *(("target", t) for t in p.targets), ("role", p.role))):
                    lists.setdefault(key, []).append(p)
            index = {key: tuple(ps) for key, ps in lists.items()}
            object.__setattr__(self, "_term_index", index)  # frozen: set once, derived from providers
        return index


def _cross_checks(site: Site, report: Report) -> None:
    """Data each file accepts but that is wrong together (issue 14)."""
    names: dict[str, int] = {}
    for p in sorted(site.providers, key=lambda p: p.line):
        at = Loc("providers.yaml", p.line, 3)
        if p.emergency is not None and p.emergency.accepts and not (p.phone or p.after_hours_phone):
            report.error(at, "emergency", f"「{p.name}」は緊急時の受入れを行うとされていますが、電話番号がありません。"
                         "phone か after_hours_phone を書いてください", "a phone number when emergency.accepts is true")
        if p.name in names:
            report.warn(at, "name", f"「{p.name}」と同じ名前の事業所が{names[p.name]}行目にもあります。"
                        "市民が区別できるよう、名前に地区名などを加えてください", "distinct names")
        names.setdefault(p.name, p.line)
        if site.data_date is not None:
            for key, day in (("vacancy", p.vacancy.as_of if p.vacancy else None), ("registered_on", p.registered_on)):
                if day is not None and day > site.data_date:
                    report.warn(at, key, f"「{p.name}」の{'空き状況の日付' if key == 'vacancy' else '拠点登録日'}（{day}）が"
                                f"データの基準日（{site.data_date}）より後です。日付を確かめてください",
                                f"a date on or before the data date {site.data_date}")
    if site.data_date is None or not site.providers:
        return
    fiscal = site.data_date.year - (site.data_date.month < 4)
    registered = sum(p.role == "registered" for p in site.providers)
    for r in site.reports:
        if r.year != fiscal:
            continue  # a past year's figure may well differ from today's registry
        for f in r.figures():
            if f.key == "registered-providers" and f.value != registered:
                report.warn(Loc(f"content/reports/{r.year}.yml", 1, 1), "registered-providers",
                            f"登録事業所数（{f.value:g}）が providers.yaml の拠点等登録事業所の数（{registered}）と違います",
                            "the figure equals the registry's count")


def load_site(site_dir: Path, entries: Entries | None = None, parallel: bool = False) -> Site:
    """Load and validate everything; raises DataError with every error found. `entries` (kyoten serve)
    keeps providers.yaml's entries from one load to the next (registry.Entries); `parallel` (kyoten build
    and validate, never where threads run) lets a long providers.yaml be read by two processes."""
    site_dir = Path(site_dir)
    report = Report()
    readings = load_readings(site_dir, report)
    reader = Reader(readings)
    config = load_config(site_dir, report)
    if config is not None:  # 見本市 is みほんし as site_config.yml says, not the trade fair みほんいち
        reader.add_defaults({config.city_name: config.city_name_kana or "",
                             **{a.name: a.name_kana or "" for a in config.areas}})
    providers = load_providers(site_dir, config, reader, report, entries, parallel)
    functions = load_functions(site_dir, report)
    reports = load_reports(site_dir, report)
    guidance = load_guidance(site_dir, report)
    accessibility = load_accessibility(site_dir, report)
    languages = load_languages(site_dir, config, report)
    check_trees(site_dir, report, THEME_DIR)
    report.raise_if_errors()
    assert config is not None
    history = read_history(site_dir)
    as_of = [p.vacancy.as_of for p in providers if p.vacancy]
    data_date = config.data_date or history.newest or (max(as_of) if as_of else None)
    site = Site(site_dir, config, providers, functions, reader, (), history, data_date, reports)
    _cross_checks(site, report)
    report.raise_if_errors()
    for p in providers:
        if site.is_stale(p):
            report.warn(Loc("providers.yaml", p.line, 3), "vacancy",
                        f"「{p.name}」の空き状況（{p.vacancy.as_of}時点）は{config.stale_after_days}日より古くなっています。"
                        "更新してください", f"as_of within {config.stale_after_days} days of {data_date}")
    accepted = dict(config.accepted_warnings)
    accepted.pop("placeholder", None)  # a ★ left by kyoten init is never published as if it were the city's text
    return dataclasses.replace(site, guidance=guidance, accessibility=accessibility, languages=languages,
                               warnings=tuple(w for w in report.warnings if w.key not in accepted),
                               accepted=tuple((w, accepted[w.key]) for w in report.warnings if w.key in accepted))
