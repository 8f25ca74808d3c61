"""Guidance content in content/: preregistration.yml (事前登録のご案内 and the blank 聞き取り票),
for-providers.yml (拠点等登録事業所になるには) and flyers.yml (A4 flyers). Validated with the schema kinds;
the values stay plain dicts/tuples (the templates read them), nothing here knows about HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kyoten.model.schema import INVALID, Bool, Choice, Field, Kind, ListOf, Number, Obj, Slug, Text, Url, load_checked
from kyoten.model.source import Node, Report
from kyoten.model.vocab import FUNCTION_VOCAB, SERVICE_VOCAB, Term, Vocabulary

CONTENT_DIR = "content"

STEP = Obj({
    "title": Field(Text(40, example="相談"), True, "段階の名前（短く）"),
    "text": Field(Text(400, multiline=True), True, "その段階で何をするか"),
}, "steps")
QA = Obj({
    "q": Field(Text(200), True, "質問"),
    "a": Field(Text(1000, multiline=True), True, "答え"),
}, "faq")

FORM_ITEM = Obj({
    "title": Field(Text(60, example="障害程度"), True, "聞き取り票の項目"),
    "hint": Field(Text(300), doc="書く内容の例"),
    "choices": Field(ListOf(Text(30, example="あり")), doc="□で選ぶ選択肢（例: あり、なし）"),
    "lines": Field(Number(0, 12, integer=True), doc="記入欄の行数（既定: 3。choices があるときは 0 にできます）"),
}, "form_items")

# The rows every blank 聞き取り票 has between 基本情報 and the city's own items: what a 短期入所 事業所 must
# know on the first night (受給者証, 手帳, 主治医, 薬, アレルギー), in the shape of a form item.
FORM_ROWS: tuple[dict[str, Any], ...] = (
    {"title": "受給者証番号", "hint": "障害福祉サービス受給者証（児童は通所受給者証）の番号", "lines": 1},
    {"title": "障害者手帳（種類・等級）", "choices": ("身体障害者手帳（　　級）", "療育手帳（　　）", "精神障害者保健福祉手帳（　　級）", "持っていない"), "lines": 0},
    {"title": "主治医（医療機関・電話）", "hint": "医療機関の名前、医師の名前、電話番号", "lines": 2},
    {"title": "服薬", "hint": "薬の名前と飲む時間（お薬手帳の写しでもかまいません）", "lines": 3},
    {"title": "アレルギー", "hint": "食べ物や薬など。あるときは、その内容", "choices": ("あり", "なし"), "lines": 1},
)
CONSENT_RECIPIENTS = ("基幹相談支援センター", "緊急時に受け入れる可能性のある拠点等登録事業所（短期入所事業所など）")
CONSENT_PURPOSE = "緊急時に受入れ先を探して調整し、受け入れたときに支援するため"

PREREGISTRATION_SCHEMA = Obj({
    "lead": Field(Text(600, multiline=True), True, "はじめの説明"),
    "source": Field(Text(300, example="松戸市「地域生活支援拠点について」（令和5年2月末現在）"),
                    doc="出典：このページの文章がどの資料（題名と日付）の言葉か、またはこのサイトの文章か"),

    "who": Field(ListOf(Text(200), min_items=1), True, "登録をおすすめする世帯"),
    "benefits": Field(ListOf(Text(300), min_items=1), True, "登録するとどうなるか"),
    "flows": Field(ListOf(Obj({
        "title": Field(Text(60, example="事前登録の流れ"), True),
        "steps": Field(ListOf(STEP, min_items=2), True),
    }, "flows"), min_items=1), True, "流れ（事前登録、緊急時）"),
    "form_official": Field(Bool(), doc="true のとき、聞き取り票を市の正式な様式として載せます。"
                           "書かないとき（false）は、ページとPDFに「見本」と大きく表示します"),
    "form_items": Field(ListOf(FORM_ITEM), doc="市が加える聞き取り票の項目（順番どおり）。"
                        "基本情報、受給者証番号、障害者手帳、主治医、服薬、アレルギー、同意の欄は、どの市の票にもあります"),
    "consent_recipients": Field(ListOf(Text(100), min_items=1), doc="同意の欄に書く、情報の提供先。"
                                "書かないときは、基幹相談支援センターと、緊急時に受け入れる可能性のある拠点等登録事業所です"),
    "consent_purpose": Field(Text(200), doc="同意の欄に書く、情報を使う目的（書かないときは、緊急時の受入れの調整）"),
    "apply_note": Field(Text(600, multiline=True), doc="申し込み先についての補足"),
    "faq": Field(ListOf(QA), doc="よくある質問"),
}, "preregistration.yml")


# what a 出典 is: the 告示 and 通知 decide a 加算; a city's leaflet or a commentary only repeats them
SOURCE_KINDS = Vocabulary("kind", (
    Term("kokuji", "告示"), Term("tsuchi", "通知", ("留意事項通知", "事務連絡", "Q&A")),
    Term("city", "市の資料", ("自治体の資料", "市町村の資料")),
    Term("commentary", "解説", ("解説記事", "民間の解説")),
))
SOURCE = Obj({
    "title": Field(Text(200, example="障害福祉サービス費等の報酬算定構造（令和6年度）"), True, "資料の名前"),
    "date": Field(Text(40, example="令和6年4月1日"), doc="資料の日付・時点（資料の書き方のまま）"),
    "url": Field(Url(), doc="資料のURL"),
    "kind": Field(Choice(SOURCE_KINDS), True, "告示、通知、市の資料、解説"),
}, "source")
ADDITION = Obj({
    "services": Field(Text(100, example="計画相談支援・障害児相談支援"), True, "対象のサービス"),
    "name": Field(Text(80, example="地域生活支援拠点等相談強化加算"), True, "加算の名称"),
    "units": Field(Text(100, example="700単位／回（月4回まで）"), doc="単位（書くときは出典 source と時点 as_of が必要です）"),
    "conditions": Field(Text(600, multiline=True), doc="算定要件"),
    "source": Field(SOURCE, doc="出典：単位と要件を確かめた資料"),
    "as_of": Field(Text(60, example="令和6年4月1日"), doc="時点：いつの報酬の単位か"),
    "check_in": Field(Obj({
        "title": Field(Text(200), True, "告示・通知の名前"),
        "url": Field(Url(), doc="そのURL"),
    }, "check_in"), doc="単位を書かないとき、確かめる先（告示・通知の名前とURL）"),
}, "additions")


class Document(Kind):
    """A 提出書類: its name, or {title, url} / {title, file} (a file under content/, published with the site)."""
    example = "地域生活支援拠点等登録届出書"
    LINKED = Obj({
        "title": Field(Text(200), True, "書類の名前"),
        "url": Field(Url(), doc="書類のURL（市のページなど）"),
        "file": Field(Text(200, example="files/todokede.xlsx"), doc="content/ の中のファイル（サイトに載せて、リンクします）"),
        "note": Field(Text(200), doc="補足（見本であることなど）"),
    }, "documents")

    def check(self, node: Node, report: Report, key: str) -> Any:
        if node.kind == "scalar":
            title = Text(200).check(node, report, key)
            return INVALID if title is INVALID else {"title": title}
        return self.LINKED.check(node, report, key)

    def json_schema(self) -> dict:
        return {"anyOf": [Text(200).json_schema(), self.LINKED.json_schema()]}


FOR_PROVIDERS_SCHEMA = Obj({
    "lead": Field(Text(600, multiline=True), True, "はじめの説明"),
    "source": Field(Text(300, example="松戸市「地域生活支援拠点について」（令和5年2月末現在）"),
                    doc="出典：このページの文章がどの資料（題名と日付）の言葉か、またはこのサイトの文章か"),

    # what, functions, requirements, steps, documents: optional, for a city whose document does not give them
    # (the page then says the site does not carry them, and links to the city)
    "what": Field(Text(1000, multiline=True), doc="拠点等登録事業所とは"),
    "functions": Field(ListOf(Obj({
        "function": Field(Choice(FUNCTION_VOCAB), True, "機能"),
        "services": Field(ListOf(Choice(SERVICE_VOCAB), min_items=1), True, "登録できるサービス種別"),
        "role": Field(Text(300), doc="登録事業所として行うこと"),
    }, "functions"), min_items=1), doc="機能ごとに登録できるサービス種別"),
    "requirements": Field(ListOf(Text(300), min_items=1), doc="登録の要件"),
    "additions": Field(ListOf(ADDITION, unique=False), doc="地域生活支援拠点等に関する加算（単位には出典と時点が必要です）"),
    "additions_note": Field(Text(600, multiline=True), doc="加算についての注意"),
    "steps": Field(ListOf(STEP, min_items=1), doc="登録の手続き（順番どおり）"),
    "documents": Field(ListOf(Document(), min_items=1, unique=False), doc="提出する書類（名前、または title と url / file）"),
    "notes": Field(ListOf(Text(1000, multiline=True)), doc="事業所へのお知らせ・お願い（資料の言葉のまま）"),
    "benefits": Field(ListOf(Text(300)), doc="登録してよかったこと"),
    "difficulties": Field(ListOf(Text(300)), doc="課題と感じていること"),
    "voices_source": Field(Text(300), doc="よかったこと・課題の出典"),
}, "for-providers.yml")

# the page a flyer's QR code opens (its absolute URL is site.base_url + the path)
FLYER_TARGETS = Vocabulary("link", (
    Term("preregistration/", "事前登録のご案内", ("preregistration",)),
    Term("for-providers/", "事業所の方へ", ("for-providers",)),
    Term("", "トップ", ("top", "home")),
))

_LINK_SOURCE = {"preregistration/": "preregistration.yml", "for-providers/": "for-providers.yml"}

FLYERS_SCHEMA = Obj({
    "flyers": Field(ListOf(Obj({
        "id": Field(Slug(), True, "チラシのID（URLになります。例: jizen-toroku）"),
        "title": Field(Text(40, example="緊急時の短期入所等への受入れのご案内"), True, "題名（A4に収まるよう40文字以内）"),
        "subtitle": Field(Text(40), doc="副題"),
        "audience": Field(Text(40, example="障害のある方とご家族へ"), doc="だれに向けたチラシか"),
        "lead": Field(Text(200, multiline=True), True, "はじめの説明（200文字以内）"),
        "points": Field(ListOf(Text(80), min_items=3), True, "要点（3〜6個、各80文字以内）"),
        "link": Field(Choice(FLYER_TARGETS), True, "QRコードで開くページ（事前登録のご案内、事業所の方へ、トップ）"),
        "furigana": Field(Bool(), doc="true のとき、漢字にふりがなをつけます"),
        "source": Field(Text(300), doc="出典：このチラシの文章がどの資料の言葉か（チラシの下に表示します）"),
    }, "flyers"), min_items=1), True),
}, "flyers.yml")


@dataclass(frozen=True)
class Guidance:
    preregistration: dict[str, Any] | None = None
    for_providers: dict[str, Any] | None = None
    flyers: tuple[dict[str, Any], ...] = ()


def _load(site_dir: Path, name: str, schema: Obj, report: Report) -> tuple[Any, Any]:
    """(the checked value, its Node) of content/<name>, or (None, None) when it is absent or invalid."""
    return load_checked(site_dir, site_dir / CONTENT_DIR / name, name, schema, report)


def load_guidance(site_dir: Path, report: Report) -> Guidance:
    pre, node = _load(site_dir, "preregistration.yml", PREREGISTRATION_SCHEMA, report)
    if pre is not None:
        pre = _form(pre, node, report)
    fl, node = _load(site_dir, "flyers.yml", FLYERS_SCHEMA, report)
    flyers: tuple = ()
    if fl is not None:
        seen: set[str] = set()
        for f, fnode in zip(fl["flyers"], node.get("flyers").value):
            if len(f["points"]) > 6:
                report.error(fnode.at("points"), "points", "要点は6個までにしてください（A4の1枚に収めるため）", "3 to 6 points")
            elif f["id"] in seen:
                report.error(fnode.at("id"), "id", f"id「{f['id']}」が2回使われています", "unique id")
            elif f["link"] and not (site_dir / CONTENT_DIR / _LINK_SOURCE[f["link"]]).exists():
                report.error(fnode.at("link"), "link", f"QRコードの行き先のページがありません（content/{_LINK_SOURCE[f['link']]} を作ってください）",
                             "the linked page must exist")
            seen.add(f["id"])
        flyers = fl["flyers"]
    fp, node = _load(site_dir, "for-providers.yml", FOR_PROVIDERS_SCHEMA, report)
    if fp is not None and not _check_for_providers(site_dir, fp, node, report):
        fp = None
    return Guidance(pre, fp, flyers)


_BASIC_ROWS = ("記入日", "ふりがな", "名前", "生年月日", "住所", "電話")


def _form(pre: dict, node: Node, report: Report) -> dict | None:
    """The blank 聞き取り票: the rows every city's form has, then the city's items; the consent's recipients
    and purpose (defaults when the city names none); official or 見本. A city item may not repeat a row the
    form already has, and a write-in item needs lines or choices."""
    ok = True
    taken = {r["title"] for r in FORM_ROWS} | set(_BASIC_ROWS)
    items = node.get("form_items")
    for it, inode in zip(pre.get("form_items", ()), items.value if items is not None else ()):
        if it["title"] in taken:
            report.error(inode.at("title"), "title", f"聞き取り票の項目「{it['title']}」は、標準の欄か、前の項目と同じ名前です。"
                         "標準の欄（基本情報、受給者証番号、障害者手帳、主治医、服薬、アレルギー）は書かなくても載ります",
                         "a title the form does not have yet")
            ok = False
        elif it.get("lines") == 0 and not it.get("choices"):
            report.error(inode.at("lines"), "lines", f"聞き取り票の項目「{it['title']}」に書く場所がありません。"
                         "lines を1以上にするか、choices を書いてください", "lines >= 1 or choices")
            ok = False
        taken.add(it["title"])
    if not ok:
        return None
    return {**pre, "form_official": pre.get("form_official", False), "form_rows": FORM_ROWS,
            "form_items": tuple(pre.get("form_items", ())),
            "consent_recipients": tuple(pre.get("consent_recipients", CONSENT_RECIPIENTS)),
            "consent_purpose": pre.get("consent_purpose", CONSENT_PURPOSE)}


def _check_for_providers(site_dir: Path, fp: dict, node: Node, report: Report) -> bool:
    """A 加算's units only with their 出典 and 時点 (a number nobody can check is not published); without units,
    the row says where to check. A document file must exist under content/."""
    ok = True
    adds = node.get("additions")
    for a, anode in zip(fp.get("additions", ()), adds.value if adds is not None else ()):
        if "units" in a:
            for need, ja in (("source", "出典（source: 告示・通知などの名前と日付）"), ("as_of", "時点（as_of）")):
                if need not in a:
                    report.error(anode.at("units"), "units", f"加算「{a['name']}」の単位には{ja}を書いてください。"
                                 "確かめられない単位は書かず、check_in に確かめる先を書きます", f"units need {need}")
                    ok = False
        elif "check_in" not in a:
            report.error(anode, "check_in", f"加算「{a['name']}」には、単位と出典か、確かめる先（check_in）を書いてください",
                         "units with source and as_of, or check_in")
            ok = False
    docs = node.get("documents")
    for d, dnode in zip(fp.get("documents", ()), docs.value if docs is not None else ()):
        f = d.get("file")
        if f is not None and (f.startswith(("/", "..")) or ".." in Path(f).parts or not (site_dir / CONTENT_DIR / f).is_file()):
            report.error(dnode.at("file"), "file", f"書類のファイル「{f}」が content/ の中にありません", "a file under content/")
            ok = False
    return ok


# who may take 事前登録 applications: the 基幹相談支援センター and every 相談支援事業所 (計画/障害児相談支援)
APPLY_ROLES = ("kikan",)
APPLY_SERVICES = ("keikaku-sodan", "shogaiji-sodan")


def apply_providers(providers) -> tuple:
    return tuple(p for p in providers if p.role in APPLY_ROLES or any(s in p.services for s in APPLY_SERVICES))
