"""The data pages in content/: functions.yml (the city's 取組 per function) and readings.yml
(the site's reading dictionary) and reports/<年度>.yml (the yearly 運用状況の検証及び検討)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kyoten.model.schema import INVALID, Choice, Date, Field, ListOf, Number, Obj, Slug, Text, Url, load_checked
from kyoten.model.source import Loc, Report, load_yaml
from kyoten.model.vocab import FUNCTION_VOCAB, FUNCTIONS, Term, Vocabulary

CONTENT_DIR = "content"

FUNCTIONS_SCHEMA = Obj({
    "policy": Field(Text(2000, multiline=True), doc="整備方針（面的整備・多機能拠点整備など）"),
    "source": Field(Text(300, example="千葉市「令和４年度 地域生活支援拠点等の運用状況」"),
                    doc="出典：ここに書いた方針と取組が、どの資料（題名と日付）の言葉か。ページに「出典：」として表示します"),
    "source_url": Field(Url(), doc="出典のURL"),
    "functions": Field(ListOf(Obj({
        "function": Field(Choice(FUNCTION_VOCAB), True, "機能（相談、緊急時の受入・対応、…）"),
        "summary": Field(Text(1000, multiline=True), doc="市の説明"),
        "implementers": Field(ListOf(Text(100)), doc="実施主体"),
        "activities": Field(ListOf(Text(1000, multiline=True)), doc="市の取組"),
    }, "functions")), True),
}, "functions.yml")


@dataclass(frozen=True, slots=True)
class CityFunction:
    id: str
    summary: str | None
    implementers: tuple[str, ...]
    activities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Functions:
    policy: str | None
    by_id: dict[str, CityFunction]
    source: str | None = None  # whose words policy and 取組 are (a document, or this site)
    source_url: str | None = None


def load_functions(site_dir: Path, report: Report) -> Functions:
    empty = {f.id: CityFunction(f.id, None, (), ()) for f in FUNCTIONS}
    d, node = load_checked(site_dir, site_dir / CONTENT_DIR / "functions.yml", "functions.yml", FUNCTIONS_SCHEMA, report)
    if d is None:
        return Functions(None, empty)
    by_id = dict(empty)
    fnodes = node.get("functions")
    for f, fnode in zip(d["functions"], fnodes.value if fnodes else []):
        if by_id[f["function"]] is not empty[f["function"]]:
            report.error(fnode.at("function"), "function", "同じ機能が2回書かれています", "each function once")
            continue
        by_id[f["function"]] = CityFunction(f["function"], f.get("summary"), f.get("implementers", ()),
                                            f.get("activities", ()))
    return Functions(d.get("policy"), by_id, d.get("source"), d.get("source_url"))


READINGS_SCHEMA_NOTE = "readings.yml: 語: よみ（ひらがな）"


def load_readings(site_dir: Path, report: Report) -> dict[str, str]:
    path = site_dir / CONTENT_DIR / "readings.yml"
    if not path.exists():
        return {}
    node = load_yaml(path, report, site_dir)
    if node is None or node.kind == "null":
        return {}
    if node.kind != "map":
        report.error(node, "readings", "readings.yml は「語: よみ」の形で書いてください", READINGS_SCHEMA_NOTE)
        return {}
    out = {}
    for word, rnode in node.value.items():
        reading = Text(200).check(rnode, report, word)
        if reading is INVALID:
            continue
        if not all("ぁ" <= c <= "ゖ" or c == "ー" for c in reading):
            report.error(rnode, word, f"よみ「{reading}」はひらがなで書いてください", "hiragana")
            continue
        out[word] = reading
    return out


# --- reports/<年度>.yml: the yearly 運用状況の検証及び検討 -----------------------------------------------

REPORT_SECTION_KINDS = Vocabulary("kind", (
    Term("case", "事例"), Term("survey", "アンケート", ("アンケート結果",)), Term("issues", "課題", ("今後の課題",)),
    Term("direction", "方向性", ("取組の方向性",)), Term("other", "その他"),
))

FIGURE = Obj({
    "label": Field(Text(120, example="閉所時の相談支援件数"), True, "実績の名前"),
    "value": Field(Number(0, 1e12), True, "数値"),
    "unit": Field(Text(10, example="件"), doc="単位（件、人、か所 …）"),
    "key": Field(Slug(), doc="年度をまたいで同じ実績を結ぶ識別子（グラフになります）"),
    "breakdown": Field(ListOf(Obj({
        "label": Field(Text(60), True), "value": Field(Number(0, 1e12), True),
    }, "breakdown")), doc="内訳"),
    "note": Field(Text(300), doc="注記（時点など）"),
}, "results")

REPORT_SCHEMA = Obj({
    "title": Field(Text(120), doc="報告の題名"),
    "date": Field(Date(), doc="報告日・検証日"),
    "author": Field(Text(120), doc="作成者"),
    "summary": Field(ListOf(Text(2000, multiline=True)), doc="概要"),
    "functions": Field(ListOf(Obj({
        "function": Field(Choice(FUNCTION_VOCAB), True),
        "national": Field(Text(1000, multiline=True), doc="国が示す機能（省略すると国の定義）"),
        "implementers": Field(ListOf(Text(200)), doc="実施主体"),
        "activities": Field(ListOf(Text(1000, multiline=True)), doc="取組・拠点機能"),
        "results": Field(ListOf(FIGURE), doc="実績"),
        "evaluation": Field(ListOf(Text(2000, multiline=True)), doc="評価"),
        "issues": Field(ListOf(Text(1000, multiline=True)), doc="課題"),
        "notes": Field(ListOf(Text(1000, multiline=True)), doc="特記事項"),
    }, "functions")), doc="機能ごとの運用状況"),
    "sections": Field(ListOf(Obj({
        "title": Field(Text(120), True),
        "kind": Field(Choice(REPORT_SECTION_KINDS), doc="事例、アンケート、課題、方向性、その他"),
        "paragraphs": Field(ListOf(Text(3000, multiline=True))),
        "items": Field(ListOf(Text(1000, multiline=True))),
        "results": Field(ListOf(FIGURE)),
        "functions": Field(ListOf(Choice(FUNCTION_VOCAB)),
                           doc="この部分が関係する機能（資料が5つの機能と違う順・区分で書かれているとき。機能のページにも表示します）"),
    }, "sections")), doc="事例・アンケート結果・今後の課題など（資料の順番どおり）"),
}, "reports/<年度>.yml")


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: float
    unit: str
    key: str | None
    breakdown: tuple[tuple[str, float], ...]
    note: str | None


@dataclass(frozen=True, slots=True)
class ReportFunction:
    id: str
    national: str | None
    implementers: tuple[str, ...]
    activities: tuple[str, ...]
    results: tuple[Figure, ...]
    evaluation: tuple[str, ...]
    issues: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportSection:
    title: str
    kind: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...]
    results: tuple[Figure, ...]
    functions: tuple[str, ...] = ()  # the five functions this part of the document is about


@dataclass(frozen=True, slots=True)
class YearReport:
    year: int  # 西暦の年度 (2023 = 令和5年度)
    title: str | None
    date: "dt.date | None"
    author: str | None
    summary: tuple[str, ...]
    functions: tuple[ReportFunction, ...]
    sections: tuple[ReportSection, ...]

    def figures(self) -> list[Figure]:
        return [f for fn in self.functions for f in fn.results] + [f for s in self.sections for f in s.results]


def _figures(items) -> tuple[Figure, ...]:
    return tuple(Figure(f["label"], f["value"], f.get("unit", ""), f.get("key"),
                        tuple((b["label"], b["value"]) for b in f.get("breakdown", ())), f.get("note"))
                 for f in items or ())


def load_reports(site_dir: Path, report: Report) -> tuple[YearReport, ...]:
    folder = site_dir / CONTENT_DIR / "reports"
    if not folder.is_dir():
        return ()
    out = []
    for path in sorted(folder.glob("*.yml")):
        name = path.stem
        if not (name.isdigit() and len(name) == 4 and 1990 <= int(name) <= 2100):
            report.error(Loc(f"content/reports/{path.name}", 1, 1), "file",
                         f"報告のファイル名「{path.name}」は西暦の年度にしてください（令和5年度なら 2023.yml）", "YYYY.yml")
            continue
        d, _ = load_checked(site_dir, path, path.name, REPORT_SCHEMA, report)
        if d is None:
            continue
        out.append(YearReport(
            int(name), d.get("title"), d.get("date"), d.get("author"), d.get("summary", ()),
            tuple(ReportFunction(f["function"], f.get("national"), f.get("implementers", ()), f.get("activities", ()),
                                 _figures(f.get("results")), f.get("evaluation", ()), f.get("issues", ()),
                                 f.get("notes", ()))
                  for f in d.get("functions", ())),
            tuple(ReportSection(s["title"], s.get("kind", "other"), s.get("paragraphs", ()), s.get("items", ()),
                                _figures(s.get("results")), tuple(s.get("functions", ())))
                  for s in d.get("sections", ())),
        ))
    return tuple(out)
