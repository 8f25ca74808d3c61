"""Guidance content in content/: preregistration.yml (事前登録のご案内 and the blank 聞き取り票),
for-providers.yml (拠点等登録事業所になるには) and flyers.yml (A4 flyers). Validated with the schema kinds;
the values stay plain dicts/tuples (the templates read them), nothing here knows about HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .schema import INVALID, Bool, Field, ListOf, Number, Obj, Slug, Text
from .source import Report, load_yaml

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


@dataclass(frozen=True)
class Guidance:
    preregistration: dict[str, Any] | None = None
    for_providers: dict[str, Any] | None = None
    flyers: tuple[dict[str, Any], ...] = ()


def _load(site_dir: Path, name: str, schema: Obj, report: Report) -> Any:
    path = site_dir / CONTENT_DIR / name
    if not path.exists():
        return None
    node = load_yaml(path, report, site_dir)
    if node is None:
        return None
    d = schema.check(node, report, name)
    return None if d is INVALID else d


def load_guidance(site_dir: Path, report: Report) -> Guidance:
    pre = _load(site_dir, "preregistration.yml", PREREGISTRATION_SCHEMA, report)
    return Guidance(pre)


# who may take 事前登録 applications: the 基幹相談支援センター and every 相談支援事業所 (計画/障害児相談支援)
APPLY_ROLES = ("kikan",)
APPLY_SERVICES = ("keikaku-sodan", "shogaiji-sodan")


def apply_providers(providers) -> tuple:
    return tuple(p for p in providers if p.role in APPLY_ROLES or any(s in p.services for s in APPLY_SERVICES))
