"""Declarative field kinds: one definition per field serves the validator (errors in Japanese with
file:line) and the published JSON Schema for editors.

A kind's `check(node, report, key)` returns the typed value, or INVALID after reporting why.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pathlib import Path

from kyoten.model.source import Node, Report, load_yaml
from kyoten.model.vocab import Vocabulary


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


def load_checked(site_dir: Path, path: Path, key: str, schema: "Kind", report: Report) -> tuple[Any, Node | None]:
    """A YAML file of the site read and checked against `schema` (its problems reported, named `key`):
    (the checked value, its Node), or (None, None) when the file is absent, unreadable or invalid."""
    if not path.exists():
        return None, None
    node = load_yaml(path, report, site_dir)
    if node is None:
        return None, None
    d = schema.check(node, report, key)
    return (None, None) if d is INVALID else (d, node)

_TYPE_JA = {"map": "項目の集まり（key: value）", "seq": "リスト（- で始まる行）", "scalar": "値", "null": "空の値"}
# control characters, and the bidirectional overrides and isolates that can make a name or URL read
# differently from what it is (the "right-to-left override" trick); TAB and CR only in multi-line text
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\n\r\t\u2028\u2029]")


def _expect(node: Node, want: str, report: Report, key: str) -> bool:
    if node.kind == want:
        return True
    report.error(node, key, f"{key} には{_TYPE_JA[want]}を書いてください（{_TYPE_JA[node.kind]}になっています）",
                 f"expected {'mapping' if want == 'map' else 'list' if want == 'seq' else 'a value'}")
    return False


class Kind:
    example = ""

    def check(self, node: Node, report: Report, key: str) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def json_schema(self) -> dict:  # pragma: no cover - interface
        raise NotImplementedError


PLACEHOLDER = "★"  # what `kyoten init` writes where the city must fill in


class Text(Kind):
    def __init__(self, max_len: int = 200, multiline: bool = False, example: str = ""):
        self.max_len, self.multiline, self.example = max_len, multiline, example

    def check(self, node: Node, report: Report, key: str) -> Any:
        if not _expect(node, "scalar", report, key):
            return INVALID
        text = node.value.strip() if not self.multiline else node.value.strip("\n ")
        if not text:
            report.error(node, key, f"{key} が空です", "non-empty text")
            return INVALID
        if _CONTROL.search(text) or (not self.multiline and _LINE_BREAKS.search(text)):
            report.error(node, key, f"{key} に改行や制御文字は使えません", "one line of text")
            return INVALID
        if len(text) > self.max_len:
            report.error(node, key, f"{key} が長すぎます（{len(text)}文字）。{self.max_len}文字以内にしてください",
                         f"at most {self.max_len} characters")
            return INVALID
        if PLACEHOLDER in text:  # kyoten init marks what the city must write: never published as if it were real
            report.warn(node, "placeholder", f"{key} に「{PLACEHOLDER}」が残っています。市の内容に書き換えてください"
                        "（残っている間は build --strict と deploy が止まります）", f"fill in {key}")
        return text

    def json_schema(self) -> dict:
        return {"type": "string", "minLength": 1, "maxLength": self.max_len}


class Slug(Kind):
    pattern = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    example = "chuo"

    def check(self, node: Node, report: Report, key: str) -> Any:
        if not _expect(node, "scalar", report, key):
            return INVALID
        if not self.pattern.match(node.value) or len(node.value) > 80:
            report.error(node, key, f"{key}「{node.value}」は半角英小文字・数字・ハイフンで書いてください",
                         "e.g. midori-kikan-chuo")
            return INVALID
        return node.value

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": self.pattern.pattern, "maxLength": 80}


def _digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


class Number(Kind):
    def __init__(self, lo: float, hi: float, integer: bool = False, example: str = ""):
        self.lo, self.hi, self.integer, self.example = lo, hi, integer, example

    def check(self, node: Node, report: Report, key: str) -> Any:
        if not _expect(node, "scalar", report, key):
            return INVALID
        text = _digits(node.value).replace(",", "")
        if "_" in text:  # Python's int("1_0") is 10: a typo must not become a figure
            text = "not a number"
        try:
            value: float = int(text) if self.integer else float(text)
        except ValueError:
            report.error(node, key, f"{key}「{node.value}」は{'整数' if self.integer else '数値'}ではありません",
                         "an integer" if self.integer else "a number")
            return INVALID
        if not (self.lo <= value <= self.hi) or value != value:
            report.error(node, key, f"{key}「{node.value}」は{self.lo:g}から{self.hi:g}の範囲で書いてください",
                         f"between {self.lo:g} and {self.hi:g}")
            return INVALID
        return value

    def json_schema(self) -> dict:
        return {"type": "integer" if self.integer else "number", "minimum": self.lo, "maximum": self.hi}


class Bool(Kind):
    TRUE, FALSE = {"true", "yes", "はい"}, {"false", "no", "いいえ"}

    def check(self, node: Node, report: Report, key: str) -> Any:
        if not _expect(node, "scalar", report, key):
            return INVALID
        v = node.value.strip().lower()
        if v in self.TRUE:
            return True
        if v in self.FALSE:
            return False
        report.error(node, key, f"{key}「{node.value}」は true か false で書いてください", "true or false")
        return INVALID

    def json_schema(self) -> dict:
        return {"type": "boolean"}


class Date(Kind):
    pattern = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
    example = "2023-03-01"
    FIRST, LAST = 1950, 2100

    def check(self, node: Node, report: Report, key: str) -> Any:
        if not _expect(node, "scalar", report, key):
            return INVALID
        m = self.pattern.match(_digits(node.value).replace("/", "-"))
        if not m:
            report.error(node, key, f"{key}「{node.value}」は日付の形式ではありません", "YYYY-MM-DD, e.g. 2023-03-01")
            return INVALID
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            report.error(node, key, f"{key}「{node.value}」という日付は存在しません", "a real calendar date")
            return INVALID
        if not (self.FIRST <= day.year <= self.LAST):  # year 1 or 1900 would be shown as 昭和-1924年
            report.error(node, key, f"{key}「{node.value}」の年が{self.FIRST}年から{self.LAST}年の範囲にありません",
                         f"a year from {self.FIRST} to {self.LAST}")
            return INVALID
        return day

    def json_schema(self) -> dict:
        return {"type": "string", "format": "date"}


_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−ーｰ－"), "-")


def normalise_phone(text: str) -> str:
    return unicodedata.normalize("NFKC", text.translate(_DASHES)).strip().replace(" ", "")


class Phone(Kind):
    """Japanese phone numbers: 0 + 9 or 10 digits, groups joined by hyphens (or parentheses)."""

    example = "043-245-5111"

    def check(self, node: Node, report: Report, key: str) -> Any:
        if not _expect(node, "scalar", report, key):
            return INVALID
        text = normalise_phone(node.value)
        digits = re.sub(r"[()-]", "", text)
        ok = (
            re.fullmatch(r"[\d()-]+", text) is not None
            and digits.isdigit()
            and digits.startswith("0")
            and not digits.startswith("00")
            and (len(digits) == 10 or (len(digits) == 11 and digits[:3] in {"090", "080", "070", "050", "020"})
                 or (len(digits) == 11 and digits.startswith("0800")))
            and "--" not in text
            and not text.startswith("-")
            and not text.endswith("-")
        )
        if not ok:
            report.error(node, key, f"{key}「{node.value}」は電話番号の形式ではありません", "expected e.g. 043-245-5111")
            return INVALID
        if "-" not in text and "(" not in text:
            text = _hyphenate(digits)
        return text

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^[0０][0-9０-９()（）\-－‐ー ]{8,14}$"}


def _hyphenate(d: str) -> str:
    """Digits as Japanese numbers are written (03-3264-2111, 043-245-5111, 0476-91-1234): the area code's
    length comes from the numbering plan, which the phonenumbers library keeps up to date."""
    import phonenumbers

    try:
        text = phonenumbers.format_number(phonenumbers.parse(d, "JP"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        text = ""
    if re.sub(r"\D", "", text) == d and "-" in text:
        return text
    if len(d) == 11:  # what the plan does not know: mobile-like 3-4-4, free dial 4-3-3, else 3-3-4
        return f"{d[:3]}-{d[3:7]}-{d[7:]}"
    if d.startswith(("0120", "0570", "0800")):
        return f"{d[:4]}-{d[4:7]}-{d[7:]}"
    return f"{d[:3]}-{d[3:6]}-{d[6:]}"


def corporate_check_digit(base: str) -> int:
    """The check digit (the first of 13) of a 法人番号 from its 12-digit 基礎番号, by 国税庁's rule
    (法人番号の指定等に関する省令 第2条): 9 - (Σ Pn × Qn mod 9), Pn the n-th digit counted from the
    right, Qn = 1 for odd n and 2 for even n."""
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), start=1))
    return 9 - total % 9


class CorporateNumber(Kind):
    """法人番号: 13 digits, the first a check digit of the other 12."""

    example = '"7000012050002"'

    def check(self, node: Node, report: Report, key: str) -> Any:
        if not _expect(node, "scalar", report, key):
            return INVALID
        text = re.sub(r"[\s-]", "", _digits(node.value))
        if not re.fullmatch(r"\d{13}", text):
            report.error(node, key, f"{key}「{node.value}」は13桁の数字で書いてください（法人番号）",
                         'thirteen digits, quoted: "7000012050002"')
            return INVALID
        if int(text[0]) != corporate_check_digit(text[1:]):
            report.error(node, key, f"{key}「{node.value}」は法人番号として正しくありません（先頭の検査用数字が合いません）。"
                         "国税庁の法人番号公表サイトで確かめてください", "a corporate number with a valid check digit")
            return INVALID
        return text

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^[1-9][0-9]{12}$"}


class Url(Kind):
    example = "https://www.city.example.lg.jp/"

    def check(self, node: Node, report: Report, key: str) -> Any:
        if not _expect(node, "scalar", report, key):
            return INVALID
        text = node.value.strip()
        try:
            parts = urlsplit(text)
        except ValueError:  # an unclosed "[" of an IPv6 host, e.g. https://[x/
            parts = urlsplit("")
        if (parts.scheme not in ("http", "https") or not parts.netloc or any(c in text for c in ' <>"\'`\n')
                or _CONTROL.search(text) or _LINE_BREAKS.search(text)):
            report.error(node, key, f"{key}「{node.value}」は http:// または https:// で始まるURLではありません",
                         "an http(s) URL")
            return INVALID
        return text

    def json_schema(self) -> dict:
        return {"type": "string", "format": "uri", "pattern": "^https?://"}


class Choice(Kind):
    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab

    def check(self, node: Node, report: Report, key: str) -> Any:
        if not _expect(node, "scalar", report, key):
            return INVALID
        term = self.vocab.lookup(node.value)
        if term is None:
            close = difflib.get_close_matches(node.value, self.vocab.labels(), n=1, cutoff=0.6)
            tip = f"。「{close[0]}」のことですか" if close else ""
            report.error(node, key, f"{key}「{node.value}」は使える値ではありません{tip}",
                         "one of: " + ", ".join(self.vocab.labels()))
            return INVALID
        return term.id

    def json_schema(self) -> dict:
        names = sorted({k for t in self.vocab.terms for k in (t.label, *t.aliases)})
        return {"type": "string", "enum": names}


class ListOf(Kind):
    def __init__(self, item: Kind, min_items: int = 0, unique: bool = True):
        self.item, self.min_items, self.unique = item, min_items, unique

    def check(self, node: Node, report: Report, key: str) -> Any:
        if node.kind == "scalar" and isinstance(self.item, (Choice, Text)):
            node = Node("seq", [node], node.loc)  # `functions: 相談` means a list of one
        if not _expect(node, "seq", report, key):
            return INVALID
        out, ok = [], True
        for i, child in enumerate(node.value):
            v = self.item.check(child, report, f"{key}[{i + 1}]")
            if v is INVALID:
                ok = False
            elif self.unique and v in out:
                report.error(child, key, f"{key} に同じ値が2回書かれています", "each value once")
                ok = False
            else:
                out.append(v)
        if len(out) < self.min_items and ok:
            report.error(node, key, f"{key} には少なくとも{self.min_items}つ書いてください", f"at least {self.min_items}")
            return INVALID
        return tuple(out) if ok else INVALID

    def json_schema(self) -> dict:
        s: dict = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        if self.unique:
            s["uniqueItems"] = True
        if isinstance(self.item, (Choice, Text)) and self.min_items <= 1:
            return {"anyOf": [s, self.item.json_schema()]}  # check() takes one value as a list of one
        return s


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False
    doc: str = ""


@dataclass
class Obj(Kind):
    fields: dict[str, Field] = field(default_factory=dict)
    what: str = ""  # Japanese name of the thing, for messages

    def check(self, node: Node, report: Report, key: str) -> Any:
        out, ok = self.check_partial(node, report, key)
        return out if ok else INVALID

    def check_partial(self, node: Node, report: Report, key: str) -> tuple[dict[str, Any], bool]:
        """The valid fields, and whether all were valid: later checks can still look at the valid ones."""
        if not _expect(node, "map", report, key):
            return {}, False
        out: dict[str, Any] = {}
        ok = True
        for name, child in node.value.items():
            spec = self.fields.get(name)
            if spec is None:
                close = difflib.get_close_matches(name, list(self.fields), n=1, cutoff=0.6)
                tip = f"。「{close[0]}」の書き間違いではありませんか" if close else ""
                report.error(node.at(name), name, f"「{name}」という項目は{self.what or key}にはありません{tip}",
                             "known fields: " + ", ".join(self.fields))
                ok = False
                continue
            if child.kind == "null":
                if spec.required:
                    report.error(node.at(name), name, f"{name} が空です", "a value")
                    ok = False
                continue
            value = spec.kind.check(child, report, name)
            if value is INVALID:
                ok = False
            else:
                out[name] = value
        for name, spec in self.fields.items():
            if spec.required and name not in node.value:
                report.error(node, name, f"{self.what or key}に必須の項目 {name} がありません",
                             f"required field '{name}'" + (f", e.g. {spec.kind.example}" if spec.kind.example else ""))
                ok = False
        return out, ok

    def json_schema(self) -> dict:
        return {
            "type": "object",
            "additionalProperties": False,
            "required": [n for n, f in self.fields.items() if f.required],
            "properties": {
                n: {**f.kind.json_schema(), **({"description": f.doc} if f.doc else {})} for n, f in self.fields.items()
            },
        }
