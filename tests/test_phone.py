"""The directory on a phone (issue 16): results first, filters behind a button that counts the chosen
ones, 「現在地から近い順」 in the browser only, and all of it without JavaScript too. Also a large map:
numbered clusters first, the providers of the view loaded when the visitor zooms in."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from conftest import ROOT, axe_violations, build, demo, serve_dir

PHONE = {"width": 360, "height": 640}
FIRST_CARD_TOP = "Math.round(document.querySelector('#provider-results .provider-card').getBoundingClientRect().top + scrollY)"
IDS = "cards => cards.map(c => c.dataset.id)"


def HEADINGS(page) -> list[str]:  # noqa: N802
    """The heading levels of the list's section that a reader meets (the visually hidden h2 included)."""
    return page.evaluate("""() => [...document.querySelector('#list-h').closest('section').querySelectorAll('h2, h3, h4')]
        .filter(h => h.getClientRects().length || h.classList.contains('visually-hidden')).map(h => h.tagName.toLowerCase())""")
HEADER_BOTTOM = "Math.round(document.querySelector('.site-header').getBoundingClientRect().bottom + scrollY)"


def name(text: str) -> re.Pattern:
    return re.compile(r"^\s*" + r"\s*".join(map(re.escape, text)) + r"\s*$")


@pytest.fixture(scope="module")
def city_url(tmp_path_factory):
    """An example city (Matsudo), built once for this module."""
    out = tmp_path_factory.mktemp("matsudo") / "site"
    assert build(ROOT / "examples" / "matsudo", out) == 0
    url, stop = serve_dir(out)
    yield url
    stop()


@pytest.fixture()
def phone(chromium):
    context = chromium.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("site", ["root", "city"])
def test_first_card_is_on_the_first_screen_of_a_phone(phone, root_url, city_url, site):
    phone.goto((root_url if site == "root" else city_url) + "providers/index.html")
    count = phone.locator(".result-count")
    card_top = phone.evaluate(FIRST_CARD_TOP)
    assert phone.evaluate(HEADER_BOTTOM) <= 240  # the banner, header and one-row menu
    assert count.bounding_box()["y"] < card_top < PHONE["height"] - 24  # and some of the card is seen
    assert not phone.locator("details.facets").evaluate("d => d.open")  # the filters wait behind their button
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_area_page_first_card_on_the_first_screen(phone, root_url):
    phone.goto(root_url + "areas/chuo/index.html")
    assert phone.evaluate(FIRST_CARD_TOP) < PHONE["height"] - 24


def test_every_menu_item_is_reached_on_a_phone(phone, root_url):
    """The menu is one row that scrolls sideways: Tab brings each item fully into view."""
    phone.goto(root_url + "index.html")
    links = phone.locator(".global-nav a")
    seen = 0
    for _ in range(40):
        phone.keyboard.press("Tab")
        box = phone.evaluate("""() => { const a = document.activeElement;
            if (!a.closest('.global-nav')) return null; const r = a.getBoundingClientRect();
            return {x: r.left, right: r.right, h: r.height}; }""")
        if box is None:
            if seen:
                break
            continue
        seen += 1
        assert 0 <= box["x"] and box["right"] <= PHONE["width"] and box["h"] >= 44, (seen, box)
    assert seen == links.count() >= 7


def test_filter_button_counts_the_chosen_filters(phone, root_url):
    phone.goto(root_url + "providers/index.html")
    summary = phone.locator(".facets__summary")
    assert summary.inner_text().strip() == "絞り込み"
    summary.click()
    phone.get_by_role("button", name=name("中央地区")).click()
    phone.get_by_role("button", name=name("緊急時の受入・対応")).click()
    assert re.sub(r"\s", "", summary.inner_text()) == "絞り込み（2件選択中）"
    want = demo().providers_with(area="chuo", function="emergency")
    assert phone.locator("#provider-results .provider-card:visible").count() == len(want)
    summary.click()  # closed again: the count and the results stay in view
    assert f"{len(want)}か所" in phone.locator("[data-facets-status]").inner_text()
    assert phone.locator("[data-facets-status]").is_visible()
    phone.get_by_role("button", name=name("条件をすべて解除")).click()
    assert re.sub(r"\s", "", summary.inner_text()) == "絞り込み"
    assert axe_violations(phone) == []


def test_without_javascript_the_filters_are_open_links(chromium, root_url):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(root_url + "providers/index.html")
    link = page.get_by_role("link", name=name("南部地区")).first
    assert link.is_visible()  # open in the HTML: nothing to press first
    assert not page.locator("[data-near-open]").is_visible()  # 近い順 needs JS and is not offered
    link.click()
    assert page.url.endswith("areas/nanbu/index.html")
    assert page.locator(".provider-card").count() == len(demo().providers_with(area="nanbu"))
    context.close()


def _km(a, b):
    r = math.pi / 180
    x, y = math.sin((b[0] - a[0]) * r / 2), math.sin((b[1] - a[1]) * r / 2)
    return 12742 * math.asin(min(1, math.sqrt(x * x + math.cos(a[0] * r) * math.cos(b[0] * r) * y * y)))


