"""Issue 4 on real output: furigana placement, the toggle, search for kanji/kana/romaji and compounds."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest

from conftest import ROOT, demo, parse



def test_ruby_only_in_text(root_site: Path):
    pages = sorted(root_site.rglob("*.html"))
    rubies = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rubies += html.count("<ruby>")
        doc = parse(page)
        for tag in ("title", "script", "code", "pre", "style", "option", "textarea"):
            for el in doc.iter(tag):
                assert "ruby" not in (el.text or "") and not el.xpath(".//ruby"), (page, tag)
        for el in doc.iter():
            for name, value in el.attrib.items():
                assert "<ruby" not in value and "<rt>" not in value, (page, name)
        for rt in doc.iter("rt"):
            assert re.fullmatch(r"[ぁ-ゖー]+", rt.text or ""), (page, rt.text)  # readings are hiragana
            assert rt.getparent().tag == "ruby"
        # no ruby inside a link's URL
        assert not re.search(r'href="[^"]*<', html)
    assert rubies > 1000


def test_pages_stay_valid_html(root_site: Path):
    for name in ("index.html", "providers/index.html", f"providers/{demo().providers[0].id}/index.html",
                 "functions/emergency/index.html", "about.html", "search/index.html"):
        parser = html5lib.HTMLParser(strict=False)
        parser.parse((root_site / name).read_bytes())
        assert parser.errors == [], (name, parser.errors[:3])


def test_furigana_toggle_is_remembered_across_pages(page, root_url):
    page.goto(root_url + "index.html")
    rt = page.locator("h1 rt").first
    assert not rt.is_visible()
    # off: the heading is read once, without readings
    assert "かえで" not in page.locator("h1").aria_snapshot()
    toggle = page.get_by_role("button", name="ふりがなをつける")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert rt.is_visible() and rt.inner_text() == "かえでし"  # 楓市
    page.goto(root_url + "providers/index.html")
    assert page.locator("h1 rt").first.is_visible() or page.locator("main rt").first.is_visible()
    assert page.get_by_role("button", name="ふりがなをつける").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="ふりがなをつける").press("Enter")
    page.goto(root_url + "index.html")
    assert not page.locator("h1 rt").first.is_visible()


def _search(page, root_url, query) -> list[str]:
    page.goto(root_url + "search/index.html")
    page.get_by_label(re.compile(r"さがしたい\s*言葉")).fill(query)
    # Chromium puts a space after <ruby> in accessible names ("検索 する"), even with the reading hidden
    page.get_by_role("button", name=re.compile(r"検索\s*する")).click()
    page.wait_for_function("document.querySelector('[data-search-status]').textContent.includes('「')")
    return page.locator("[data-search-results] a").all_inner_texts()


@pytest.mark.parametrize("query", ["相談", "そうだん", "soudan", "ソウダン", "sodan"])
def test_search_by_kanji_kana_and_romaji_finds_the_same_provider(page, root_url, query):
    assert "相談支援センターあおぞら" in _search(page, root_url, query)


@pytest.mark.parametrize("query,service", [
    ("訪問介護", None), ("居宅介護支援", "kyotaku-kaigo-shien"), ("就労継続支援", None), ("介護", None),
    ("短期入所", "tanki-nyusho"),
])
def test_search_compound_service_names(page, root_url, query, service):
    from kyoten.model.vocab import SERVICE_VOCAB
    offering = {p.name for p in demo().providers
                if any(query in SERVICE_VOCAB.by_id[s].label for s in p.services)}
    assert offering, query
    found = set(_search(page, root_url, query))
    assert offering <= found, offering - found
    if service:
        assert {p.name for p in demo().providers if service in p.services} <= found


def test_search_by_part_of_a_name_and_by_area(page, root_url):
    assert "ひだまり相談室" in _search(page, root_url, "ひだまり")
    found = _search(page, root_url, "南部地区 短期入所")
    assert set(found) >= {p.name for p in demo().providers_with(area="nanbu", service="tanki-nyusho")}
    assert "ショートステイかえで" not in found  # 中央地区


def test_search_works_from_file_url(chromium, root_site: Path):
    """Opened from a folder (file://), where fetch() is blocked: the index comes as a script."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto((root_site / "search" / "index.html").as_uri() + "?q=" + "ひだまり")
    page.wait_for_function("document.querySelector('[data-search-status]').textContent.includes('「')")
    assert "ひだまり相談室" in page.locator("[data-search-results] a").all_inner_texts()
    context.close()


def test_city_and_area_names_are_read_as_site_config_says(tmp_path: Path):
    """見本市 is みほんし (the city's name_kana), not pykakasi's みほんいち (a trade fair)."""
    from conftest import build, copy_site, text

    site = copy_site(ROOT, tmp_path / "city")
    config = (site / "site_config.yml").read_text(encoding="utf-8")
    config = config.replace("name: 楓市", "name: 見本市").replace("name_kana: かえでし", "name_kana: みほんし")
    (site / "site_config.yml").write_text(config, encoding="utf-8")
    assert build(site, tmp_path / "out") == 0
    doc = parse(tmp_path / "out" / "index.html")
    city = doc.xpath("//span[@class='site-name__city']/ruby")[0]
    assert text(city) == "見本市"
    assert city.findtext("rt") == "みほんし"
