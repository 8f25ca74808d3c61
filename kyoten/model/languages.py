"""content/languages/<slug>.yml: the essentials in another language or in やさしい日本語 (issue 18).

One file per language; its name is the page's folder (easy.yml → easy/index.html). Each holds the text
of the three essentials (what the site is: the top page's first screen; who to call, and when: the
emergency box; the 事前登録 in short) and the theme's fixed strings for that page (headings, link
labels). Phone numbers and names are not retyped: they come from site_config.yml and providers.yaml;
a contact's name, hours and note may be given in the language, keyed by its phone number.

やさしい日本語 has no BCP 47 subtag of its own: its file says `lang: ja` and its `name` is the visible
label (「やさしい にほんご」).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyoten import urls
from kyoten.model.config import SiteConfig
from kyoten.model.schema import INVALID, Bool, Field, Kind, ListOf, Obj, Phone, Slug, Text, load_checked
from kyoten.model.source import Loc, Node, Report

FOLDER = "content/languages"


class LangTag(Kind):
    """A BCP 47 language tag as `lang` takes it: en, zh-Hans, pt-BR, vi (ja for やさしい日本語)."""

    pattern = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Z]{2}|\d{3}))?$")
    example = "en"

    def check(self, node: Node, report: Report, key: str) -> Any:
        value = Text(20).check(node, report, key)
        if value is INVALID:
            return INVALID
        if not self.pattern.match(value):
            report.error(node, key, f"{key}「{value}」は言語タグ（BCP 47）の形ではありません。英語は en、"
                         "やさしい日本語は ja、中国語（簡体字）は zh-Hans と書きます", "a BCP 47 tag, e.g. en, ja, zh-Hans, pt-BR")
            return INVALID
        return value

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": self.pattern.pattern}


_LINES = Text(1500, multiline=True)

# the theme's fixed strings on a language page, in that language
STRINGS = Obj({
    "about": Field(Text(80, example="What this service is"), True, "地域生活支援拠点等の説明の見出し"),
    "emergency": Field(Text(80, example="When you need help, or in an emergency"), True, "緊急時の連絡先の見出し"),
    "weekday": Field(Text(80, example="Weekdays (daytime)"), True, "平日の連絡先の見出し"),
    "after_hours": Field(Text(80, example="Nights, weekends and holidays"), True, "夜間・休日の連絡先の見出し"),
    "phone": Field(Text(20, example="Phone"), True, "電話番号の前に読み上げる語（「電話」）"),
    "fax": Field(Text(20, example="Fax"), True, "FAX番号の前に出す語"),
    "japanese": Field(Text(80, example="Full information (in Japanese)"), True, "日本語のトップページへのリンクの文言"),
    "preregistration": Field(Text(80, example="Registering in advance"), doc="事前登録のあらましの見出し（preregistration を書くとき必須）"),
    "steps": Field(Text(80, example="How to register"), doc="申し込みの流れの見出し（preregistration の steps を書くとき必須）"),
    "apply": Field(Text(80, example="Where to apply"), doc="申し込み先の見出し（preregistration を書くとき必須）"),
    "japanese_preregistration": Field(Text(80), doc="日本語の事前登録のご案内へのリンクの文言（preregistration を書くとき必須）"),
    "sample": Field(Text(300), doc="見本のサイトであることの説明（site.sample_data が true のとき必須）"),
}, "strings")

SCHEMA = Obj({
    "lang": Field(LangTag(), True, "本文の言語タグ（BCP 47）。英語は en、やさしい日本語は ja"),
    "name": Field(Text(40, example="English"), True, "その言語での言語の名前。すべてのページのヘッダーのリンクになります（例: English、やさしい にほんご）"),
    "title": Field(Text(120), True, "ページの題名（その言語で）"),
    "furigana": Field(Bool(), doc="true のとき、このページの漢字にはじめからふりがなを表示します（やさしい日本語）"),
    "note": Field(Text(400, multiline=True), True, "このページは要約で、くわしい情報は日本語のページにあること（その言語で）"),
    "about": Field(_LINES, True, "トップページの最初の画面：このサイトと地域生活支援拠点等の説明（1行が1段落）"),
    "emergency": Field(_LINES, True, "緊急時の連絡先：だれに、いつ電話するか（1行が1段落）。電話番号は site_config.yml から出ます"),
    "contacts": Field(ListOf(Obj({
        "phone": Field(Phone(), True, "site_config.yml の contacts の電話番号（どの連絡先の訳かを示します）"),
        "name": Field(Text(120), doc="連絡先の名前の訳（日本語の名前も並べて出ます）"),
        "hours": Field(Text(200), doc="受付時間の訳"),
        "note": Field(Text(300), doc="補足の訳"),
    }, "contacts")), doc="site_config.yml の連絡先の名前・受付時間・補足の訳（電話番号ごと）"),
    "preregistration": Field(Obj({
        "text": Field(_LINES, True, "事前登録とは何か（1行が1段落）"),
        "who": Field(ListOf(Text(200), min_items=1), doc="登録をおすすめする世帯"),
        "steps": Field(ListOf(Text(300), min_items=2), doc="申し込みの流れ（順番どおり）"),
        "apply": Field(Text(600, multiline=True), True, "どこに申し込むか。下に基幹相談支援センターの名前と電話番号が続きます"),
    }, "preregistration"), doc="事前登録のあらまし（content/preregistration.yml があるとき）"),
    "strings": Field(STRINGS, True, "テーマの決まった文言（見出し、リンク）の訳"),
}, "content/languages/*.yml")


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class ContactText:
    name: str | None = None
    hours: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Language:
    slug: str  # the file's name: the page is urls.language(slug)
    lang: str  # BCP 47, the `lang` of the page and of each of its blocks
    name: str  # the language's own name: the header's link
    furigana: bool  # the page shows its furigana from the start (やさしい日本語)
    title: str
    note: tuple[str, ...]  # a summary; the Japanese pages are the full information
    about: tuple[str, ...]  # the top page's first screen
    emergency: tuple[str, ...]  # who to call, and when
    contacts: dict[str, ContactText]  # by the digits of the phone number (site_config.yml's contacts)
    preregistration: dict[str, Any] | None  # text (paragraphs), who, steps, apply (paragraphs)
    strings: dict[str, str]
    source: str = field(default="")  # content/languages/<slug>.yml

    def contact(self, phone: str) -> ContactText | None:
        """The translated name, hours and note of a site_config.yml contact, if any."""
        return self.contacts.get(_digits(phone))

    @property
    def covers(self) -> tuple[str, ...]:
        """What this page translates, in Japanese (for the accessibility page)."""
        return ("このサイトと地域生活支援拠点等の説明（トップページの最初の画面）", "困ったとき・緊急のときの連絡先",
                *(("緊急時に備える事前登録のあらましと申し込み先",) if self.preregistration else ()))


def load_languages(site_dir: Path, config: SiteConfig | None, report: Report) -> tuple[Language, ...]:
    """Every content/languages/*.yml, checked; やさしい日本語 (lang ja) first, then by file name."""
    folder = site_dir / FOLDER
    if not folder.is_dir():
        return ()
    has_preregistration = (site_dir / "content" / "preregistration.yml").exists()
    out: list[Language] = []
    for path in sorted(folder.iterdir()):
        rel = f"{FOLDER}/{path.name}"
        if path.suffix == ".yaml":
            report.error(_top(rel), "languages", f"{rel} の拡張子は .yml にしてください", "content/languages/<slug>.yml")
            continue
        if path.suffix != ".yml" or not path.is_file():
            continue
        lang = _load_one(site_dir, path, rel, config, has_preregistration, report)
        if lang is not None:
            out.append(lang)
    seen: dict[tuple[str, str], str] = {}
    for lang in out:
        key = (lang.lang, lang.name)
        if key in seen:
            report.error(_top(lang.source), "name", f"「{lang.name}」（{lang.lang}）は {seen[key]} と同じです。"
                         "ヘッダーのリンクを区別できるよう、name を変えてください", "a distinct name per language")
        seen.setdefault(key, lang.source)
    return tuple(sorted(out, key=lambda x: (x.lang != "ja", x.slug)))


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def _top(rel: str) -> Loc:
    return Loc(rel, 1, 1)


def _load_one(site_dir: Path, path: Path, rel: str, config: SiteConfig | None, has_preregistration: bool,
              report: Report) -> Language | None:
    slug = path.stem
    if not Slug.pattern.match(slug) or slug in urls.TOP_FOLDERS:
        why = ("kyoten が使うフォルダ名です" if slug in urls.TOP_FOLDERS
               else "ファイル名はページのURLになるので、半角英小文字・数字・ハイフンにしてください")
        report.error(_top(rel), "languages", f"ファイル名「{path.name}」は使えません（{why}）。例: en.yml、easy.yml",
                     "a slug not used by kyoten: " + ", ".join(sorted(urls.TOP_FOLDERS)))
        return None
    d, node = load_checked(site_dir, path, rel, SCHEMA, report)
    if d is None:
        return None
    ok = True
    strings, snode = d["strings"], node.at("strings")
    if "preregistration" in d:
        if not has_preregistration:
            report.error(node.at("preregistration"), "preregistration",
                         "事前登録のご案内のページがありません（content/preregistration.yml を作るか、この項目を消してください）",
                         "content/preregistration.yml exists")
            ok = False
        steps = ("steps",) if "steps" in d["preregistration"] else ()
        wanted = ("preregistration", "apply", "japanese_preregistration", *steps)
        for key in wanted:
            if key not in strings:
                report.error(snode, key, f"preregistration を書いたときは strings に {key} も書いてください",
                             f"strings.{key} with preregistration")
                ok = False
    if config is not None and config.sample_data and "sample" not in strings:
        report.error(snode, "sample", "site.sample_data が true なので、strings に sample（見本のサイトであることの説明）を"
                     "この言語で書いてください", "strings.sample when sample_data is true")
        ok = False
    contacts: dict[str, ContactText] = {}
    phones = {_digits(c.phone) for c in config.contacts} if config is not None else set()
    cnode = node.get("contacts")
    for c, cn in zip(d.get("contacts", ()), cnode.value if cnode is not None and cnode.kind == "seq" else ()):
        key = _digits(c["phone"])
        if config is not None and key not in phones:
            report.error(cn.get("phone"), "phone", f"電話番号「{c['phone']}」は site_config.yml の contacts にありません",
                         "a phone number of site_config.yml's contacts")
            ok = False
        elif key in contacts:
            report.error(cn.get("phone"), "phone", f"電話番号「{c['phone']}」の訳が2回書かれています", "each phone number once")
            ok = False
        contacts[key] = ContactText(c.get("name"), c.get("hours"), c.get("note"))
    if config is not None:
        for c in config.contacts:
            t = contacts.get(_digits(c.phone), ContactText())
            missing = [k for k in ("hours", "note") if getattr(c, k) and not getattr(t, k)]
            if missing:
                report.warn(cnode if cnode is not None else node, "languages",
                            f"連絡先「{c.name}」（{c.phone}）の{'・'.join(missing)}がこの言語に訳されていません。"
                            "日本語のまま表示します", f"contacts: phone {c.phone} with {', '.join(missing)}")
    if not ok:
        return None
    pre = d.get("preregistration")
    if pre is not None:
        pre = {"text": _paragraphs(pre["text"]), "who": pre.get("who", ()), "steps": pre.get("steps", ()),
               "apply": _paragraphs(pre["apply"])}
    return Language(slug, d["lang"], d["name"], d.get("furigana", False), d["title"], _paragraphs(d["note"]),
                    _paragraphs(d["about"]), _paragraphs(d["emergency"]), contacts, pre, strings, rel)
