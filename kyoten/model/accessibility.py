"""content/accessibility.yml: the accessibility declaration's target and the results people recorded.

JIS X 8341-3:2016 is WCAG 2.0: level AA is its 25 A and 13 AA success criteria (CRITERIA). What a person
tested is written in the YAML, one entry per criterion (who by role, when, how, on which pages, the result);
nothing else may mark a criterion as met. `declared` derives the 対応度 from those results by the rules of
WAIC's 「ウェブコンテンツのJIS X 8341-3:2016 対応度表記ガイドライン」 (DECLARATION_RULES says which), so the page
can never claim more than was tested.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kyoten.model.content import CONTENT_DIR
from kyoten.model.schema import INVALID, Choice, Date, Field, Kind, ListOf, Obj, Text, load_checked
from kyoten.model.source import Node, Report
from kyoten.model.vocab import Term, Vocabulary

FILE = "accessibility.yml"

# the guideline whose words (準拠 / 一部準拠 / 配慮) the page uses, and the rules `declared` implements
GUIDELINE = "ウェブコンテンツのJIS X 8341-3:2016 対応度表記ガイドライン 2021年4月版"
GUIDELINE_URL = "https://waic.jp/docs/jis2016/compliance-guidelines/202104/"
DECLARATION_RULES = (
    "準拠: 試験を行い、目標とした適合レベルの達成基準をすべて満たしていることを確かめ、試験結果を公開している",
    "一部準拠: 試験を行い、達成基準の一部を満たしていることを確かめ、今後の対応方針を示している。"
    "適合レベルAAは適合レベルAの達成基準を含むため、Aに満たしていない・試験していない基準があるときはAAではなくAへの一部準拠。"
    "満たしていることを確かめた基準が1つもない（対象となる内容がないものだけの）ときは一部準拠としない",
    "配慮: 試験の有無を問わない。ウェブアクセシビリティ方針の公開が必要",
)


@dataclass(frozen=True, slots=True)
class Criterion:
    number: str
    name: str  # JIS X 8341-3:2016's name
    level: str  # "A" | "AA"


CRITERIA: tuple[Criterion, ...] = tuple(Criterion(n, name, level) for n, name, level in (
    ("1.1.1", "非テキストコンテンツ", "A"),
    ("1.2.1", "音声だけ及び映像だけ（収録済み）", "A"),
    ("1.2.2", "キャプション（収録済み）", "A"),
    ("1.2.3", "音声解説、又はメディアに対する代替コンテンツ（収録済み）", "A"),
    ("1.3.1", "情報及び関係性", "A"),
    ("1.3.2", "意味のある順序", "A"),
    ("1.3.3", "感覚的な特徴", "A"),
    ("1.4.1", "色の使用", "A"),
    ("1.4.2", "音声の制御", "A"),
    ("2.1.1", "キーボード", "A"),
    ("2.1.2", "キーボードトラップなし", "A"),
    ("2.2.1", "タイミング調整可能", "A"),
    ("2.2.2", "一時停止、停止及び非表示", "A"),
    ("2.3.1", "3回のせん光、又はしきい値以下", "A"),
    ("2.4.1", "ブロックスキップ", "A"),
    ("2.4.2", "ページタイトル", "A"),
    ("2.4.3", "フォーカス順序", "A"),
    ("2.4.4", "リンクの目的（コンテキスト内）", "A"),
    ("3.1.1", "ページの言語", "A"),
    ("3.2.1", "フォーカス時", "A"),
    ("3.2.2", "入力時", "A"),
    ("3.3.1", "エラーの特定", "A"),
    ("3.3.2", "ラベル又は説明", "A"),
    ("4.1.1", "構文解析", "A"),
    ("4.1.2", "名前（name）・役割（role）及び値（value）", "A"),
    ("1.2.4", "キャプション（ライブ）", "AA"),
    ("1.2.5", "音声解説（収録済み）", "AA"),
    ("1.4.3", "コントラスト（最低限レベル）", "AA"),
    ("1.4.4", "テキストのサイズ変更", "AA"),
    ("1.4.5", "文字画像", "AA"),
    ("2.4.5", "複数の手段", "AA"),
    ("2.4.6", "見出し及びラベル", "AA"),
    ("2.4.7", "フォーカスの可視化", "AA"),
    ("3.1.2", "一部分の言語", "AA"),
    ("3.2.3", "一貫したナビゲーション", "AA"),
    ("3.2.4", "一貫した識別性", "AA"),
    ("3.3.3", "エラー修正の提案", "AA"),
    ("3.3.4", "エラー回避（法的、金融及びデータ）", "AA"),
))
LEVELS = ("A", "AA")

LEVEL_VOCAB = Vocabulary("target", (
    Term("A", "A", ("レベルA", "適合レベルA")),
    Term("AA", "AA", ("レベルAA", "適合レベルAA")),
))
CRITERION_VOCAB = Vocabulary("criterion", tuple(Term(c.number, c.number) for c in CRITERIA))
# the 結果 a person records; 適用なし: the site has no content the criterion applies to
RESULT_VOCAB = Vocabulary("result", (
    Term("pass", "適合", ("〇", "○", "満たしている")),
    Term("fail", "不適合", ("×", "満たしていない")),
    Term("na", "適用なし", ("該当なし", "非適用", "－", "-")),
))
SELECTION_VOCAB = Vocabulary("selection", (
    Term("all", "全ページ", ("すべてのページ",)),
    Term("random", "ランダム", ("無作為",)),
    Term("chosen", "選択", ("代表的なページを選択", "任意")),
))


class PagePath(Kind):
    """A page of the built site, from its root as the footer links it: `index.html`, `directory/index.html`."""

    example = "directory/index.html"

    def check(self, node: Node, report: Report, key: str):
        text = Text(200).check(node, report, key)
        if text is INVALID:
            return INVALID
        parts = text.split("/")
        if (not text.endswith(".html") or text.startswith("/") or "://" in text
                or any(p in ("", ".", "..") for p in parts) or any(c in text for c in " ?#\\")):
            report.error(node, key, f"{key}「{text}」はサイトの先頭からのページのパスで書いてください（例: directory/index.html）",
                         "a path from the site root ending in .html, e.g. directory/index.html")
            return INVALID
        return text

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^(?!/)[^?#\s]+\.html$", "maxLength": 200}


RECORD = Obj({
    "criterion": Field(Choice(CRITERION_VOCAB), True, "達成基準の番号（例: 1.3.3）。JIS X 8341-3:2016 の適合レベルA・AAのもの"),
    "result": Field(Choice(RESULT_VOCAB), True, "結果: 適合、不適合、適用なし（その基準の対象となる内容がない）"),
    "tester": Field(Text(80, example="障害福祉課 ウェブ担当職員"), True, "試験した人の役割（名前は要りません）"),
    "date": Field(Date(), True, "試験した日"),
    "method": Field(Text(300, example="目視とキーボード操作（Windows 11、Chrome 131、NVDA 2024.4）"), True,
                    "試験の方法（使った機器・ソフトウェアとその版）"),
    "pages": Field(ListOf(PagePath(), min_items=1), doc="試験したページ（省略すると pages のすべて）"),
    "note": Field(Text(400, multiline=True), doc="注記（満たしていない理由、今後の対応など）"),
}, "tests")

SCHEMA = Obj({
    "target": Field(Choice(LEVEL_VOCAB), doc="目標とする適合レベル（A または AA。既定: AA）"),
    "owner": Field(Text(80, example="楓市 福祉部 障害福祉課"), doc="方針を定める者（省略すると「このサイト」）"),
    "scope": Field(Text(300), doc="対象範囲（既定: このサイトのすべてのページ）"),
    "contact": Field(Text(200), doc="使いにくいところの連絡先（既定: site_config.yml の担当課）"),
    "plan": Field(Text(1000, multiline=True), doc="今後の対応方針（未確認・不適合の達成基準をどうするか）"),
    "selection": Field(Choice(SELECTION_VOCAB), doc="試験したページの選び方: 全ページ、ランダム、選択"),
    "pages": Field(ListOf(PagePath(), min_items=1), doc="人が試験したページ（サイトの先頭からのパス）"),
    "tests": Field(ListOf(RECORD, unique=False), doc="人による試験の記録（達成基準ごとに1つ）"),
}, FILE)


@dataclass(frozen=True, slots=True)
class Record:
    criterion: str
    result: str  # "pass" | "fail" | "na"
    tester: str
    date: dt.date
    method: str
    pages: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class Accessibility:
    target: str = "AA"
    owner: str | None = None
    scope: str | None = None
    contact: str | None = None
    plan: str | None = None
    selection: str | None = None  # "all" | "random" | "chosen"
    pages: tuple[str, ...] = ()
    records: tuple[Record, ...] = ()

    @property
    def by_criterion(self) -> dict[str, Record]:
        return {r.criterion: r for r in self.records}

    @property
    def period(self) -> tuple[dt.date, dt.date] | None:
        """試験実施期間: the first and last day a person recorded a result."""
        days = [r.date for r in self.records]
        return (min(days), max(days)) if days else None


def load_accessibility(site_dir: Path, report: Report) -> Accessibility:
    d, node = load_checked(site_dir, site_dir / CONTENT_DIR / FILE, FILE, SCHEMA, report)
    if d is None:
        return Accessibility()
    pages = d.get("pages", ())
    records: list[Record] = []
    seen: dict[str, int] = {}
    tests = node.get("tests")
    for r, rnode in zip(d.get("tests", ()), tests.value if tests is not None and tests.kind == "seq" else ()):
        number = r["criterion"]
        if number in seen:
            report.error(rnode.at("criterion"), "criterion",
                         f"達成基準 {number} の記録が2つあります（{seen[number]}行目にもあります）。1つにまとめてください",
                         "one record per criterion")
            continue
        seen[number] = rnode.loc.line
        for p, pnode in zip(r.get("pages", ()), rnode.get("pages").value if "pages" in r else ()):
            if p not in pages:
                report.error(pnode, "pages", f"ページ「{p}」が、試験したページの一覧（pages）にありません。pages に加えてください",
                             "a page listed in the top-level pages")
        records.append(Record(number, r["result"], r["tester"], r["date"], r["method"], r.get("pages", pages), r.get("note")))
    if records and (not pages or "selection" not in d):
        missing = "pages" if not pages else "selection"
        report.error(node.at("tests"), missing, "人による試験の記録（tests）があるときは、試験したページ（pages）と"
                     "その選び方（selection: 全ページ、ランダム、選択）を書いてください",
                     "pages and selection when tests are recorded")
    return Accessibility(d.get("target", "AA"), d.get("owner"), d.get("scope"), d.get("contact"), d.get("plan"),
                         d.get("selection"), pages, tuple(records))


@dataclass(frozen=True, slots=True)
class Declared:
    degree: str  # "準拠" | "一部準拠" | "配慮"
    level: str  # the 適合レベル the degree is stated for

    def __str__(self) -> str:
        return f"JIS X 8341-3:2016 の適合レベル{self.level}に{self.degree}"


def criteria_up_to(level: str) -> tuple[Criterion, ...]:
    return tuple(c for c in CRITERIA if LEVELS.index(c.level) <= LEVELS.index(level))


def declared(target: str, results: dict[str, str], pages: tuple[str, ...], plan: bool) -> Declared:
    """The 対応度 the recorded results allow, never more (DECLARATION_RULES).

    `results`: criterion number → "pass" | "fail" | "na" for the criteria a person tested; any criterion
    missing is untested. `pages`: the pages the tests were made on (準拠 needs a tested page set).
    `plan`: whether the site states its 今後の対応方針, without which 一部準拠 may not be claimed."""
    def met(level: str) -> bool:
        return bool(pages) and all(results.get(c.number) in ("pass", "na") for c in criteria_up_to(level))

    if met(target):
        return Declared("準拠", target)
    # AA holds A's criteria: "AAに一部準拠" only when A is met; otherwise the part that is met is A's
    if plan and target == "AA" and met("A"):
        return Declared("一部準拠", "AA")
    # "一部を満たしている" needs a criterion a person found met, not only ones with nothing to apply to
    if plan and pages and any(results.get(c.number) == "pass" for c in criteria_up_to("A")):
        return Declared("一部準拠", "A")
    return Declared("配慮", target)