def test_near_sorts_the_cards_in_the_browser_and_sends_nothing(chromium, root_url):
    here = next(p for p in demo().providers if p.location and p.area == "nanbu").location
    context = chromium.new_context(viewport=PHONE, geolocation={"latitude": here[0], "longitude": here[1]},
                                   permissions=["geolocation"])
    page = context.new_page()
    requests: list[str] = []
    page.goto(root_url + "providers/index.html")
    before = page.locator("#provider-results .provider-card").evaluate_all(IDS)
    rows = page.locator(".kana-index a:visible").count()
    page.on("request", lambda r: requests.append(r.url))
    page.get_by_role("button", name=name("現在地から近い順")).click()
    panel = page.locator("[data-near]")
    assert "どこにも送りません" in panel.inner_text()  # said before the browser asks
    page.get_by_role("button", name=name("現在地を使って並べる")).click()
    page.locator("[data-near-status]").filter(has_text="近い順に並べました").wait_for()
    located = sorted((p for p in demo().providers if p.location), key=lambda p: _km(here, p.location))
    ids = page.locator("#provider-results .provider-card").evaluate_all(IDS)
    assert ids[:len(located)] == [p.id for p in located]
    assert len(ids) == len(demo().providers)  # those without a location come last
    first = page.locator("#provider-results .provider-card").first.locator(".provider-card__distance")
    assert first.inner_text().startswith("現在地から約10m")
    assert "位置はこのサイトに掲載していません" in page.locator("#provider-results .provider-card").last.inner_text()
    assert requests == []  # sorting asked nothing of any server
    assert HEADINGS(page) == ["h2", "h3"] + ["h4"] * len(demo().providers)  # no level skipped
    # filters still apply to the sorted list
    page.locator(".facets__summary").click()
    page.get_by_role("button", name=name("北部地区")).click()
    assert page.locator("#provider-results .provider-card:visible").count() == len(demo().providers_with(area="hokubu"))
    page.get_by_role("button", name=name("条件をすべて解除")).click()
    page.get_by_role("button", name=name("五十音順に戻す")).click()
    assert page.locator("#provider-results .provider-card").evaluate_all(IDS) == before
    assert page.locator("#provider-results .provider-card__distance").count() == 0
    assert page.locator(".kana-index a:visible").count() == rows > 0
    assert page.locator("#provider-results .kana-group:visible").count() > 0
    assert axe_violations(page) == []
    context.close()


def test_near_without_consent_leaves_the_list_as_it_was(phone, root_url):
    phone.goto(root_url + "providers/index.html")  # no geolocation permission: the browser refuses
    before = phone.locator("#provider-results .provider-card__name").all_inner_texts()
    phone.get_by_role("button", name=name("現在地から近い順")).click()
    phone.get_by_role("button", name=name("現在地を使って並べる")).click()
    phone.locator("[data-near-status]").filter(has_text="使えませんでした").wait_for()
    assert phone.locator("#provider-results .provider-card__name").all_inner_texts() == before


@pytest.fixture(scope="module")
def small_parts_site(tmp_path_factory):
    """The root demo built with tiny map parts, so that its directory map behaves as a 20,000-事業所 one."""
    from kyoten.render import maps
    keep = maps.PART_MAX, maps.LOAD_MAX
    maps.PART_MAX, maps.LOAD_MAX = 6, 24
    try:
        out = tmp_path_factory.mktemp("parts") / "site"
        assert build(ROOT, out) == 0
    finally:
        maps.PART_MAX, maps.LOAD_MAX = keep
    return out


def test_large_map_starts_with_numbered_clusters_and_loads_the_view(page, small_parts_site: Path):
    parts: list[str] = []
    page.route("https://cyberjapandata.gsi.go.jp/**", lambda route: route.abort())
    page.on("request", lambda r: parts.append(r.url) if "/maps/all/" in r.url else None)
    page.goto((small_parts_site / "providers" / "index.html").as_uri())
    page.get_by_role("button", name=re.compile(r"地図\s*を\s*表示\s*する")).click()
    canvas = page.locator("[data-map-canvas]")
    page.wait_for_function("document.querySelector('[data-map-canvas]').dataset.state === 'ready'")
    located = sum(1 for p in demo().providers if p.location)
    assert canvas.get_attribute("data-shown") == str(located)  # every provider counted from the start
    assert canvas.get_attribute("data-markers") == "0" and parts == []  # and none downloaded yet
    assert "丸の中の数字" in page.locator("[data-map-status]").inner_text()
    assert axe_violations(page) == []  # the numbered clusters are named buttons too
    for _ in range(8):  # press a numbered cluster until the view is small enough to load
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(400)
        page.wait_for_function("document.querySelector('[data-map-canvas]').dataset.state === 'ready'")
        if int(canvas.get_attribute("data-markers")) > 0:
            break
    else:
        pytest.fail("zooming in never loaded a part")
    total = len(list((small_parts_site / "maps" / "all").glob("*.js")))
    assert 0 < len(set(parts)) < total  # the view's parts, not all of them
    assert canvas.get_attribute("data-shown") == str(located)


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    """A synthetic site of 150 providers (a directory of several pages), with small map parts."""
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import make_site

    from kyoten.model.site import load_site
    from kyoten.render import maps
    tmp = tmp_path_factory.mktemp("paged")
    site_dir = make_site(tmp / "city", 150)
    keep = maps.PART_MAX
    maps.PART_MAX = 10
    try:
        assert build(site_dir, tmp / "site") == 0
    finally:
        maps.PART_MAX = keep
    return tmp / "site", load_site(site_dir)


