"""Guidance content in content/: preregistration.yml (事前登録のご案内 and the blank 聞き取り票),
for-providers.yml (拠点等登録事業所になるには) and flyers.yml (A4 flyers). Validated with the schema kinds;
the values stay plain dicts/tuples (the templates read them), nothing here knows about HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kyoten.model.schema import INVALID, Bool, Choice, Field, ListOf, Number, Obj, Slug, Text
from kyoten.model.source import Report, load_yaml
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

PREREGISTRATION_SCHEMA = Obj({
    "lead": Field(Text(600, multiline=True), True, "はじめの説明"),
    "who": Field(ListOf(Text(200), min_items=1), True, "登録をおすすめする世帯"),
    "benefits": Field(ListOf(Text(300), min_items=1), True, "登録するとどうなるか"),
    "flows": Field(ListOf(Obj({
        "title": Field(Text(60, example="事前登録の流れ"), True),
        "steps": Field(ListOf(STEP, min_items=2), True),
    }, "flows"), min_items=1), True, "流れ（事前登録、緊急時）"),
    "form_items": Field(ListOf(Obj({
        "title": Field(Text(60, example="障害程度"), True, "聞き取り票の項目"),
        "hint": Field(Text(300), doc="書く内容の例"),
        "lines": Field(Number(1, 12, integer=True), doc="記入欄の行数（既定: 3）"),
    }, "form_items"), min_items=1), True, "聞き取り票の項目（順番どおり）"),
    "apply_note": Field(Text(600, multiline=True), doc="申し込み先についての補足"),
    "faq": Field(ListOf(QA), doc="よくある質問"),
}, "preregistration.yml")


FOR_PROVIDERS_SCHEMA = Obj({
    "lead": Field(Text(600, multiline=True), True, "はじめの説明"),
    "what": Field(Text(1000, multiline=True), True, "拠点等登録事業所とは"),
    "functions": Field(ListOf(Obj({
        "function": Field(Choice(FUNCTION_VOCAB), True, "機能"),
        "services": Field(ListOf(Choice(SERVICE_VOCAB), min_items=1), True, "登録できるサービス種別"),
        "role": Field(Text(300), doc="登録事業所として行うこと"),
    }, "functions"), min_items=1), True, "機能ごとに登録できるサービス種別"),
    "requirements": Field(ListOf(Text(300), min_items=1), True, "登録の要件"),
    "additions": Field(ListOf(Obj({
        "name": Field(Text(80, example="地域生活支援拠点等相談強化加算"), True, "加算の名称"),
        "units": Field(Text(60, example="700単位／回（月4回まで）"), True, "単位"),
        "conditions": Field(Text(600, multiline=True), True, "算定要件"),
        "services": Field(Text(100), doc="対象となる事業所"),
    }, "additions")), doc="地域生活支援拠点等に関する加算"),
    "additions_note": Field(Text(600, multiline=True), doc="加算についての注意"),
    "steps": Field(ListOf(STEP, min_items=1), True, "登録の手続き（順番どおり）"),
    "documents": Field(ListOf(Text(200), min_items=1), True, "提出する書類"),
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
    }, "flyers"), min_items=1), True),
}, "flyers.yml")


@dataclass(frozen=True)
class Guidance:
    preregistration: dict[str, Any] | None = None
    for_providers: dict[str, Any] | None = None
    flyers: tuple[dict[str, Any], ...] = ()


def _load(site_dir: Path, name: str, schema: Obj, report: Report) -> tuple[Any, Any]:
    """(the checked value, its Node), or (None, None) when the file is absent or invalid."""
    path = site_dir / CONTENT_DIR / name
    if not path.exists():
        return None, None
    node = load_yaml(path, report, site_dir)
    if node is None:
        return None, None
    d = schema.check(node, report, name)
    return (None, None) if d is INVALID else (d, node)


def load_guidance(site_dir: Path, report: Report) -> Guidance:
    pre, _ = _load(site_dir, "preregistration.yml", PREREGISTRATION_SCHEMA, report)
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
    fp, _ = _load(site_dir, "for-providers.yml", FOR_PROVIDERS_SCHEMA, report)
    return Guidance(pre, fp, flyers)


# who may take 事前登録 applications: the 基幹相談支援センター and every 相談支援事業所 (計画/障害児相談支援)
APPLY_ROLES = ("kikan",)
APPLY_SERVICES = ("keikaku-sodan", "shogaiji-sodan")


def apply_providers(providers) -> tuple:
    return tuple(p for p in providers if p.role in APPLY_ROLES or any(s in p.services for s in APPLY_SERVICES))
