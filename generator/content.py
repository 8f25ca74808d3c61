"""The data pages in content/: functions.yml (the city's 取組 per function) and readings.yml
(the site's reading dictionary). Later data pages (reports, preregistration, flyers) live here too."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .schema import INVALID, Choice, Field, ListOf, Obj, Text
from .source import Report, load_yaml
from .vocab import FUNCTION_VOCAB, FUNCTIONS

CONTENT_DIR = "content"

FUNCTIONS_SCHEMA = Obj({
    "policy": Field(Text(2000, multiline=True), doc="整備方針（面的整備・多機能拠点整備など）"),
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


def load_functions(site_dir: Path, report: Report) -> Functions:
    path = site_dir / CONTENT_DIR / "functions.yml"
    empty = {f.id: CityFunction(f.id, None, (), ()) for f in FUNCTIONS}
    if not path.exists():
        return Functions(None, empty)
    node = load_yaml(path, report, site_dir)
    if node is None:
        return Functions(None, empty)
    d = FUNCTIONS_SCHEMA.check(node, report, "functions.yml")
    if d is INVALID:
        return Functions(None, empty)
    by_id = dict(empty)
    fnodes = node.get("functions")
    for f, fnode in zip(d["functions"], fnodes.value if fnodes else []):
        if by_id[f["function"]] is not empty[f["function"]]:
            report.error(fnode.at("function"), "function", "同じ機能が2回書かれています", "each function once")
            continue
        by_id[f["function"]] = CityFunction(f["function"], f.get("summary"), f.get("implementers", ()),
                                            f.get("activities", ()))
    return Functions(d.get("policy"), by_id)


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
