"""Keyboard walk, reflow at 320 px and text at 200 % on every page kind of the root demo city."""

from __future__ import annotations

import pytest

from test_browser import PAGE_KINDS

FOCUS_INFO = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return {html: e.outerHTML.slice(0, 80), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          shadow: s.boxShadow !== 'none', w: r.width, h: r.height, top: r.top + scrollY};
}"""


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_tab_walk_reaches_every_control_with_visible_focus_and_no_trap(page, root_url, kind):
    page.goto(root_url + PAGE_KINDS[kind])
    controls = page.evaluate("""() => [...document.querySelectorAll('a[href], button, summary, input, select, textarea, [tabindex]:not([tabindex="-1"])')]
        .filter(e => !e.hidden && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length""")
    seen, order = set(), []
    for _ in range(controls + 5):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO)
        if info is None:  # went past the last control, back to the document: no trap
            break
        assert info["outline"] and info["shadow"], f"focus not visible on {info['html']}"
        assert info["w"] > 0 and info["h"] > 0, info["html"]
        seen.add(info["html"])
        order.append(info)
    assert 'href="#main"' in order[0]["html"]  # the skip link first
    assert len(order) >= controls  # every visible control was reached
    assert len(order) <= controls + 1
    # the walk goes down the page (header, main, footer), not back and forth
    tops = [o["top"] for o in order[1:]]
    assert sum(b < a - 200 for a, b in zip(tops, tops[1:])) <= 2


def test_furigana_toggle_by_keyboard(page, root_url):
    page.goto(root_url + "index.html")
    for _ in range(4):
        page.keyboard.press("Tab")
        if "data-furigana-toggle" in page.evaluate("document.activeElement.outerHTML"):
            break
    page.keyboard.press("Space")
    assert page.evaluate("document.documentElement.classList.contains('furigana')")


CUT_TEXT = """() => [...document.querySelectorAll('body *')].filter(e => {
  const s = getComputedStyle(e);
  if (!['hidden', 'clip'].includes(s.overflowX) && !['hidden', 'clip'].includes(s.overflowY)) return false;
  if (e.classList.contains('visually-hidden')) return false;
  return e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
}).map(e => e.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_reflow_at_320px_and_text_at_200_percent(chromium, root_url, kind):
    """WCAG 1.4.10: no horizontal scroll at 320 CSS px; 1.4.4: at 200 % text nothing is cut off."""
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(root_url + PAGE_KINDS[kind])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.evaluate(CUT_TEXT) == []
    context.close()
