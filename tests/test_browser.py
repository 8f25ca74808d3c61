"""The root demo city in Chromium: filters work instantly, no request leaves the site, axe finds nothing."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import axe_violations, demo

FIRST_PROVIDER = "iryoutekikeashiensenta-egao"  # the first in 五十音順 (checked below): no load at import
PAGE_KINDS = {
    "top": "index.html",
    "functions": "functions/index.html",
    "function": "functions/emergency/index.html",
    "directory": "providers/index.html",
    "provider": f"providers/{FIRST_PROVIDER}/index.html",
    "area": "areas/chuo/index.html",
    "areas": "areas/index.html",
    "service": "providers/services/tanki-nyusho/index.html",
    "markdown": "about.html",
    "accessibility": "accessibility/index.html",
    "search": "search/index.html",
    "opendata": "opendata/index.html",  # issue 7
    "preregistration": "preregistration/index.html",  # issue 5
    "preregistration-form": "preregistration/form/index.html",
    "for-providers": "for-providers/index.html",
    "flyers": "flyers/index.html",
    "flyer": "flyers/jizen-toroku/index.html",
    "reports": "reports/index.html",  # issue 6
    "report": "reports/2025/index.html",
    "target": "providers/targets/children/index.html",
    "language": "easy/index.html",  # issue 18: やさしい日本語
    "language-en": "en/index.html",  # and English
}


def name(text: str) -> re.Pattern:
    """An accessible name, spaces allowed between characters: Playwright's name computation puts spaces
    around each hidden <rt> (furigana) where kyoten.js has not named the control (no JavaScript); Chromium's
    own tree has none (tests/test_conformance.py)."""
    return re.compile(r"^\s*" + r"\s*".join(map(re.escape, text)) + r"\s*$")


def test_directory_filters_combine_instantly(page, root_url):
    page.goto(root_url + "providers/index.html")
    cards = page.locator("#provider-results .provider-card")
    assert cards.count() == len(demo().providers)
    # the filter links became toggle buttons
    page.get_by_role("button", name=name("中央地区")).click()
    want = demo().providers_with(area="chuo")
    assert page.locator("#provider-results .provider-card:visible").count() == len(want)
    page.get_by_role("button", name=name("緊急時の受入・対応")).click()
    want = demo().providers_with(area="chuo", function="emergency")
    visible = page.locator("#provider-results .provider-card:visible .provider-card__name")
    assert sorted(visible.all_inner_texts()) == sorted(p.name for p in want)
    assert page.get_by_role("button", name=name("中央地区")).get_attribute("aria-pressed") == "true"
    assert f"{len(want)}か所" in page.locator("[data-facets-status]").inner_text()
    # the choice is in the address, so reload keeps it
    assert "area=chuo" in page.url and "function=emergency" in page.url
    page.reload()
    assert page.locator("#provider-results .provider-card:visible").count() == len(want)
    page.get_by_role("button", name=name("条件をすべて解除")).click()
    assert page.locator("#provider-results .provider-card:visible").count() == len(demo().providers)


def test_filters_work_by_keyboard(page, root_url):
    page.goto(root_url + "providers/index.html")
    page.get_by_role("button", name=name("北部地区")).focus()
    page.keyboard.press("Enter")
    assert page.locator("#provider-results .provider-card:visible").count() == len(demo().providers_with(area="hokubu"))
    page.keyboard.press("Space")
    assert page.locator("#provider-results .provider-card:visible").count() == len(demo().providers)


def test_without_javascript_filters_are_links(chromium, root_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(root_url + "providers/index.html")
    page.get_by_role("link", name=name("南部地区")).first.click()
    assert page.url.endswith("areas/nanbu/index.html")
    assert page.locator(".provider-card").count() == len(demo().providers_with(area="nanbu"))
    context.close()


def test_404_page_is_accessible_where_it_is_served(chromium, root_site):
    """404.html is served at any missing path: put the site under /kaede/ as base_url says."""
    import shutil
    import tempfile
    from pathlib import Path

    from conftest import serve_dir
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(root_site, Path(tmp) / "kaede")
        url, stop = serve_dir(Path(tmp))
        try:
            context = chromium.new_context()
            page = context.new_page()
            page.goto(url + "kaede/404.html")
            assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Sans CJK JP"')
            assert axe_violations(page) == []
            context.close()
        finally:
            stop()


def test_no_request_leaves_the_site(page, root_url):
    host = urlsplit(root_url).netloc
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).netloc not in (host, "") else None)
    for path in PAGE_KINDS.values():
        page.goto(root_url + path)
    assert outside == []


def test_skip_link_is_the_first_tab_stop(page, root_url):
    page.goto(root_url + "index.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.outerHTML")
    assert 'href="#main"' in focused
    assert page.locator(".skip-link").is_visible()


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_wcag_a_or_aa_violation(page, root_url, kind):
    page.goto(root_url + PAGE_KINDS[kind])
    assert axe_violations(page) == []


def test_page_kinds_name_the_first_provider_and_every_kind():
    """The list of kinds above covers every page kind the demo city builds (pages/spec.py KINDS)."""
    from kyoten.pages.spec import KINDS

    assert demo().providers[0].id == FIRST_PROVIDER
    built = {"top": "home", "markdown": "markdown", "preregistration-form": "preregistration_form",
             "for-providers": "for_providers", "service": "listing", "area": "listing", "target": "listing",
             "language-en": "language"}
    covered = {built.get(k, k) for k in PAGE_KINDS} | {"404"}  # 404: test_404_page_is_accessible_where_it_is_served
    assert {k.removesuffix(".html") for k in KINDS} - {"main"} <= covered
