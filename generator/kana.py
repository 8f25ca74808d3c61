"""Japanese readings (pykakasi behind a longest-match override dictionary), 五十音 sort keys and rows,
and romaji slugs. Everything is cached: a build asks for the same words many times.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pykakasi

# Words pykakasi reads wrongly, or that a reader of welfare documents reads one way. Longest match wins.
BUILTIN_READINGS: dict[str, str] = {
    "中央": "ちゅうおう",
    "基幹": "きかん",
    "基幹相談支援センター": "きかんそうだんしえんせんたー",
    "拠点": "きょてん",
    "障害": "しょうがい",
    "障がい": "しょうがい",
    "短期入所": "たんきにゅうしょ",
    "要介護": "ようかいご",
    "介護福祉士": "かいごふくしし",
    "多機能型": "たきのうがた",
    "B型": "びーがた",
    "A型": "えーがた",
    "保健所": "ほけんじょ",
    "当事業所": "とうじぎょうしょ",
    "事業所": "じぎょうしょ",
    "西ヶ原": "にしがはら",
    "白井": "しろい",
    "国分寺": "こくぶんじ",
    "常盤平": "ときわだいら",
    "小金": "こがね",
    "花見川": "はなみがわ",
    "稲毛": "いなげ",
    "美浜": "みはま",
    "楓": "かえで",
    "生活介護": "せいかつかいご",
    "日中": "にっちゅう",
    "相談": "そうだん",
    "地域": "ちいき",
    "法人": "ほうじん",
    "社会福祉法人": "しゃかいふくしほうじん",
    "NPO法人": "えぬぴーおーほうじん",
    "特定非営利活動法人": "とくていひえいりかつどうほうじん",
    "一般社団法人": "いっぱんしゃだんほうじん",
    "株式会社": "かぶしきがいしゃ",
    "合同会社": "ごうどうがいしゃ",
    "医療法人": "いりょうほうじん",
}

_KAKASI = None
_HIRA_SMALL = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_VOICED = str.maketrans(
    "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔ",
    "かきくけこさしすせそたちつてとはひふへほはひふへほう",
)
_VOWEL_OF = {}
for _vowel, _row in zip("あいうえお", ("あかさたなはまやらわがざだばぱぁゃゎ", "いきしちにひみりぎじぢびぴぃ",
                                        "うくすつぬふむゆるぐずづぶぷぅっゅゔ", "えけせてねへめれげぜでべぺぇ",
                                        "おこそとのほもよろをごぞどぼぽぉょ")):
    for _ch in _row:
        _VOWEL_OF[_ch] = _vowel

ROWS: tuple[tuple[str, str], ...] = (
    ("a", "あ"), ("ka", "か"), ("sa", "さ"), ("ta", "た"), ("na", "な"),
    ("ha", "は"), ("ma", "ま"), ("ya", "や"), ("ra", "ら"), ("wa", "わ"), ("other", "英数字・その他"),
)
_ROW_OF: dict[str, str] = {}
for _row_id, _chars in zip([r for r, _ in ROWS], (
        "あいうえお", "かきくけこ", "さしすせそ", "たちつてと", "なにぬねの", "はひふへほ", "まみむめも", "やゆよ",
        "らりるれろ", "わをん")):
    for _ch in _chars:
        _ROW_OF[_ch] = _row_id


def _kakasi():
    global _KAKASI
    if _KAKASI is None:
        _KAKASI = pykakasi.kakasi()
    return _KAKASI


def to_hiragana(text: str) -> str:
    """Katakana to hiragana (ヴ → ゔ); other characters unchanged."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


class Reader:
    """Readings with a dictionary: the built-in one plus a site's own (content/readings.yml)."""

    def __init__(self, extra: dict[str, str] | None = None):
        self.words = {**BUILTIN_READINGS, **(extra or {})}
        ordered = sorted(self.words, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        self._cache: dict[str, str] = {}

    def segments(self, text: str) -> list[tuple[str, str]]:
        """(surface, hiragana reading) pairs: dictionary words first, pykakasi for the rest."""
        out: list[tuple[str, str]] = []
        pos = 0
        for m in self._pattern.finditer(text) if self._pattern else ():
            if m.start() > pos:
                out.extend(_pykakasi_segments(text[pos:m.start()]))
            out.append((m.group(), self.words[m.group()]))
            pos = m.end()
        if pos < len(text):
            out.extend(_pykakasi_segments(text[pos:]))
        return out

    def reading(self, text: str) -> str:
        """The hiragana reading of `text` (kana kept, kanji read, other characters kept)."""
        cached = self._cache.get(text)
        if cached is None:
            cached = "".join(r for _, r in self.segments(unicodedata.normalize("NFKC", text)))
            self._cache[text] = cached
        return cached


@lru_cache(maxsize=65536)
def _pykakasi_segments(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((item["orig"], to_hiragana(item["hira"])) for item in _kakasi().convert(text))


def _expand_long_vowels(reading: str) -> str:
    out = []
    for ch in reading:
        if ch == "ー" and out:
            ch = _VOWEL_OF.get(out[-1], ch)
        out.append(ch)
    return "".join(out)


def sort_key(reading: str) -> tuple[str, str]:
    """五十音順 key: 清音 first (が sorts with か, just after it), small kana as large, ー as the vowel it lengthens."""
    r = _expand_long_vowels(to_hiragana(unicodedata.normalize("NFKC", reading)))
    kana_only = "".join(c for c in r if "ぁ" <= c <= "ゖ" or c.isalnum())
    primary = kana_only.translate(_HIRA_SMALL).translate(_VOICED)
    # kana before latin letters and digits: prefix the non-kana-initial keys
    if not primary or not ("ぁ" <= primary[0] <= "ゖ"):
        primary = "\uffff" + primary.lower()
    return primary, kana_only


def row_of(reading: str) -> str:
    """The 五十音 row id (a, ka, … wa, other) of a reading's first character."""
    key = sort_key(reading)[0]
    return _ROW_OF.get(key[:1], "other")


def slug(text: str, reader: Reader | None = None) -> str:
    """A stable ASCII slug (Hepburn romaji, lower case, hyphen-separated)."""
    words = [r for _, r in (reader or Reader()).segments(unicodedata.normalize("NFKC", text))]
    parts = ["".join(i["hepburn"] for i in _kakasi().convert(w)) for w in words]
    parts = [unicodedata.normalize("NFKD", p).encode("ascii", "ignore").decode().lower() for p in parts]
    s = re.sub(r"[^a-z0-9]+", "-", "-".join(parts)).strip("-")
    return re.sub(r"-{2,}", "-", s) or "x"
