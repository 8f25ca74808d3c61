"""やさしい日本語 and other languages for the essentials (issue 18): content/languages/<slug>.yml → one
page per language, linked from the header of every page, with `lang` right on the page and on every
block; phone numbers and names from the model; a site without the folder has no links."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, axe_violations, build, copy_site, demo, parse, text

from kyoten import urls
from kyoten.model.site import load_site
from kyoten.model.source import DataError
from kyoten.pages.spec import KINDS

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _lang_of(el) -> str:
    """The language an element is in: its own lang or its nearest ancestor's."""
    for node in (el, *el.iterancestors()):
        if node.get("lang") is not None:
            return node.get("lang")
    return ""


@pytest.fixture(scope="module")
def pages(root_site):
    return {lang.slug: parse(root_site / urls.language(lang.slug)) for lang in demo().languages}


def test_the_demo_ships_easy_japanese_and_english():
    langs = demo().languages
    assert [(lang.slug, lang.lang, lang.name) for lang in langs] == [("easy", "ja", "やさしい にほんご"), ("en", "en", "English")]
    assert langs[0].furigana and not langs[1].furigana
    for lang in langs:  # what the accessibility page says each one covers
        assert lang.covers == ("このサイトと地域生活支援拠点等の説明（トップページの最初の画面）", "困ったとき・緊急のときの連絡先",
                               "緊急時に備える事前登録のあらましと申し込み先")
    assert "language.html" in KINDS


def test_html_lang_is_the_page_language(root_site, pages):
    assert pages["easy"].get("lang") == "ja"
    assert pages["en"].get("lang") == "en"
    assert parse(root_site / urls.HOME).get("lang") == "ja"
    assert parse(root_site / urls.PREREGISTRATION).get("lang") == "ja"
    # the title is in the page's language alone (the Japanese site name would be read with English rules)
    assert pages["en"].findtext(".//title") == "Kaede City: support for people with disabilities (English summary)"
    assert pages["easy"].findtext(".//title").endswith("（やさしい にほんご）｜楓市の地域生活支援拠点等")


def test_every_block_carries_the_page_language(pages):
    for slug, lang in (("easy", "ja"), ("en", "en")):
        blocks = pages[slug].xpath("//main/div[contains(@class, 'language-page')]/*")
        assert len(blocks) >= 5
        assert {b.get("lang") for b in blocks} == {lang}, slug


def test_japanese_on_the_english_page_is_marked_japanese(pages):
    """Every text with kana or kanji on the English page (the shared header, names from the model, hours
    not translated) is inside an element with lang="ja"; the English text is inside lang="en"."""
    doc = pages["en"]
    checked = 0
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "head", "title", "meta", "rt"):
            continue
        for t in (el.text, *(c.tail for c in el)):
            if t and JAPANESE.search(t):
                assert _lang_of(el) == "ja", (el.tag, el.get("class"), t)
                checked += 1
    assert checked > 20
    body = doc.xpath("//main")[0]
    assert "The full information is on the Japanese pages" in text(body)
    assert _lang_of(doc.xpath("//h1")[0]) == "en"


def test_phone_numbers_and_names_come_from_the_model(pages):
    site = demo()
    for slug in ("easy", "en"):
        box = pages[slug].xpath("//section[@class='contacts']")[0]
        tels = box.xpath(".//a[starts-with(@href, 'tel:')]")
        assert [a.get("href") for a in tels] == ["tel:" + re.sub(r"\D", "", c.phone) for c in
                                                 (*site.config.weekday_contacts, *site.config.after_hours_contacts)]
        names = [text(e) for e in box.xpath(".//*[contains(@class, 'contact__name')][@lang='ja']")]
        assert names == [c.name for c in (*site.config.weekday_contacts, *site.config.after_hours_contacts)]
        kikan = site.providers_with(role="kikan")
        apply = pages[slug].xpath("//ul[contains(@class, 'language-apply')]//a[@hreflang='ja']")
        assert [text(a) for a in apply] == [p.name for p in kikan]
        assert [a.get("href") for a in apply] == ["../" + urls.provider(p.id) for p in kikan]
    # the English page gives the hours in English, and the Japanese name next to the English one
    en = pages["en"]
    assert "Monday to Friday, 8:30–17:15" in text(en)
    assert "Disability Welfare Division, Kaede City" in text(en)


