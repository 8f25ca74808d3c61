"""Issue 5 on real output: 事前登録 and 事業所 guidance pages, the blank 聞き取り票, A4 flyers (HTML + PDF + QR)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_site, demo, parse, text
from kyoten.model.guidance import apply_providers
from kyoten.model.site import load_site
from kyoten.model.source import DataError

PRE = demo().guidance.preregistration
FP = demo().guidance.for_providers
BASE = demo().config.base_url


def test_preregistration_page_has_every_step_and_form_item_in_yaml_order(root_site: Path):
    doc = parse(root_site / "preregistration/index.html")
    flows = doc.xpath('//section[@class="flow"]')
    assert [text(f.xpath(".//h3")[0]) for f in flows] == [f["title"] for f in PRE["flows"]]
    for section, flow in zip(flows, PRE["flows"]):
        steps = section.xpath('./ol[@class="steps"]/li')  # an ordered list: the order is in the markup
        assert [text(li.xpath(".//h4")[0]) for li in steps] == [f"{i} {s['title']}" for i, s in enumerate(flow["steps"], 1)]
        assert [text(li.xpath(".//p")[0]) for li in steps] == [s["text"] for s in flow["steps"]]
    assert [x["title"] for x in PRE["flows"][0]["steps"]] == ["相談", "聞き取り票", "登録"]
    assert [x["title"] for x in PRE["flows"][1]["steps"]] == ["連絡", "調整", "受入"]
    items = [text(li.xpath("./strong")[0]) for li in doc.xpath('//ol[@class="form-items"]/li')]
    assert items == [i["title"] for i in PRE["form_items"]]
    assert len(items) == 8 and items[0] == "障害程度" and items[-1] == "関係機関"
    body = text(doc.xpath("//main")[0])
    for w in PRE["who"]:
        assert w in body
    for f in PRE["faq"]:
        assert f["q"] in body and f["a"] in body


def test_preregistration_apply_list_follows_the_stated_rule_with_tel_links(root_site: Path):
    doc = parse(root_site / "preregistration/index.html")
    expected = apply_providers(demo().providers)
    assert 0 < len(expected) < len(demo().providers)
    assert all(p.role == "kikan" or {"keikaku-sodan", "shogaiji-sodan"} & set(p.services) for p in expected)
    rows = doc.xpath('//ul[@class="apply-list"]/li')
    assert [text(li.xpath("./a")[0]) for li in rows] == [p.name for p in expected]
    for li, p in zip(rows, expected):
        if p.phone:
            assert li.xpath(f'.//a[@href="tel:{"".join(c for c in p.phone if c.isdigit())}"]')
    assert "基幹相談支援センター" in text(doc.xpath('//p[@class="rule"]')[0])
    # the 夜間・休日 numbers are on the page (in main, not only the header)
    assert doc.xpath('//main//a[@href="tel:0430990000"]')


def test_blank_form_has_a_write_in_box_per_item_and_collects_nothing(root_site: Path):
    doc = parse(root_site / "preregistration/form/index.html")
    items = doc.xpath('//ol[@class="write-items"]/li')
    assert [text(li.xpath("./h2")[0]) for li in items] == [i["title"] for i in PRE["form_items"]]
    for li, it in zip(items, PRE["form_items"]):
        assert len(li.xpath('.//div[@class="write-line"]')) == it.get("lines", 3)
    assert not doc.xpath("//form|//input|//textarea|//select")
    assert "@media print" in (ROOT / "kyoten/theme/assets/kyoten.css").read_text()


def test_for_providers_page_has_the_addition_table_steps_and_attributed_survey(root_site: Path):
    doc = parse(root_site / "for-providers/index.html")
    table = doc.xpath('//table[caption[contains(., "加算")]]')[0]
    assert [text(th) for th in table.xpath(".//thead//th[@scope='col']")] == ["加算", "対象のサービス", "単位", "算定要件", "出典・時点"]
    row = table.xpath(".//tbody/tr")[0]
    assert "地域生活支援拠点等相談強化加算" in text(row.xpath("./th")[0])
    assert text(row.xpath("./td")[1]) == "700単位／回（月4回まで）"
    steps = doc.xpath('//ol[@class="steps"]/li//h4')  # h2 登録の手続き > h3 手続きの流れ > h4 each step
    assert [text(h) for h in steps] == [f"{i} {s['title']}" for i, s in enumerate(FP["steps"], 1)]
    body = text(doc.xpath("//main")[0])
    assert "大阪市「令和５年度 地域生活支援拠点等の運用状況について」" in body
    for d in [d["title"] for d in FP["documents"]] + list(FP["benefits"] + FP["difficulties"]):
        assert d in body
    fn_table = doc.xpath('//table[caption[contains(., "サービス種別")]]')[0]
    assert len(fn_table.xpath(".//tbody/tr")) == len(FP["functions"])


def test_guidance_is_linked_from_top_function_pages_and_nav(root_site: Path):
    top = parse(root_site / "index.html")
    assert top.xpath('//main//a[@href="./preregistration/index.html"]')
    assert top.xpath('//main//a[@href="./flyers/index.html"]')
    assert top.xpath('//nav[@class="global-nav"]//a[@href="./for-providers/index.html"]')
    for fid in ("consultation", "emergency"):
        doc = parse(root_site / f"functions/{fid}/index.html")
        assert doc.xpath('//main//a[@href="../../preregistration/index.html"]'), fid
    assert not parse(root_site / "functions/community/index.html").xpath('//main//a[@href="../../preregistration/index.html"]')


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


FLYER_IDS = [f["id"] for f in demo().guidance.flyers]


@pytest.mark.parametrize("fid", ["jizen-toroku", "kyoten-toroku"])
def test_flyer_pdf_is_one_a4_page_with_title_phone_and_url(root_site: Path, fid):
    flyer = next(f for f in demo().guidance.flyers if f["id"] == fid)
    pdf = root_site / f"flyers/{fid}.pdf"
    info = _run("pdfinfo", str(pdf))
    assert "Pages:           1" in info
    assert "595.276 x 841.89 pts (A4)" in info
    assert "CreationDate" not in info and "ModDate" not in info  # nothing from the clock
    fonts = _run("pdffonts", str(pdf))
    assert "Noto-Sans-CJK-JP" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
    words = "".join(_run("pdftotext", "-layout", str(pdf), "-").split())
    assert flyer["title"] in words
    assert "043-000-1111" in words and "043-099-0000" in words
    assert BASE + flyer["link"] in words
    html = parse(root_site / f"flyers/{fid}/index.html")
    assert text(html.xpath("//h1")[0]) == flyer["title"]
    assert html.xpath(f'//a[@href="../../flyers/{fid}.pdf"]')


@pytest.mark.parametrize("fid", FLYER_IDS)
def test_flyer_qr_code_decodes_to_the_page_url(root_site: Path, tmp_path: Path, fid):
    flyer = next(f for f in demo().guidance.flyers if f["id"] == fid)
    _run("pdftoppm", "-r", "150", "-png", "-singlefile", str(root_site / f"flyers/{fid}.pdf"), str(tmp_path / "p"))
    assert _run("zbarimg", "-q", "--raw", str(tmp_path / "p.png")).strip() == BASE + flyer["link"]
    # the web page shows the same code (inline SVG) and the URL as text
    html = parse(root_site / f"flyers/{fid}/index.html")
    assert html.xpath('//svg[@class="qr-svg"]') and BASE + flyer["link"] in text(html.xpath("//main")[0])


def test_flyers_index_lists_every_flyer_and_its_pdf(root_site: Path):
    doc = parse(root_site / "flyers/index.html")
    for f in demo().guidance.flyers:
        assert doc.xpath(f'//a[@href="../flyers/{f["id"]}/index.html"]'), f["id"]
        assert doc.xpath(f'//a[@href="../flyers/{f["id"]}.pdf"]'), f["id"]


def test_broken_preregistration_yml_gives_file_line_errors(tmp_path: Path):
    site = copy_site(ROOT, tmp_path / "s")
    (site / "content/preregistration.yml").write_text(
        "lead: 説明\nwho: []\nbenefits:\n  - よいこと\nflows:\n  - title: 流れ\n    steps:\n      - title: 相談\n"
        "form_items:\n  - title: 障害程度\n    lines: たくさん\nfaq:\n  - q: 質問\n    answer: 答え\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_site(site)
    msgs = [str(d) for d in e.value.diagnostics]
    assert any(m.startswith("content/preregistration.yml:2:") and "who" in m for m in msgs), msgs
    assert any(m.startswith("content/preregistration.yml:8:") and "text" in m for m in msgs), msgs
    assert any(m.startswith("content/preregistration.yml:11:") and "lines" in m for m in msgs), msgs
    assert any(m.startswith("content/preregistration.yml:14:") and "answer" in m for m in msgs), msgs
    assert all("エラー" in m for m in msgs)


def test_flyer_with_too_many_points_is_refused_with_its_line(tmp_path: Path):
    site = copy_site(ROOT, tmp_path / "s")
    y = site / "content/flyers.yml"
    y.write_text("flyers:\n  - id: a\n    title: 題\n    lead: 説明\n    link: トップ\n    points: [一, 二, 三, 四, 五, 六, 七]\n",
                 encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_site(site)
    assert [str(d).split(": エラー")[0] for d in e.value.diagnostics] == ["content/flyers.yml:6:5"]


def test_flyer_linking_to_a_missing_page_is_refused(tmp_path: Path):
    site = copy_site(ROOT, tmp_path / "s")
    (site / "content/for-providers.yml").unlink()
    with pytest.raises(DataError) as e:
        load_site(site)
    msgs = [str(d) for d in e.value.diagnostics]
    assert len(msgs) == 1 and msgs[0].startswith("content/flyers.yml:") and "for-providers.yml" in msgs[0], msgs


def test_furigana_flag_puts_readings_in_that_flyer_only(root_site: Path):
    flagged = [f["id"] for f in demo().guidance.flyers if f.get("furigana")]
    plain = [f["id"] for f in demo().guidance.flyers if not f.get("furigana")]
    assert flagged and plain
    for fid in flagged:
        assert "きんきゅうじ" in _run("pdftotext", str(root_site / f"flyers/{fid}.pdf"), "-")
        assert "Pages:           1" in _run("pdfinfo", str(root_site / f"flyers/{fid}.pdf"))
    for fid in plain:
        assert "きんきゅう" not in _run("pdftotext", str(root_site / f"flyers/{fid}.pdf"), "-")


def test_flyer_says_its_date_and_points_to_the_web_page(root_site):
    from conftest import ROOT, parse, text
    from kyoten.model.site import load_site
    from kyoten.japanese.formats import wareki
    site = load_site(ROOT)
    page = next((root_site / "flyers").glob("*/index.html"))
    body = text(parse(page).xpath("//main")[0])
    assert f"{wareki(site.data_date)}現在の内容です。最新の情報はウェブページをご覧ください。" in body


def test_blank_form_is_also_an_a4_pdf_with_every_item(root_site: Path):
    """The 聞き取り票 as a PDF (the same markup as the form page), linked from both pages."""
    pdf = root_site / "preregistration" / "form" / "kikitori-hyo.pdf"
    info = _run("pdfinfo", str(pdf))
    assert "A4" in info
    fonts = _run("pdffonts", str(pdf))
    assert "Noto-Sans-CJK-JP" in fonts and " no " not in fonts.split("\n", 2)[2]  # every font embedded
    words = "".join(_run("pdftotext", str(pdf), "-").split())
    assert "楓市地域生活支援拠点等（緊急時の受入れ）事前登録聞き取り票" in words
    for item in demo().guidance.preregistration["form_items"]:
        assert "".join(item["title"].split()) in words, item["title"]
    assert parse(root_site / "preregistration" / "form" / "index.html").xpath('//a[@href="../../preregistration/form/kikitori-hyo.pdf"]')
    assert parse(root_site / "preregistration" / "index.html").xpath('//a[@href="../preregistration/form/kikitori-hyo.pdf"]')


def test_without_weasyprint_the_site_has_print_pages_and_no_pdf_links(tmp_path: Path, monkeypatch, capsys):
    """Issue 19: the PDFs are the `pdf` extra. Without WeasyPrint (or its Pango) the build succeeds with one
    Japanese notice; the print pages are there and no page links to a PDF that was not made."""
    import kyoten.render.pdf as pdf

    monkeypatch.setattr(pdf, "unavailable", lambda: "WeasyPrint がインストールされていません")
    out = tmp_path / "out"
    assert build(ROOT, out, pdf=True) == 0
    err = capsys.readouterr().err
    assert err.count("お知らせ: WeasyPrint がインストールされていません") == 1
    assert not list(out.rglob("*.pdf"))
    assert (out / "flyers" / "jizen-toroku" / "index.html").is_file()
    for page in out.rglob("*.html"):
        assert not parse(page).xpath('//a[contains(@href, ".pdf")]'), page
