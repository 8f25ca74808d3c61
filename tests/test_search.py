"""Issue 16: search over every page, by kind, in kanji, kana and romaji, split into small files on a
large site, from http:// and file://, and without JavaScript."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT, build, demo, serve_dir
from kyoten import urls
from kyoten.model.vocab import SERVICE_VOCAB
from kyoten.render import search

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import make_site  # noqa: E402

SPLIT = search.SPLIT_FROM + 20  # providers: just enough for the split index
DONE = "document.querySelector('[data-search-status]').textContent.length > 0"


@pytest.fixture(scope="module")
def split_site(tmp_path_factory) -> Path:
    """A synthetic site large enough for shards and chunks."""
    tmp = tmp_path_factory.mktemp("split")
    out = tmp / "out"
    assert build(make_site(tmp / "city", SPLIT), out) == 0
    return out


def _query(page, base: str, query: str) -> dict:
    """Search via the address (?q=), as a shared link does; returns status, headings and result links."""
    page.goto(base + "search/index.html?q=" + quote(query))
    page.wait_for_function(DONE)
    hrefs = page.eval_on_selector_all("[data-search-results] a", "els => els.map(a => a.getAttribute('href'))")
    return {"status": page.inner_text("[data-search-status]"),
            "headings": page.locator("[data-search-results] h2").all_inner_texts(),
            "hrefs": [h.removeprefix("../") for h in hrefs]}


def _in_kind(page, kind: str) -> list[str]:
    section = page.locator("[data-search-results] section", has=page.get_by_role("heading", name=re.compile("^" + re.escape(kind) + "（")))
    return [h.removeprefix("../") for h in section.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")]


@pytest.mark.parametrize("query,kind,expected", [
    ("事前登録", "ご案内", urls.PREREGISTRATION),
    ("夜間", "ご案内", urls.PREREGISTRATION),
    ("夜間", "そのほかのページ", urls.HOME),  # the top page's after-hours contact
    ("聞き取り票", "ご案内", urls.PREREGISTRATION_FORM),
    ("加算", "ご案内", urls.FOR_PROVIDERS),
    ("運用状況", "運用状況", urls.REPORTS),
    ("うんようじょうきょう", "運用状況", urls.report(2025)),
    ("jizentoroku", "ご案内", urls.PREREGISTRATION),
    ("キキトリヒョウ", "ご案内", urls.PREREGISTRATION_FORM),
])
def test_words_of_guidance_and_report_pages_find_them(page, root_url, query, kind, expected):
    found = _query(page, root_url, query)
    assert any(h.startswith(kind) for h in found["headings"]), found
    assert expected in _in_kind(page, kind)


def test_vacancy_finds_the_providers_that_state_one(page, root_url):
    found = _query(page, root_url, "空床")
    with_vacancy = {urls.provider(p.id) for p in demo().providers if p.vacancy}
    assert with_vacancy and with_vacancy <= set(_in_kind(page, "事業所"))
    assert found["headings"][0].startswith("事業所")


SHORT_STAY = ("短期入所", "たんきにゅうしょ", "タンキニュウショ", "tankinyusho", "tanki-nyusho", "ショートステイ",
              "ｼｮｰﾄｽﾃｲ")


def test_short_stay_in_kanji_kana_romaji_and_its_alias_finds_the_same_providers(page, root_url):
    offering = {urls.provider(p.id) for p in demo().providers if "tanki-nyusho" in p.services}
    assert len(offering) > 5
    sets = {}
    for query in SHORT_STAY:
        _query(page, root_url, query)
        sets[query] = set(_in_kind(page, "事業所"))
    assert all(s == sets["短期入所"] for s in sets.values()), {q: len(s) for q, s in sets.items()}
    assert offering <= sets["短期入所"]
    # the alias is the vocabulary's: ショートステイ names 短期入所 there
    assert "ショートステイ" in SERVICE_VOCAB.by_id["tanki-nyusho"].aliases


@pytest.mark.parametrize("query", ["soudan", "sodan", "sōdan", "ソウダン", "そうだん"])
def test_romaji_with_or_without_long_vowels_finds_what_kanji_finds(page, root_url, query):
    _query(page, root_url, "相談")
    kanji = set(_in_kind(page, "事業所"))
    _query(page, root_url, query)
    assert set(_in_kind(page, "事業所")) == kanji


def test_results_are_grouped_by_kind_with_counts(page, root_url):
    found = _query(page, root_url, "相談")
    kinds = [label for _, label in search.KINDS]
    shown = [re.match(r"(.+)（(\d+)件）", h).groups() for h in found["headings"]]
    assert [k for k, _ in shown] == [k for k in kinds if k in dict(shown)]  # in the kinds' order
    assert {"事業所", "拠点の機能"} <= set(dict(shown))
    for label, count in shown:  # each heading's count is its list's length (all fit on one page here)
        assert len(_in_kind(page, label)) == int(count)
    total = sum(int(c) for _, c in shown)
    status = page.locator("[data-search-status]")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert f"{total}件" in found["status"]
    # the kinds are headings a screen reader can jump between, one level under the page's h1
    assert page.locator("[data-search-results] section h2").count() == len(shown)
    # a provider whose name holds the word comes before one where only its services or role do
    names = page.locator("[data-search-results] section").first.locator("a").all_inner_texts()
    holds = ["相談" in n for n in names]
    assert holds == sorted(holds, reverse=True)


def test_no_match_says_so_politely(page, root_url):
    found = _query(page, root_url, "ぬぬぬぬぬ")
    assert found["hrefs"] == [] and "見つかりませんでした" in found["status"]
    assert "ひらがなや、短い言葉でもお試しください" in found["status"]  # how to search again (3.3.3)


def test_small_site_is_one_file(root_site: Path):
    assert (root_site / urls.SEARCH_SCRIPT).exists()
    assert not (root_site / urls.SEARCH_DATA).exists()
    assert not (root_site / "search" / "search_index.json").exists()


def test_large_site_query_loads_a_few_small_files(chromium, split_site: Path):
    shards = sorted((split_site / urls.SEARCH_DATA).glob("k*.js"))
    chunks = sorted((split_site / urls.SEARCH_DATA).glob("d*.js"))
    assert len(shards) == search.plan_for(SPLIT)[0] and len(chunks) == search.plan_for(SPLIT)[1]
    url, stop = serve_dir(split_site)
    context = chromium.new_context()
    page = context.new_page()
    loaded: list[str] = []
    page.on("response", lambda r: loaded.append(r.url))
    try:
        found = _query(page, url, "soudan")
    finally:
        stop()
    data = [u for u in loaded if "/" + urls.SEARCH_DATA in u]
    assert data and len([u for u in data if "/k" in u.rsplit("/", 1)[1][:2]]) < len(shards) // 4
    assert found["headings"][0].startswith("事業所")
    context.close()


def _file_page(chromium, site: Path, query: str):
    context = chromium.new_context()
    page = context.new_page()
    page.goto((site / urls.SEARCH).as_uri() + "?q=" + quote(query))
    page.wait_for_function(DONE)
    return context, page


@pytest.mark.parametrize("which", ["root", "split"])
def test_search_works_from_a_folder(chromium, root_site: Path, split_site: Path, which):
    """Opened from file:// (a USB stick), where fetch() is blocked: every index file is a script."""
    site = root_site if which == "root" else split_site
    sets = []
    for query in ("短期入所", "たんきにゅうしょ", "tankinyusho"):
        context, page = _file_page(chromium, site, query)
        links = set(_in_kind(page, "事業所"))
        sets.append(links)
        assert links, page.inner_text("[data-search-status]")
        context.close()
    assert sets[0] == sets[1] == sets[2]


