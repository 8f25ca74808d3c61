"""Site search that works for Japanese: a build-time index of titles, names, readings (hiragana),
romaji, areas, services, roles and functions, matched by substring in the visitor's browser.

mkdocs' own search (lunr + TinySegmenter) finds nothing for compound queries such as 訪問介護 (it
segments the index but not the query) and drops 2-character queries; a substring match over a
normalised text has neither problem, and for a city's few hundred entries it is instant.
Normalisation (the same in theme/assets/search.js): NFKC, lower case, katakana → hiragana; romaji
with long vowels folded (soudan, sodan and soodan all become sodan).
"""

from __future__ import annotations

import json
import re
import unicodedata

from kyoten.japanese.readings import Reader, romaji, to_hiragana
from kyoten import urls
from kyoten.pages.spec import PageSpec
from kyoten.model.site import Site
from kyoten.model.vocab import FUNCTION_VOCAB, FUNCTIONS, ROLE_VOCAB, SERVICE_VOCAB, TARGET_VOCAB

INDEX = urls.SEARCH_INDEX
# the same data as a script: the search page loads it with <script src>, which (unlike fetch) also
# works when the site is opened from file://
INDEX_SCRIPT = urls.SEARCH_SCRIPT
_LONG = re.compile(r"([aiueo])\1+|ou")


def normalise(text: str) -> str:
    return to_hiragana(unicodedata.normalize("NFKC", text).lower())


def fold_romaji(text: str) -> str:
    """Long vowels folded so that Hepburn spellings meet: soudan / sōdan→sodan, chuuou→chuo."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _LONG.sub(lambda m: m.group(1) or "o", text.lower())


def _haystack(reader: Reader, *parts: str | None) -> str:
    text = " ".join(p for p in parts if p)
    reading = reader.reading(text)
    return " ".join((normalise(text), reading, fold_romaji(romaji(reading))))


def build_index(site: Site, pages: list[PageSpec], markdown_pages: list[tuple[str, str, str]]) -> str:
    """The index as compact JSON: docs = [title, url from the site root, subtitle, haystack].
    A name's romaji is made word by word (romaji() is cached: 法人名 and 種別 words repeat across a
    registry; the result is the same as for the whole reading)."""
    r = site.reader
    area = {a.id: a.name for a in site.config.areas}
    docs: list[list[str]] = []
    for f in FUNCTIONS:
        docs.append([f"{f.number}{f.label}", urls.function(f.id), "拠点の機能", _haystack(r, f.label, f.plain)])
    for a in site.config.areas:
        docs.append([f"{a.name}の事業所", urls.area(a.id), "地区", _haystack(r, a.name)])
    for title, url, text in markdown_pages:
        docs.append([title, url, "ページ", _haystack(r, title, text[:400])])
    for p in site.providers:
        sub = f"{ROLE_VOCAB.by_id[p.role].label}・{area[p.area]}"
        docs.append([p.name, urls.provider(p.id), sub, " ".join((
            normalise(p.name), p.reading, fold_romaji(" ".join(map(romaji, p.reading.split(" ")))),
            normalise(" ".join([area[p.area], ROLE_VOCAB.by_id[p.role].label, p.address or "", p.corporation or "",
                                *(SERVICE_VOCAB.by_id[s].label for s in p.services),
                                *(FUNCTION_VOCAB.by_id[f].label for f in p.functions),
                                *(TARGET_VOCAB.by_id[t].label for t in p.targets)])),
        ))])
    return json.dumps({"v": 1, "docs": docs}, ensure_ascii=False, separators=(",", ":")) + "\n"


def as_script(index_json: str) -> str:
    return "window.kyotenSearchIndex=" + index_json.rstrip("\n") + ";\n"