def test_the_easy_page_shows_its_furigana_and_is_labelled_sample(pages):
    easy = pages["easy"]
    content = easy.xpath("//div[contains(@class, 'language-page--ruby')]")[0]
    readings = {r.text: r.findtext("rt") for r in content.iter("ruby")}
    assert readings["電話"] == "でんわ" and readings["緊急"] == "きんきゅう" and readings["事前登録"] == "じぜんとうろく"
    assert "この サイトは 見本です" in text(easy.xpath("//p[@class='language-sample']")[0])
    assert "Sample: this website is an example" in text(parse_first(pages["en"], "//p[@class='language-sample']"))


def parse_first(doc, xpath):
    return doc.xpath(xpath)[0]


def test_header_links_on_every_page(root_site):
    """Every HTML page of every kind links to each language with its own name, lang and hreflang."""
    files = sorted(root_site.rglob("*.html"))
    kinds = set()
    for f in files:
        doc = parse(f)
        kinds.add(doc.xpath("//body/@data-kind")[0])
        links = doc.xpath("//header[@class='site-header']//ul[@class='lang-links']//a")
        assert [(text(a), a.get("lang"), a.get("hreflang")) for a in links] == \
            [("やさしい にほんご", "ja", "ja"), ("English", "en", "en")], f
        for a, slug in zip(links, ("easy", "en")):  # the link leads to the page (404.html: from the site's root path)
            href = a.get("href")
            target = root_site / href.removeprefix("/kaede/") if f.name == "404.html" else f.parent / href
            assert target.resolve() == (root_site / urls.language(slug)).resolve(), f
    assert {"home", "directory", "provider", "listing", "preregistration", "language", "markdown", "404"} <= kinds


def test_no_languages_folder_no_links(tmp_path):
    site = copy_site(ROOT, tmp_path / "src")
    shutil.rmtree(site / "content" / "languages")
    out = tmp_path / "site"
    assert build(site, out) == 0
    assert not (out / "easy").exists() and not (out / "en").exists()
    for f in (out / urls.HOME, out / urls.DIRECTORY, out / urls.PREREGISTRATION):
        assert parse(f).xpath("//*[contains(@class, 'lang-links')]") == []


def test_untranslated_hours_are_a_warning_and_stay_japanese(tmp_path):
    site = copy_site(ROOT, tmp_path / "src")
    en = site / "content" / "languages" / "en.yml"
    en.write_text(en.read_text(encoding="utf-8").replace(
        "    hours: Monday to Saturday, 9:00–18:00\n", ""), encoding="utf-8")
    s = load_site(site)
    warned = [w for w in s.warnings if w.key == "languages"]
    assert len(warned) == 1 and warned[0].file == "content/languages/en.yml"
    assert "楓市中央基幹相談支援センター" in warned[0].message and "hours" in warned[0].message
    out = tmp_path / "site"
    assert build(site, out) == 0
    hours = parse(out / "en" / "index.html").xpath("//span[contains(@class, 'contact__hours')][@lang='ja']")
    assert [text(h) for h in hours] == ["月〜土 9:00〜18:00"]