def test_more_results_by_keyboard(chromium, split_site: Path):
    context, page = _file_page(chromium, split_site, "soudan")
    section = page.locator("[data-search-results] section").first
    first = section.locator("a").count()
    assert first == 20
    more = section.get_by_role("button", name=re.compile("さらに表示する"))
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('[data-search-results] section:first-of-type a').length > 20")
    assert section.locator("a").count() == 40
    # focus goes to the first new result, so a keyboard or screen-reader user reads on from there
    assert page.evaluate("document.activeElement.textContent") == section.locator("a").nth(20).inner_text()
    context.close()


def test_without_javascript_the_page_says_so_and_links_to_the_directory(chromium, root_site: Path):
    url, stop = serve_dir(root_site)
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url + urls.SEARCH + "?q=" + quote("短期入所"))
        note = page.locator(".search-noscript")
        assert note.is_visible()
        assert "JavaScript" in note.inner_text() and "お手数ですが" in note.inner_text()
        link = note.get_by_role("link")
        assert link.get_attribute("href") == "../" + urls.DIRECTORY
        link.click()
        assert page.url.endswith(urls.DIRECTORY)
    finally:
        context.close()
        stop()


def test_search_results_pass_axe(page, root_url):
    from conftest import axe_violations

    _query(page, root_url, "たんきにゅうしょ")
    assert axe_violations(page) == []


# --- the index itself, without a browser ----------------------------------------------------------

@pytest.mark.parametrize("text,normal", [
    ("ソウダン", "そうだん"), ("ショートステイ", "しょうとすてい"), ("ｼｮｰﾄｽﾃｲ", "しょうとすてい"), ("ケーキ", "けえき"),
    ("ＡＢＣ", "abc"), ("ー", ""), ("短期入所", "短期入所"), ("①相談", "1相談"),
])
def test_normalise(text, normal):
    """The same in search.js (test_short_stay_… and test_romaji_… check them together in Chromium)."""
    assert search.normalise(text) == normal


def test_posting_lists_round_trip():
    import base64

    def decode(text: str, n: int) -> list[int]:
        if text.startswith("~"):
            bits = base64.b64decode(text[1:])
            return [i for i in range(n) if bits[i >> 3] >> (i & 7) & 1]
        out, prev, v, shift = [], -1, 0, 0
        for ch in text:
            c = search._A64.index(ch)
            if c >= 32:
                v += (c - 32) << shift
                shift += 5
                continue
            prev += v + (c << shift) + 1
            out.append(prev)
            v = shift = 0
        return out

    for ids in ([], [0], [5, 6, 7, 1000, 19999], list(range(0, 20000, 3)), list(range(31, 40000, 1001))):
        n = max(ids, default=0) + 1
        assert decode(search.encode(ids, n), n) == ids


def test_index_is_the_same_whatever_the_string_hashing(tmp_path: Path):
    """Reproducible builds: the index's bytes do not follow Python's per-process string hashing."""
    import os
    import subprocess

    made = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "kyoten", "build", str(ROOT), "-d", str(out), "--no-pdf"],
                       check=True, capture_output=True, env=env)
        made.append((out / urls.SEARCH_SCRIPT).read_bytes())
    assert made[0] == made[1]
