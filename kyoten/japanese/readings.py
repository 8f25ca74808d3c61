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
    # found by proofreading pykakasi over every kanji compound of the five seed documents
    "科学研究費": "かがくけんきゅうひ",
    "児等": "じとう",
    "親亡き後": "おやなきあと",
    "ケ丘": "がおか",
    "ヶ丘": "がおか",
    "飯ヶ谷": "いいがや",
    "都島": "みやこじま",
    "平野区": "ひらのく",
    "二人暮らし": "ふたりぐらし",
    "位置付い": "いちづい",
    "未": "み",
    "報告書": "ほうこくしょ",
    "検索": "けんさく",
    "更新日": "こうしんび",
    "拠点等": "きょてんとう",
    "聞き取り票": "ききとりひょう",
    "空床": "くうしょう",
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
    # issue 15: words pykakasi misreads in the sites' own sentences
    "か所": "かしょ",
    "カ所": "かしょ",
    "ヵ所": "かしょ",
    "ヶ所": "かしょ",
    "床数": "しょうすう",
    "その他": "そのた",
    "せん光": "せんこう",
    "しきい値": "しきいち",
    "方書": "かたがき",  # 建物名等(方書), the open-data column
    "町字": "まちあざ",  # アドレス・ベース・レジストリの町字
    "4月版": "しがつばん",  # 対応度表記ガイドライン 2021年4月版
    "か月": "かげつ",
    "カ月": "かげつ",
    "ヵ月": "かげつ",
    "ヶ月": "かげつ",
    # found by proofreading every compound of every built page (kyoten/japanese/reviewed.tsv)
    "並べ": "ならべ",
    "他分野": "たぶんや",
    "届出書": "とどけでしょ",
    "報告日": "ほうこくび",
    "記入日": "きにゅうび",
    "開所日": "かいしょび",
    "した日": "したひ",
    "した日常": "したにちじょう",  # 自立した日常生活 (白井市's report), not した日 + 常生活
    "までの間": "までのあいだ",  # 整備されるまでの間に限り (白井市's report)
    "その後": "そのご",
    "整わ": "ととのわ",
    "毎年度": "まいねんど",
    "留ま": "とどま",
    "は空です": "はからです",
    "等して": "などして",
    "障がい者": "しょうがいしゃ",
    "障がい児": "しょうがいじ",
    "行って": "おこなって",  # 受入れを行っています: on these sites 行う is おこなう, never いく
    "行った": "おこなった",
    "ひとり暮らし": "ひとりぐらし",
    "1人暮らし": "ひとりぐらし",
    "１人暮らし": "ひとりぐらし",
}

# Readings that depend on the word before.
# After a number, a kanji is a counter (1床 いっしょう, 3人 さんにん, 113名 ひゃくじゅうさんめい); pykakasi reads
# the kanji alone as a word (とこ, ひと …). 日 and 人 after some numbers read irregularly (ついたち, ひとり):
# the furigana step leaves those without ruby rather than put a wrong reading over them.
COUNTER_READINGS: dict[str, str] = {
    "床": "しょう", "人": "にん", "名": "めい", "件": "けん", "回": "かい", "歳": "さい", "月": "がつ",
    "年": "ねん", "時": "じ", "区": "く", "室": "しつ", "階": "かい", "週": "しゅう", "校": "こう", "団体": "だんたい",
}
# A kanji standing alone as a word (not after a number or another kanji): what it means on these sites
# (障害のある人 ひと, 障害のある方 かた, グラフと表 ひょう, 確保している床 しょう); pykakasi's first reading is another.
ALONE_READINGS: dict[str, tuple[str, str]] = {  # kanji: (pykakasi's reading, the reading here)
    "人": ("にん", "ひと"), "方": ("ほう", "かた"), "表": ("おもて", "ひょう"), "床": ("とこ", "しょう"),
}
_DIGIT_END = re.compile(r"[0-9０-９]$")
_KATAKANA = re.compile(r"[ァ-ヺー]")
_AFTER_NUMBER = {**COUNTER_READINGS, "日": "にち", "分": "ふん"}
_KANA_KANJI_KANA = re.compile(r"^([ぁ-ゖ]*)(.)([ぁ-ゖ]*)$")

# Spans of text that read as several words (week-day ranges in opening hours).
MULTI_READINGS: dict[str, tuple[tuple[str, str], ...]] = {
    f"{a}{sep}{b}": ((a, ra), (sep, sep), (b, rb))
    for a, ra in (("月", "げつ"), ("火", "か"), ("水", "すい"), ("木", "もく"), ("金", "きん"), ("土", "ど"), ("日", "にち"))
    for b, rb in (("月", "げつ"), ("火", "か"), ("水", "すい"), ("木", "もく"), ("金", "きん"), ("土", "ど"), ("日", "にち"))
    for sep in ("〜", "～", "・")
    if a != b
}