def test_near_on_a_directory_of_several_pages_shows_the_nearest_of_the_whole_site(chromium, paged_site):
    out, site = paged_site
    here = site.providers[120].location or site.providers[121].location  # a provider far from page 1
    context = chromium.new_context(viewport=PHONE, geolocation={"latitude": here[0], "longitude": here[1]},
                                   permissions=["geolocation"])
    page = context.new_page()
    parts: list[str] = []
    page.on("request", lambda r: parts.append(r.url) if "/maps/all/" in r.url else None)
    page.goto((out / "providers" / "index.html").as_uri())
    assert page.locator("nav.pager").is_visible()
    page.get_by_role("button", name=name("現在地から近い順")).click()
    page.get_by_role("button", name=name("現在地を使って並べる")).click()
    page.locator("[data-near-status]").filter(has_text="近い順に表示しています").wait_for()
    want = sorted((p for p in site.providers if p.location), key=lambda p: _km(here, p.location))[:30]
    shown = page.locator("#provider-results .provider-card:visible")
    assert shown.evaluate_all(IDS) == [p.id for p in want]
    assert shown.first.locator(".provider-card__distance").inner_text().startswith("現在地から約10m")
    assert shown.first.locator("a").first.get_attribute("href").endswith(f"providers/{want[0].id}/index.html")
    assert not page.locator("nav.pager").is_visible()  # 五十音 pages do not apply to this order
    assert HEADINGS(page) == ["h2", "h3"] + ["h4"] * 30
    total = len(list((out / "maps" / "all").glob("*.js")))
    assert 0 < len(set(parts)) < total  # the nearest parts only
    assert axe_violations(page) == []
    page.get_by_role("button", name=name("五十音順に戻す")).click()
    assert page.locator("nav.pager").is_visible()
    assert page.locator("#provider-results .provider-card:visible").count() == 36
    context.close()


def test_first_card_on_the_first_screen_of_a_directory_of_several_pages(phone, paged_site):
    out, _ = paged_site
    phone.goto((out / "providers" / "index.html").as_uri())
    assert phone.locator(".pager-status").bounding_box()["y"] < phone.evaluate(FIRST_CARD_TOP) < PHONE["height"] - 24


LAST_LINES = """selector => [...document.querySelectorAll(selector)].filter(h => h.getClientRects().length).map(h => {
    // the characters of the element's text (readings left out) line by line, in document order: a new line
    // starts where a character sits lower than the line's first (ruby may shift a base by a pixel or two)
    const lines = [];
    let top = null;
    const walk = document.createTreeWalker(h, NodeFilter.SHOW_TEXT,
        {acceptNode: n => n.parentElement.closest('rt') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    for (let n; (n = walk.nextNode());) {
        for (let i = 0; i < n.length; i++) {
            const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
            const rect = r.getClientRects()[0];
            if (!rect || !n.data[i].trim()) continue;
            if (top === null || rect.top > top + 8) { lines.push(''); top = rect.top; }
            lines[lines.length - 1] += n.data[i];
        }
    }
    return [h.textContent.trim(), lines];
})"""


@pytest.mark.parametrize("furigana", [False, True])
@pytest.mark.parametrize("where, selector", [("index.html", "main h1, main h2"),
                                             ("providers/banbisho-tosutei/index.html", ".facts dt"),
                                             ("opendata/index.html", "main th")])
def test_no_heading_leaves_a_short_last_line_on_a_phone(phone, root_url, furigana, where, selector):
    """Headings, the labels of a provider's facts and table headings on a 360 px phone break between phrases:
    「困ったとき・緊急のときの連絡先」 used to end in a line of 絡先 (連 above it), 「夜間・休日の電話」 in a line of
    話, the open-data columns' 「事業所番号」 in a line of 号."""
    phone.goto(root_url + where)
    if furigana:
        phone.get_by_role("button", name=name("ふりがなをつける")).click()
    headings = phone.evaluate(LAST_LINES, selector)
    assert len(headings) >= 5
    wrapped = [(text, lines) for text, lines in headings if len(lines) > 1]
    assert wrapped, "no heading wraps at 360 px: the check would prove nothing"
    short = [(text, lines) for text, lines in wrapped if len(lines[-1]) * 3 < max(map(len, lines))]
    assert not short, short
