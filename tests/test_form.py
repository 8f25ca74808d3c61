"""Issue 15: a usable blank 聞き取り票 — the rows a 短期入所 事業所 needs on the first night (受給者証番号, 障害者手帳,
主治医, 服薬, アレルギー), a consent block with signatures, the city's own items from YAML (checked with file:line),
and 「見本」 on the page and on every page of the PDF unless the city says the form is its official 様式."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_site, parse, text
from kyoten.model.guidance import CONSENT_RECIPIENTS, FORM_ROWS
from kyoten.model.site import load_site
from kyoten.model.source import DataError

FORM = "preregistration/form/index.html"
PDF = "preregistration/form/kikitori-hyo.pdf"


def _pdf_pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(p.split()) for p in out.split("\f") if p.strip()]


def _rows(doc) -> dict[str, str]:
    return {text(tr.xpath("./th")[0]): text(tr.xpath("./td")[0]) for tr in doc.xpath('//tr[@class="form-row"]')}


def test_the_form_has_the_rows_a_provider_needs_on_the_first_night(root_site: Path):
    doc = parse(root_site / FORM)
    rows = _rows(doc)
    assert list(rows) == ["受給者証番号", "障害者手帳（種類・等級）", "主治医（医療機関・電話）", "服薬", "アレルギー"]
    assert list(rows) == [r["title"] for r in FORM_ROWS]
    for kind in ("身体障害者手帳", "療育手帳", "精神障害者保健福祉手帳"):
        assert kind in rows["障害者手帳（種類・等級）"]
    assert "級" in rows["障害者手帳（種類・等級）"]
    assert "医療機関" in rows["主治医（医療機関・電話）"] and "電話" in rows["主治医（医療機関・電話）"]
    assert "□あり" in rows["アレルギー"].replace(" ", "") and "□なし" in rows["アレルギー"].replace(" ", "")
    # room to write: lines under every row that is not only a choice
    for tr in doc.xpath('//tr[@class="form-row"]'):
        title = text(tr.xpath("./th")[0])
        if title != "障害者手帳（種類・等級）":
            assert tr.xpath('.//div[@class="write-line"]'), title
    # a form for printing: nothing on the page can be filled in or sent
    assert not doc.xpath("//form|//input|//textarea|//select|//*[@contenteditable]")


def test_the_consent_block_names_recipients_purpose_withdrawal_and_two_signatures(root_site: Path):
    doc = parse(root_site / FORM)
    consent = doc.xpath('//section[@class="consent"]')
    assert len(consent) == 1
    c = consent[0]
    assert text(c.xpath("./h2")[0]) == "個人情報の提供に関する同意"
    assert c.get("aria-labelledby") == c.xpath("./h2")[0].get("id")
    terms = {text(dt): dd for dt, dd in zip(c.xpath(".//dl/div/dt"), c.xpath(".//dl/div/dd"))}
    assert list(terms) == ["目的", "提供先", "取り消し"]
    recipients = [text(li) for li in terms["提供先"].xpath(".//li")]
    # the demo names its city office too (its flow says 市が登録します)
    assert recipients == ["楓市（障害福祉課）", "楓市の基幹相談支援センター", CONSENT_RECIPIENTS[1]]
    assert "緊急時" in text(terms["目的"])
    assert "いつでも取り消す" in text(terms["取り消し"])
    sign = c.xpath('.//table[contains(@class, "write-in--sign")]')[0]
    assert [text(th) for th in sign.xpath("./thead//th")] == ["署名する人", "署名", "日付"]
    who = [text(th) for th in sign.xpath("./tbody//th[@scope='row']")]
    assert who[0] == "本人" and who[1].startswith("家族・代理人") and "続柄" in who[1]
    for tr in sign.xpath("./tbody/tr"):
        assert "年月日" in "".join(text(tr.xpath("./td")[1]).split())


def test_city_items_follow_the_standard_rows_with_their_choices(root_site: Path):
    doc = parse(root_site / FORM)
    site = load_site(ROOT)
    items = site.guidance.preregistration["form_items"]
    lis = doc.xpath('//ol[@class="write-items"]/li')
    assert [text(li.xpath("./h2")[0]) for li in lis] == [i["title"] for i in items]
    care = next(li for li in lis if text(li.xpath("./h2")[0]) == "医療的ケア")
    assert [text(x) for x in care.xpath('.//ul[@class="write-choices"]/li')] == ["□ あり", "□ なし"]
    assert len(care.xpath('.//div[@class="write-line"]')) == 2
    # the order on paper: basic information, the standard rows, the city's items, the consent to sign last
    order = [e.tag + ("." + e.get("class", "")) for e in doc.xpath('//div[contains(@class, "paper-form")]/*')]
    assert order.index("table.write-in write-in--rows") < order.index("ol.write-items") < order.index("section.consent")


def test_the_guidance_page_says_which_items_are_the_citys_and_which_the_sample_adds(all_sites):
    doc = parse(all_sites["matsudo"] / "preregistration/index.html")
    # 松戸市's document lists seven items; the site's sample form adds its rows, said as the site's
    assert [text(li.xpath("./strong")[0]) for li in doc.xpath('//ol[@class="form-items"]/li')] == [
        "障害程度", "医療について", "福祉サービス利用状況", "日常生活状況（支援の程度）", "緊急連絡先・代理人", "家族状況", "関係機関"]
    rows = text(doc.xpath('//p[@class="form-rows"]')[0])
    assert rows.startswith("このサイトの見本の聞き取り票には") and "受給者証番号" in rows and "同意" in rows


def test_every_sample_form_is_marked_on_the_page(all_sites):
    for name, out in all_sites.items():
        doc = parse(out / FORM) if (out / FORM).exists() else None
        if doc is None:
            continue
        stamp = doc.xpath('//p[@class="sample-stamp"]')
        assert len(stamp) == 1 and text(stamp[0]).startswith("見本"), name
        note = doc.xpath('//p[@class="sample-note"]')
        assert note and "正式な様式ではありません" in text(note[0]), name
        # before the form, where a reader starts
        assert doc.xpath('//p[@class="sample-note"]/following::div[contains(@class, "paper-form")]'), name


def _stamps(pdf: Path) -> list[list[tuple[float, float]]]:
    """Per page, the (height, bottom) in pt of each 「見本」 set apart as a word (Chromium splits letter-spaced
    words into one word per letter: 見 then 本 on the same line count as one)."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in bbox.split("<page ")[1:]:
        words = [(float(m[1]), float(m[2]), float(m[3]), float(m[4]), m[5]) for m in
                 re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)]
        found = [(y1 - y0, y1) for x0, y0, x1, y1, w in words if w == "見本"]
        found += [(y1 - y0, y1) for (x0, y0, x1, y1, w), (_, b0, _, b1, v) in zip(words, words[1:])
                  if w == "見" and v == "本" and (b0, b1) == (y0, y1)]
        pages.append(found)
    return pages


