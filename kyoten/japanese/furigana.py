"""Furigana: <ruby> made at build time around kanji in text, never in markup (readings from readings.py).

Hidden until the visitor presses 「ふりがなをつける」 (theme/assets/furigana.js); the choice is remembered.
"""

from __future__ import annotations

import re

from kyoten.japanese.readings import KANJI, Reader, to_hiragana

# inside these no ruby: not read as prose (code, scripts), not allowed (option, title), or already ruby
# (rt and rp only occur inside ruby)
NO_RUBY = frozenset({"script", "style", "code", "pre", "kbd", "samp", "title", "textarea", "option", "ruby",
                     "svg", "math", "head", "template"})
# what the ruby pass leaves as it is (a comment, a NO_RUBY element up to its
# end tag; a self-closing <svg/> has no content to skip), else a text run that holds a kanji: it starts
# right after a tag's ">" and ends before the next "<"
_K = "\u3400-\u9fff\uf900-\ufaff々〆ヶ"
# every branch starts with "<" or ">", so the regex engine skips ahead to those two characters; a skipped
# region leaves its last ">" unmatched, so that text right after it is found
_SCAN = re.compile(
    r"<!--.*?--(?=>)"
    r"|<(" + "|".join(sorted(NO_RUBY)) + r")\b[^>]*(?<!/)>.*?</\1\s*(?=>)"
    r"|>(?P<text>[^<" + _K + r"]*[" + _K + r"][^<]*)", re.S | re.I)
_KANA_RUN_END = re.compile(r"[ぁ-ゖァ-ヺー]+$")
_KANA_RUN_START = re.compile(r"^[ぁ-ゖァ-ヺー]+")


def _overhang(core: str, reading: str) -> str:
    """For print (WeasyPrint lays ruby out as an inline table, as wide as its reading): a reading wider than its
    word (急 きゅう: 1.5em over 1em) would open a gap inside the sentence; the word's box takes negative side
    margins instead, so the reading overhangs the kana beside it by at most one reading character (JIS X 4051)."""
    excess = len(reading) * 0.5 - len(core)  # the reading is set at half size
    if excess <= 0:
        return ""
    return f' style="margin:0 -{min(excess / 2, 0.5):g}em"'


def _ruby_word(surface: str, reading: str, for_print: bool = False) -> str:
    """`<ruby>` for one word; kana before and after the kanji stay outside (暮らし → <ruby>暮<rt>く</rt></ruby>らし)."""
    head = _KANA_RUN_START.match(surface)
    tail = _KANA_RUN_END.search(surface)
    pre = head.group() if head and reading.startswith(to_hiragana(head.group())) else ""
    post = tail.group() if tail and reading.endswith(to_hiragana(tail.group())) else ""
    core = surface[len(pre):len(surface) - len(post)]
    core_reading = reading[len(pre):len(reading) - len(post)]
    if not core_reading or not KANJI.search(core) or to_hiragana(core) == core_reading:
        return surface
    # </rt> is left out: its end tag is optional before </ruby> (HTML), and a page has hundreds of them
    attrs = _overhang(core, core_reading) if for_print else ""
    return f"{pre}<ruby{attrs}>{core}<rt>{core_reading}</ruby>{post}"


def _mark_irregular(segments: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """(surface, reading, bare): after a number, 日 reads ついたち, ふつか, はつか…, 分 ふん or ぷん, 人 after 1 and
    2 ひとり, ふたり: these stay bare (no ruby) rather than carry a wrong にち, ふん or にん."""
    out, prev = [], ""
    for surface, reading in segments:
        number = _NUMBER_END.search(prev)
        bare = bool(number) and (surface in ("日", "分") or (surface == "人" and number.group() in _ONE_TWO))
        out.append((surface, reading, bare))
        prev = surface
    return out


def _join_kanji_words(segments: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    """Adjacent all-kanji words become one ruby (楓+市 → 楓市 かえでし): half the markup, and fewer breaks
    in the accessible names that browsers compute from ruby. A bare word is never joined (20日時点 keeps 日 bare)."""
    out: list[tuple[str, str, bool]] = []
    for surface, reading, bare in segments:
        if out and not bare and not out[-1][2] and _ALLKANJI.match(surface) and _ALLKANJI.match(out[-1][0]):
            out[-1] = (out[-1][0] + surface, out[-1][1] + reading, False)
        else:
            out.append((surface, reading, bare))
    return out


_NUMBER_END = re.compile(r"[0-9０-９]+$")
_ONE_TWO = frozenset({"1", "2", "１", "２"})
_ALLKANJI = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff々〆ヶ]+$")


class Furigana:
    """Adds ruby to an HTML document's text; text nodes are cached (headers and menus repeat on every page)."""

    def __init__(self, reader: Reader, for_print: bool = False):
        self.reader = reader
        self.for_print = for_print
        self._cache: dict[str, str] = {}
        self._print: Furigana | None = None

    def printed(self) -> "Furigana":
        """The same readings laid out for a PDF (a reading wider than its word overhangs, see _overhang)."""
        if self._print is None:
            self._print = Furigana(self.reader, for_print=True)
        return self._print

    def text(self, text: str) -> str:
        out = self._cache.get(text)
        if out is None:
            if not KANJI.search(text):
                out = text
            else:
                parts = []
                for s, r, bare in _join_kanji_words(_mark_irregular(self.reader.segments(text))):
                    parts.append(s if bare else _ruby_word(s, r, self.for_print))
                out = "".join(parts)
            self._cache[text] = out
        return out

    DONE_START, DONE_END = "<!--ruby-->", "<!--/ruby-->"

    def done(self, html: str) -> str:
        """`html` with ruby added, marked so that the page-level pass skips it (a provider card appears in
        many listings: its ruby is made once)."""
        return f"{self.DONE_START}{self.html(html)}{self.DONE_END}"

    def html(self, html: str) -> str:
        """`html` with ruby around the kanji of its text. Regions already done are cut out with str.find
        (a listing page is mostly cards); the rest is one regex scan: comments and NO_RUBY elements are
        passed over whole, and of the text between tags only the runs holding a kanji call back into
        Python (most text of a page is markup or kana)."""
        if self.DONE_START not in html:
            return self._scan(html)
        out, pos = [], 0
        while (start := html.find(self.DONE_START, pos)) >= 0:
            end = html.find(self.DONE_END, start)
            if end < 0:
                break
            end += len(self.DONE_END)
            out += (self._scan(html[pos:start]), html[start:end])
            pos = end
        out.append(self._scan(html[pos:]))
        return "".join(out)

    def _scan(self, html: str) -> str:
        if html[:1] != "<":  # a fragment that starts with text
            lead = html.split("<", 1)[0]
            return self.text(lead) + _SCAN.sub(self._scanned, html[len(lead):])
        return _SCAN.sub(self._scanned, html)

    def _scanned(self, m: re.Match) -> str:
        text = m.group("text")
        return m.group() if text is None else ">" + self.text(text)