_KAKASI = None
_HIRA_SMALL = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_VOICED = str.maketrans(
    "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔ",
    "かきくけこさしすせそたちつてとはひふへほはひふへほう",
)
VOWEL_OF: dict[str, str] = {}  # kana → the vowel of its column (ー after it lengthens that vowel)
for _vowel, _row in zip("あいうえお", ("あかさたなはまやらわがざだばぱぁゃゎ", "いきしちにひみりぎじぢびぴぃ",
                                        "うくすつぬふむゆるぐずづぶぷぅっゅゔ", "えけせてねへめれげぜでべぺぇ",
                                        "おこそとのほもよろをごぞどぼぽぉょ")):
    for _ch in _row:
        VOWEL_OF[_ch] = _vowel

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


# Suffix kanji that pykakasi reads as free-standing words (者 もの, 等 など, 時 とき …): after another kanji
# word, administrative and welfare Japanese reads them as the bound suffix (障害者 しょうがいしゃ, 拠点等
# きょてんとう, 閉所時 へいしょじ, 体験型 たいけんがた, 事業所数 じぎょうしょすう, 入所中 にゅうしょちゅう).
SUFFIX_READINGS: dict[str, tuple[str, str]] = {
    "者": ("もの", "しゃ"),
    "等": ("など", "とう"),
    "時": ("とき", "じ"),
    "型": ("かた", "がた"),
    "数": ("かず", "すう"),
    "中": ("なか", "ちゅう"),
    "費": ("ついえ", "ひ"),
    "上": ("うえ", "じょう"),
    "外": ("そと", "がい"),
    "間": ("ま", "かん"),
    "後": ("のち", "ご"),  # 報酬改定後 ほうしゅうかいていご
    "済": ("す", "ずみ"),  # 把握済 はあくずみ
    "済み": ("すみ", "ずみ"),  # 収録済み しゅうろくずみ
}
_OKURI = re.compile(r"^(.)([ぁ-ゖ]+)$")
# every character of a word the rules below look for: a segment without any of them is left as it is
_RULE_CHAR = re.compile("[" + re.escape("".join(sorted({c for table in (SUFFIX_READINGS, COUNTER_READINGS, _AFTER_NUMBER,
                                                                          ALONE_READINGS) for key in table for c in key}))) + "]")
KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]")