def test_the_pdf_says_sample_large_on_every_page(root_site: Path):
    pdf = root_site / PDF
    pages = _pdf_pages(pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    n = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert n >= 2 and len(pages) == n and "A4" in info
    for i, p in enumerate(pages, 1):
        assert "見本" in p and "この聞き取り票は見本です。楓市の正式な様式ではありません。" in p, i
    words = "".join(pages)
    for row in ("受給者証番号", "障害者手帳（種類・等級）", "主治医（医療機関・電話）", "服薬", "アレルギー",
                "個人情報の提供に関する同意", "署名する人", "続柄"):
        assert row in words, row
    # large (at least 24pt high; the body text is 11pt) and in the top margin (above 30 mm), on every page
    stamps = _stamps(pdf)
    assert len(stamps) == n
    for i, found in enumerate(stamps, 1):
        assert any(h >= 24 and bottom <= 85 for h, bottom in found), (i, found)


def test_printing_the_page_in_the_browser_also_says_sample_on_every_page(page, root_url, tmp_path: Path):
    """The browser's 印刷 of the form page (Chromium) carries the same stamp as the PDF."""
    page.goto(root_url + FORM)
    out = tmp_path / "printed.pdf"
    page.pdf(path=str(out), prefer_css_page_size=True)
    stamps = _stamps(out)
    assert len(stamps) >= 2
    for i, found in enumerate(stamps, 1):
        assert any(h >= 24 and bottom <= 85 for h, bottom in found), (i, found)
    assert all("楓市の正式な様式ではありません" in p for p in _pdf_pages(out))


@pytest.fixture(scope="module")
def official(tmp_path_factory) -> Path:
    """The demo with form_official: true — the city's own 様式: no 見本 anywhere."""
    base = tmp_path_factory.mktemp("official")
    site = copy_site(ROOT, base / "s")
    y = site / "content/preregistration.yml"
    y.write_text(y.read_text(encoding="utf-8").replace("form_items:\n", "form_official: true\nform_items:\n", 1), encoding="utf-8")
    assert build(site, base / "out", pdf=True) == 0
    return base / "out"


def test_an_official_form_has_no_sample_mark(official: Path):
    doc = parse(official / FORM)
    assert not doc.xpath('//*[@class="sample-stamp" or @class="sample-note"]')
    assert "見本" not in text(doc.xpath("//main")[0])
    assert not any("見本" in p for p in _pdf_pages(official / PDF))


def _errors(site: Path) -> list[str]:
    with pytest.raises(DataError) as e:
        load_site(site)
    return [str(d) for d in e.value.diagnostics]


@pytest.mark.parametrize("items, where, key", [
    ("  - title: 服薬\n", ":12:", "title"),  # a row every form already has
    ("  - title: 趣味\n  - title: 趣味\n", ":13:", "form_items"),  # twice
    ("  - title: 通院\n    lines: 0\n", ":13:", "lines"),  # nowhere to write
    ("  - title: 通院\n    choices: [" + "長" * 31 + "]\n", ":13:", "choices"),  # a choice fits a line
    ("  - title: 通院\n    choices: [有, 有]\n", ":13:", "choices"),
    ("  - title: 通院\n    lines: 13\n", ":13:", "lines"),
])
def test_a_bad_city_item_is_refused_with_its_line(tmp_path: Path, items: str, where: str, key: str):
    site = copy_site(ROOT, tmp_path / "s")
    y = site / "content/preregistration.yml"
    head = ("lead: 説明\nwho:\n  - 世帯\nbenefits:\n  - よいこと\nflows:\n  - title: 流れ\n    steps:\n"
            "      - {title: 相談, text: 相談します}\n      - {title: 登録, text: 登録します}\nform_items:\n")
    y.write_text(head + items, encoding="utf-8")
    msgs = _errors(site)
    assert len(msgs) == 1, msgs
    assert msgs[0].startswith("content/preregistration.yml" + where) and f"({key}" in msgs[0] and "エラー" in msgs[0], msgs


def test_consent_recipients_are_checked_like_any_list(tmp_path: Path):
    site = copy_site(ROOT, tmp_path / "s")
    y = site / "content/preregistration.yml"
    y.write_text(y.read_text(encoding="utf-8").replace("consent_recipients:\n", "consent_recipients: []\nx_recipients:\n", 1),
                 encoding="utf-8")
    msgs = _errors(site)
    assert any("consent_recipients" in m for m in msgs), msgs


def test_a_city_without_items_of_its_own_still_gets_the_full_form(tmp_path: Path):
    site = copy_site(ROOT, tmp_path / "s")
    y = site / "content/preregistration.yml"
    y.write_text("lead: 説明\nwho:\n  - 世帯\nbenefits:\n  - よいこと\nflows:\n  - title: 流れ\n    steps:\n"
                 "      - {title: 相談, text: 相談します}\n      - {title: 登録, text: 登録します}\n", encoding="utf-8")
    pre = load_site(site).guidance.preregistration
    assert pre["form_items"] == () and pre["form_rows"] == FORM_ROWS and pre["form_official"] is False
    assert pre["consent_recipients"] == CONSENT_RECIPIENTS
    assert build(site, tmp_path / "out") == 0
    doc = parse(tmp_path / "out" / FORM)
    assert len(doc.xpath('//tr[@class="form-row"]')) == len(FORM_ROWS) and doc.xpath('//section[@class="consent"]')
    assert not doc.xpath('//ol[@class="write-items"]')
    rows = text(parse(tmp_path / "out" / "preregistration/index.html").xpath('//p[@class="form-rows"]')[0])
    assert "受給者証番号" in rows and "同意" in rows
