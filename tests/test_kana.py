"""Readings and 五十音 order."""

from __future__ import annotations

from generator.kana import Reader, row_of, slug, sort_key


def test_dictionary_overrides_pykakasi():
    r = Reader()
    assert r.reading("中央基幹相談支援センター") == "ちゅうおうきかんそうだんしえんせんたー"
    assert r.reading("短期入所") == "たんきにゅうしょ"
    assert r.reading("楓市") == "かえでし"


def test_site_dictionary_wins():
    assert Reader({"楓市": "もみじし"}).reading("楓市役所") .startswith("もみじし")


def test_voiced_kana_sort_right_after_their_plain_kana():
    words = ["がっこう", "かっこう", "かき", "きく", "ばら", "はな", "ぱん"]
    assert sorted(words, key=sort_key) == ["かき", "かっこう", "がっこう", "きく", "はな", "ばら", "ぱん"]


def test_long_vowel_mark_sorts_as_the_vowel_it_lengthens():
    # ケース reads けえす: before けさ (え < さ); taken as the code point ー it would sort after every kana
    words = ["けさ", "ケース", "けいと"]
    assert sorted(words, key=sort_key) == ["けいと", "ケース", "けさ"]


def test_katakana_and_hiragana_sort_together_and_latin_last():
    words = ["Link", "あおぞら", "ショートステイ", "さくら"]
    assert sorted(words, key=sort_key) == ["あおぞら", "さくら", "ショートステイ", "Link"]


def test_rows():
    assert [row_of(w) for w in ("あい", "がっこう", "じむ", "ぱん", "を", "ん", "Link", "ゔぃら")] == \
        ["a", "ka", "sa", "ha", "wa", "wa", "other", "a"]


def test_slugs_are_ascii_lowercase_and_stable():
    s = slug("ショートステイかえで")
    assert s == slug("ショートステイかえで")
    assert s.isascii() and s == s.lower() and " " not in s