def test_a_bad_file_is_an_error_with_its_line(tmp_path):
    site = copy_site(ROOT, tmp_path / "src")
    easy = site / "content" / "languages" / "easy.yml"
    easy.write_text(easy.read_text(encoding="utf-8").replace("furigana: true", "furigana: maybe"), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_site(site)
    line = next(i for i, t in enumerate(easy.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("furigana:"))
    assert [str(d) for d in e.value.diagnostics] == [
        f"content/languages/easy.yml:{line}:11: エラー: furigana「maybe」は true か false で書いてください (furigana: true or false)"]


# the wider axe rule sets of issue 18 on the new pages (test_browser.py runs the usual ones on every kind)
@pytest.mark.parametrize("slug", ["easy", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_nothing(chromium, root_url, slug, width):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(root_url + urls.language(slug))
    assert axe_violations(page, ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")) == []
    # best practice: nothing the Japanese top page does not have too (the shared header's rules are its own)
    ours = {v["id"] for v in axe_violations(page, ("best-practice",))}
    page.goto(root_url + urls.HOME)
    assert ours <= {v["id"] for v in axe_violations(page, ("best-practice",))}
    # the page does not scroll sideways at 360 px (WCAG 1.4.10)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def _note(site) -> "lxml.html.HtmlElement":
    """partials/languages_note.html as the accessibility page includes it (one line there)."""
    import jinja2
    import lxml.html

    from kyoten.model.site import THEME_DIR
    from kyoten.render.view import View

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(THEME_DIR), autoescape=True, undefined=jinja2.StrictUndefined)
    html = env.get_template("partials/languages_note.html").render(k=View(site), base_url="..")
    return lxml.html.fragment_fromstring(html)


def test_the_accessibility_passage_says_what_is_and_is_not_translated(tmp_path):
    note = _note(demo())
    links = note.xpath(".//li/a")
    assert [(text(a), a.get("href"), a.get("lang")) for a in links] == [
        ("やさしい にほんご", "../easy/index.html", "ja"), ("English", "../en/index.html", "en")]
    items = [text(li) for li in note.xpath(".//li")]
    assert items[1] == ("English：このサイトと地域生活支援拠点等の説明（トップページの最初の画面）、困ったとき・緊急のときの連絡先、"
                        "緊急時に備える事前登録のあらましと申し込み先")
    assert "（事業所の一覧と事業所ごとのページ、5つの機能、事前登録のご案内（全文）と聞き取り票、事業所の方へ、チラシ、運用状況の検証、" \
           "オープンデータ、サイト内検索、このページなど）は日本語だけです" in text(note)
    site = copy_site(ROOT, tmp_path / "src")
    shutil.rmtree(site / "content" / "languages")
    bare = _note(load_site(site))
    assert bare.xpath(".//a") == [] and "このサイトは日本語だけです" in text(bare)


# where the easy page's written text wraps at 360 px: for each text node written with spaces between words
# (names from the registry are not), the characters before and after each line break inside it
BREAKS_JS = """() => [...document.querySelectorAll('.language-page p, .language-page li')].flatMap(block => {
    const breaks = [];
    const walk = document.createTreeWalker(block, NodeFilter.SHOW_TEXT,
        {acceptNode: n => n.parentElement.closest('rt') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    for (let n; (n = walk.nextNode());) {
        if (!/[ \u3000]/.test(n.data.trim())) continue;
        let top = null;
        for (let i = 0; i < n.length; i++) {
            const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
            const rect = r.getClientRects()[0];
            if (!rect) continue;
            if (top !== null && rect.top > top + 4) breaks.push([n.data.slice(Math.max(0, i - 3), i), n.data.slice(i, i + 3)]);
            top = rect.top;
        }
    }
    return breaks;
})"""


def test_easy_japanese_lines_break_only_between_words(chromium, root_url):
    """やさしい日本語 is written with spaces between words (分かち書き, the 2020 guideline); on a 360 px phone its
    lines break at those spaces or after punctuation, never inside a word (こ／まった)."""
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(root_url + urls.language("easy"))
    breaks = page.evaluate(BREAKS_JS)
    assert len(breaks) >= 10, "too few line breaks: the check would prove nothing"
    inside = [(a, b) for a, b in breaks
              if not (a.endswith((" ", "\u3000")) or b.startswith((" ", "\u3000")) or a[-1:] in "、。）」』：・" or b[:1] in "（「")]
    assert not inside, inside
    context.close()