def _apply_suffix_rules(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    todo = list(reversed(segments))  # a stack: a split word puts its parts back in front
    while todo:
        surface, reading = todo.pop()
        if not _RULE_CHAR.search(surface):  # no rule below can apply (most words): as pykakasi read it
            out.append((surface, reading.replace("ゖ", "が")))
            continue
        before = out[-1][0][-1:] if out else ""
        # pykakasi often returns the kanji with the kana after it (間の まの, 等の などの): the rules read the kanji
        word, okuri = surface, ""
        if surface not in SUFFIX_READINGS and (m := _OKURI.match(surface)) and reading.endswith(m.group(2)):
            word, okuri = m.group(1), m.group(2)
        rule = SUFFIX_READINGS.get(word)
        # after a kanji word, or a katakana one (サービス等 とう, フォーカス時 じ)
        if rule and reading == rule[0] + okuri and (KANJI.search(before) or _KATAKANA.match(before)):
            reading = rule[1] + okuri
        elif surface in COUNTER_READINGS and (_DIGIT_END.search(before)
                                              or (before and before in "（(" and todo and todo[-1][0][:1] in ("）", ")"))):
            # after a number, or a unit in brackets (事前登録者数（人） にん)
            reading = COUNTER_READINGS[surface]
        elif len(surface) > 1 and surface[0] in _AFTER_NUMBER and _DIGIT_END.search(before) and KANJI.match(surface[1:]):
            # pykakasi took the counter into a word (20日時点 → 日時 にちじ + 点): the counter stands alone
            todo.extend(reversed(_pykakasi_segments(surface[1:])))
            out.append((surface[0], _AFTER_NUMBER[surface[0]]))
            continue
        elif (alone := _KANA_KANJI_KANA.match(surface)) and alone.group(2) in ALONE_READINGS \
                and reading == alone.group(1) + ALONE_READINGS[alone.group(2)][0] + alone.group(3) \
                and (alone.group(1) or not (KANJI.search(before) or _DIGIT_END.search(before))):
            # a word alone, with the particles pykakasi kept with it (の方 のほう → のかた, 方を ほうを → かたを);
            # only where pykakasi gave the word's own reading (表す あらわす stays)
            reading = alone.group(1) + ALONE_READINGS[alone.group(2)][1] + alone.group(3)
        out.append((surface, reading.replace("ゖ", "が")))  # ヶ in names reads が (西ヶ原 にしがはら)
    return out


def _kakasi():
    global _KAKASI
    if _KAKASI is None:
        _KAKASI = pykakasi.kakasi()
    return _KAKASI


_TO_KATAKANA = {c: c + 0x60 for c in range(ord("ぁ"), ord("ゖ") + 1)}
_TO_HIRAGANA = {c: c - 0x60 for c in range(ord("ァ"), ord("ヶ") + 1)}


def to_katakana(hiragana: str) -> str:
    """The reverse of to_hiragana, for the standard dataset's フリガナ columns."""
    return hiragana.translate(_TO_KATAKANA)


def to_hiragana(text: str) -> str:
    """Katakana to hiragana (ヴ → ゔ); other characters unchanged."""
    return text.translate(_TO_HIRAGANA)


class Reader:
    """Readings with a dictionary: the built-in one plus a site's own (content/readings.yml)."""

    def __init__(self, extra: dict[str, str] | None = None):
        self.words = {**BUILTIN_READINGS, **{k: "".join(r for _, r in v) for k, v in MULTI_READINGS.items()},
                      **(extra or {})}
        self._compile()

    def _compile(self) -> None:
        ordered = sorted(self.words, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        self._cache: dict[str, str] = {}

    def add_defaults(self, words: dict[str, str]) -> None:
        """Readings the site's data states (the city's and its areas' name_kana); the dictionaries win."""
        new = {w: to_hiragana(r) for w, r in words.items() if w and r and KANJI.search(w) and w not in self.words}
        if new:
            self.words.update(new)
            self._compile()

    def segments(self, text: str) -> list[tuple[str, str]]:
        """(surface, hiragana reading) pairs: dictionary words first, pykakasi for the rest."""
        out: list[tuple[str, str]] = []
        pos = 0
        for m in self._pattern.finditer(text) if self._pattern else ():
            if m.start() > pos:
                out.extend(_pykakasi_segments(text[pos:m.start()]))
            multi = MULTI_READINGS.get(m.group())
            if multi and self.words[m.group()] == "".join(r for _, r in multi):
                out.extend(multi)
            else:
                out.append((m.group(), self.words[m.group()]))
            pos = m.end()
        if pos < len(text):
            out.extend(_pykakasi_segments(text[pos:]))
        return _apply_suffix_rules(out)

    def reading(self, text: str) -> str:
        """The hiragana reading of `text` (kana kept, kanji read, other characters kept)."""
        cached = self._cache.get(text)
        if cached is None:
            cached = "".join(r for _, r in self.segments(unicodedata.normalize("NFKC", text)))
            self._cache[text] = cached
        return cached


_NEEDS_KAKASI = re.compile(r"([\u3040-\u309f\u3400-\u9fff\uf900-\ufaff々〆ヶ]+)")


def _pykakasi_segments(text: str) -> list[tuple[str, str]]:
    """Only runs of kanji and hiragana go to pykakasi (katakana, digits, latin and punctuation read as
    they are): the runs repeat across a registry (楓市本町 / 丁目 / 番 / 号), so the cache hits."""
    out: list[tuple[str, str]] = []
    for i, part in enumerate(_NEEDS_KAKASI.split(text)):
        if not part:
            continue
        if i % 2:
            out.extend(_kakasi_run(part))
        else:
            out.append((part, to_hiragana(part)))
    return out


@lru_cache(maxsize=131072)
def _kakasi_run(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((item["orig"], to_hiragana(item["hira"])) for item in _kakasi().convert(text))


def _expand_long_vowels(reading: str) -> str:
    out = []
    for ch in reading:
        if ch == "ー" and out:
            ch = VOWEL_OF.get(out[-1], ch)
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=262144)
def sort_key(reading: str) -> tuple[str, str]:
    """五十音順 key: 清音 first (が sorts with か, just after it), small kana as large, ー as the vowel it lengthens."""
    r = _expand_long_vowels(to_hiragana(unicodedata.normalize("NFKC", reading)))
    kana_only = "".join(c for c in r if "ぁ" <= c <= "ゖ" or c.isalnum())
    primary = kana_only.translate(_HIRA_SMALL).translate(_VOICED)
    # kana before latin letters and digits: prefix the non-kana-initial keys
    if not primary or not ("ぁ" <= primary[0] <= "ゖ"):
        primary = "\uffff" + primary.lower()
    return primary, kana_only


@lru_cache(maxsize=262144)
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


@lru_cache(maxsize=65536)
def romaji(reading: str) -> str:
    """Hepburn romaji of a hiragana reading, lower case, no separators."""
    return "".join(item["hepburn"] for item in _kakasi().convert(reading)).lower()
