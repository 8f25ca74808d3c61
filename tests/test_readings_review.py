"""Issue 15: readings in context, and every kanji compound of every built page proofread by a person.

kyoten/japanese/reviewed.tsv lists the (surface, reading) pairs someone checked in context; a page that gains
a compound nobody reviewed fails here. `python -m kyoten.japanese.review` writes the new ones for review."""

from __future__ import annotations

import re

from kyoten.japanese import review
from kyoten.japanese.furigana import Furigana
from kyoten.japanese.readings import Reader


def test_every_compound_on_every_page_of_every_site_was_reviewed(all_sites):
    found = review.pairs_in(all_sites.values())
    assert len(found) > 1000  # the demo and five examples carry over a thousand distinct compounds
    new = review.unreviewed(found, review.load_reviewed())
    assert not new, ("compounds nobody reviewed (run `python -m kyoten.japanese.review`, check each in context, "
                     "move the right ones to kyoten/japanese/reviewed.tsv, fix the wrong ones in readings.py):\n"
                     + "\n".join(f"{s}\t{r}\t{c}" for (s, r), c in new.items()))


def test_the_review_list_is_well_formed():
    lines = [ln for ln in review.REVIEWED.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    pairs = [tuple(ln.split("\t")[:2]) for ln in lines]
    assert len(pairs) == len(set(pairs)) > 1000
    assert all(re.fullmatch("[ぁ-ゖー]+", r) for _, r in pairs), [p for p in pairs if not re.fullmatch("[ぁ-ゖー]+", p[1])]


def test_a_new_compound_is_reported_with_its_context(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<p>新しい" + Furigana(Reader()).text("珍妙な語") + "です</p>", encoding="utf-8")
    new = review.unreviewed(review.pairs_in([tmp_path]), review.load_reviewed())
    assert ("珍妙", "ちんみょう") in new and "［珍妙］" in new[("珍妙", "ちんみょう")]


# misread before issue 15 (床 とこ, か所 ところ, 表 おもて, その他 ほか, 方 ほう, 人 にん, 光 ひかり, 値 あたい …)
IN_CONTEXT = {
    "空床1床": "くうしょう1しょう", "床数": "しょうすう", "確保している床": "かくほしているしょう",
    "15か所": "15かしょ", "4ヵ所": "4かしょ", "グラフと表": "ぐらふとひょう", "下の表の": "したのひょうの", "表す": "あらわす",
    "その他": "そのた", "障害のある方": "しょうがいのあるかた", "高齢の方を含め": "こうれいのかたをふくめ", "この方法": "このほうほう",
    "障害のある人が": "しょうがいのあるひとが", "64人": "64にん", "事前登録者数（人）": "じぜんとうろくしゃすう(にん)",
    "3回のせん光": "3かいのせんこう", "しきい値": "しきいち", "113名": "113めい", "18歳未満": "18さいみまん",
    "その後の暮らし": "そのごのくらし", "各施設間の連携": "かくしせつかんのれんけい", "フォーカス時": "ふぉーかすじ",
    "障害福祉サービス等の指定": "しょうがいふくしさーびすとうのしてい", "収録済み": "しゅうろくずみ",
    "障がい者夜間": "しょうがいしゃやかん", "受入れを行っています": "うけいれをおこなっています",
    "報告日": "ほうこくび", "登録届出書": "とうろくとどけでしょ", "毎年度": "まいねんど", "ひとり暮らし": "ひとりぐらし",
    "6ヵ月間": "6かげつかん", "五十音順に並べています": "ごじゅうおんじゅんにならべています", "他分野": "たぶんや",
    "自立した日常生活": "じりつしたにちじょうせいかつ", "整備されるまでの間に限り": "せいびされるまでのあいだにかぎり",
}


def test_readings_in_context():
    r = Reader()
    wrong = {w: r.reading(w) for w, want in IN_CONTEXT.items() if r.reading(w) != want}
    assert wrong == {}


def test_irregular_counters_stay_bare_and_are_not_joined():
    f = Furigana(Reader())
    # 20日 はつか, 1人 ひとり: no ruby rather than a wrong にち/にん, and 日 is not joined into 日時点
    assert f.text("令和8年11月20日時点") .endswith("20日<ruby>時点<rt>じてん</ruby>")
    assert f.text("1人") == "1人" and f.text("2人で") == "2人で"
    assert f.text("12人") == "12<ruby>人<rt>にん</ruby>"


def test_the_furigana_flyer_has_no_gap_inside_a_sentence(root_site):
    """WeasyPrint sets ruby as an inline table as wide as its reading: 急 きゅう opened a gap (「急 に」). The print
    ruby overhangs instead; the text layer reads as the sentence."""
    import subprocess
    flyer = next(f for f in (root_site / "flyers").glob("*.pdf") if "furigana" in f.name)
    lines = subprocess.run(["pdftotext", str(flyer), "-"], capture_output=True, text=True, check=True).stdout.splitlines()
    body = [ln for ln in lines if re.search("[一-鿿]", ln)]  # the sentences (the readings are kana-only lines)
    assert "障害のある方とご家族の皆様へ" in body
    assert any("緊急のときは、短期入所などの受入れ先を探します。" in ln for ln in body), body
    assert not [ln for ln in body if "。" in ln and re.search("[一-鿿ぁ-ゖ] [一-鿿ぁ-ゖ]", ln)]  # (楓市 障害福祉課 has its own space)
    assert Furigana(Reader()).printed().text("急に") == '<ruby style="margin:0 -0.25em">急<rt>きゅう</ruby>に'
    assert Furigana(Reader()).text("急に") == "<ruby>急<rt>きゅう</ruby>に"
