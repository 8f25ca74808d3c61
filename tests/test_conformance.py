"""Issue 18: conformance beyond the axe minimum, on every page kind of every site (the root demo city and
the five examples/ cities): axe with WCAG 2.2 and best practice, the Nu HTML Checker, target size (2.5.8),
focus not obscured (2.4.11), consistent help (3.2.6), accessible names with furigana on and off, and
tagged PDFs. The rule sets and exceptions are kyoten/pages/conformance.py (the accessibility page shows them).

One Chromium for the session (conftest), each example city built once per module without PDFs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from conftest import AXE, EXCEPTION_HOLDS_JS, ROOT, build, parse, serve_dir, text
from kyoten.pages.conformance import AXE_EXCEPTIONS, AXE_TAGS

CITIES = ("chiba", "osaka", "shiroi", "matsudo", "kokubunji")
VNU = ROOT / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = (360, 1280)
FURIGANA_ON = "try { localStorage.setItem('kyoten-furigana', 'on') } catch (e) {}"


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind (`<body data-kind>`), the first in path order; listings once per folder
    (areas/, providers/services/, providers/targets/, …): kind → path from the site root."""
    kinds: dict[str, str] = {}
    for f in sorted(site.rglob("*.html")):
        m = re.search(rb'<body[^>]*\bdata-kind="([^"]+)"', f.read_bytes())
        if m:
            rel = f.relative_to(site).as_posix()
            kind = m.group(1).decode()
            kinds.setdefault(kind + (":" + rel.rsplit("/", 2)[0] if kind == "listing" else ""), rel)
    return kinds


@pytest.fixture(scope="module")
def sites(root_site, tmp_path_factory) -> dict[str, Path]:
    """The root demo city (PDFs included, shared by the session) and the five cities, built once here."""
    out = {"root": root_site}
    for city in CITIES:
        out[city] = tmp_path_factory.mktemp(city) / "site"
        assert build(ROOT / "examples" / city, out[city], "--strict") == 0
    return out


@pytest.fixture(scope="module")
def urls(sites, tmp_path_factory):
    """Each site served at the path its site_url names (/kaede/, /examples/chiba/), where its 404.html,
    which links from the root, finds its stylesheet and script."""
    served = {}
    for name, site in sites.items():
        root = re.search(r'href="/([^"]*)assets/kyoten\.css"', (site / "404.html").read_text(encoding="utf-8")).group(1)
        top = tmp_path_factory.mktemp(f"{name}-served")
        (top / root).parent.mkdir(parents=True, exist_ok=True)
        (top / root.rstrip("/")).symlink_to(site, target_is_directory=True)
        url, stop = serve_dir(top)
        served[name] = (url + root, stop)
    yield {name: url for name, (url, _) in served.items()}
    for _, stop in served.values():
        stop()


def every_page(sites) -> list[tuple[str, str, str]]:
    return [(name, kind, rel) for name, site in sites.items() for kind, rel in page_kinds(site).items()]


# a desktop with furigana off, and a phone with furigana on (ruby makes lines taller and wider)
VIEWS = ((1280, False), (360, True))


@pytest.fixture(scope="module")
def walk(chromium, sites, urls) -> dict[tuple[str, str, int], dict]:
    """Every page kind of every site loaded once in each view; axe, target size and the help order are
    measured on that one load: (site, kind, width) → results."""
    results = {}
    for width, furigana in VIEWS:
        context = chromium.new_context(viewport={"width": width, "height": 800})
        if furigana:
            context.add_init_script(FURIGANA_ON)
        page = context.new_page()
        for name, kind, rel in every_page(sites):
            page.goto(urls[name] + rel)
            assert page.evaluate("document.documentElement.classList.contains('furigana')") is furigana
            results[(name, kind, width)] = {"targets": page.evaluate(TARGET_SIZE_JS),
                                            "help": page.evaluate(HELP_ORDER_JS), "axe": _axe(page)}
        context.close()
    return results


def test_every_site_has_every_page_kind(sites):
    """The walk below covers every template of pages/spec.py KINDS on the root site (main.html is
    Markdown's), and the core kinds on every city."""
    from kyoten.pages.spec import KINDS

    root = {k.split(":")[0] for k in page_kinds(sites["root"])}
    assert {k.removesuffix(".html") for k in KINDS} - {"main"} <= root | {"home", "markdown"}, root
    assert {"home", "markdown", "404"} <= root
    for name, site in sites.items():
        kinds = {k.split(":")[0] for k in page_kinds(site)}
        assert {"home", "directory", "function", "listing", "search", "accessibility", "404"} <= kinds, name


# --- tagged PDFs -------------------------------------------------------------------------------------


def _catalog_text(pdf: bytes) -> bytes:
    """The PDF's objects as text: the file itself and every Flate stream inflated (object streams hold
    the catalog when the PDF is compressed)."""
    parts = [pdf]
    for m in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[m.end():m.end() + 2_000_000]))
        except zlib.error:
            pass
    return b"\n".join(parts)


def test_every_pdf_is_tagged_with_language_and_title(root_site):
    pdfs = sorted(root_site.rglob("*.pdf"))
    assert len(pdfs) >= 4, pdfs  # three flyers and the blank 聞き取り票
    for pdf in pdfs:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M), (pdf, info)
        title = re.search(r"^Title:\s+(.+)$", info, re.M)
        page = pdf.parent / pdf.stem / "index.html" if (pdf.parent / pdf.stem).is_dir() else pdf.with_name("index.html")
        assert title and re.search(r"[一-龥]", title.group(1)), (pdf, info)
        assert title.group(1).strip().split()[-1] in text(parse(page).xpath("//h1")[0]), (pdf, title.group(1))
        objects = _catalog_text(pdf.read_bytes())
        assert re.search(rb"/Lang\s*\(ja\)", objects), pdf
        assert re.search(rb"/DisplayDocTitle\s+true", objects), pdf
        assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", objects), pdf
        meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert 'pdfuaid:part="1"' in meta, pdf
        struct = subprocess.run(["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert struct.startswith("Document") and re.search(r"^\s+H1\b", struct, re.M), (pdf, struct[:500])


# --- the Nu HTML Checker ---------------------------------------------------------------------------------


def test_vnu_finds_no_error_on_any_page_kind(sites):
    if not VNU.exists():
        pytest.fail("vnu.jar is missing: run `make browser-deps` (npm ci in tests/browser)")
    if not shutil.which("java"):
        pytest.fail("Java is missing: run `make browser-deps` (default-jre-headless)")
    files = [str(sites[name] / rel) for name, _, rel in every_page(sites)]
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr)["messages"]
    errors = [(m.get("url", "").split("/tmp/")[-1], m.get("lastLine"), m["message"]) for m in messages
              if m["type"] != "info"]
    assert errors == [], errors[:20]
    assert len(files) >= 90, len(files)  # ~16–24 kinds on each of six sites


def test_vnu_reports_an_error_it_should(tmp_path):
    """The checker runs and fails on a page the theme could produce by mistake (the test above can fail)."""
    if not VNU.exists():
        pytest.fail("vnu.jar is missing: run `make browser-deps`")
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="ja"><head><title>x</title></head><body>'
                   '<a href="#"><button>二重</button></a><p id="a"></p><p id="a"></p></body></html>', encoding="utf-8")
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(bad)],
                         capture_output=True, text=True, timeout=120)
    assert len(json.loads(run.stderr)["messages"]) >= 2


# --- axe-core: WCAG 2.0–2.2 A/AA and best practice --------------------------------------------------------


def _axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (npm ci in tests/browser)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", list(AXE_TAGS))
    out = []
    for v in result["violations"]:
        targets = [n["target"][-1] for n in v["nodes"]]
        # where furigana shows (the toggle, or a page that always shows it: the やさしい日本語 page)
        if v["id"] in AXE_EXCEPTIONS and page.evaluate(EXCEPTION_HOLDS_JS, targets):
            continue
        out.append({"id": v["id"], "help": v["help"], "targets": targets[:3]})
    return out


def test_axe_wcag22_and_best_practice_on_every_page_kind(walk):
    """axe (WCAG 2.0–2.2 A/AA and best practice) on every page kind of every site, in both views."""
    found = {page: got["axe"] for page, got in walk.items() if got["axe"]}
    assert found == {}
    assert len(walk) >= 180, len(walk)  # ~16–24 kinds × 6 sites × 2 views


def test_axe_exceptions_say_when_and_why():
    for rule, (when, why) in AXE_EXCEPTIONS.items():
        assert re.search(r"[ぁ-ん]", when) and why.endswith("。"), rule
    assert {"wcag22aa", "best-practice"} <= set(AXE_TAGS)


# --- 2.5.8 target size, 2.4.11 focus not obscured, 3.2.6 consistent help ---------------------------------

# Every target (link, button, form field, summary, anything in the tab order) that is smaller than 24×24 CSS
# px fails unless a 24 px circle on its centre touches no other target nor another small target's circle
# (the spacing exception), or it is a link inside a sentence (the inline exception: text around it in the
# same block). Returns the failures as strings.
TARGET_SIZE_JS = r"""() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role=button], [role=link]';
  const visible = el => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0 && !el.closest('[hidden], [inert]'); };
  const targets = [...document.querySelectorAll(sel)].filter(visible);
  const inSentence = el => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (!block) return false;
    const c = block.cloneNode(true);
    c.querySelectorAll(sel + ', rt, rp').forEach(n => n.remove());
    return c.textContent.replace(/\s+/g, '').length > 0;  // words of the sentence, not of other targets
  };
  const boxes = targets.map(el => ({el, r: el.getBoundingClientRect()}));
  const small = boxes.filter(b => (b.r.width < 24 || b.r.height < 24) && !inSentence(b.el));
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const circleHitsRect = (c, r) => { const x = Math.max(r.left, Math.min(c[0], r.right));
    const y = Math.max(r.top, Math.min(c[1], r.bottom)); return (x - c[0]) ** 2 + (y - c[1]) ** 2 < 144; };
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
                     + ' "' + (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 30) + '"';
  const fails = [];
  for (const s of small) {
    const c = centre(s.r);
    const other = boxes.find(b => b.el !== s.el && !s.el.contains(b.el) && !b.el.contains(s.el) && circleHitsRect(c, b.r))
      || small.find(b => b.el !== s.el && !s.el.contains(b.el) && !b.el.contains(s.el)
                         && Math.hypot(...centre(b.r).map((v, i) => v - c[i])) < 24);
    if (other) fails.push(`${name(s.el)} ${Math.round(s.r.width)}×${Math.round(s.r.height)} next to ${name(other.el)}`);
  }
  return fails;
}"""


def test_target_size_minimum(walk):
    """2.5.8 on every page kind of every site, at 360 px (furigana on) and 1280 px (furigana off)."""
    failures = {page: got["targets"][:5] for page, got in walk.items() if got["targets"]}
    assert failures == {}


def test_target_size_check_can_fail(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.set_content('<p><a href="#a">本文中のリンク</a>です。</p>'
                     '<div><a href="#b" style="font-size:10px">x</a><a href="#c" style="font-size:10px">y</a></div>'
                     '<div style="margin-top:40px"><a href="#d" style="font-size:10px">z</a></div>')
    fails = page.evaluate(TARGET_SIZE_JS)
    context.close()
    assert len(fails) == 2 and all('"x"' in f or '"y"' in f for f in fails), fails


@pytest.mark.parametrize("width", WIDTHS)
def test_the_open_map_passes_axe_and_target_size(chromium, urls, width):
    """The map (Leaflet, opened by its button; tiles refused: no network) on the directory, with the
    filters applied, once its zoom animation has ended (mid-animation, clusters overlap for a moment)."""
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.route("https://**/*", lambda route: route.abort())
    page.goto(urls["root"] + "providers/index.html")
    page.locator("[data-map-show]").click()
    page.wait_for_function("document.querySelector('[data-map-canvas]').dataset.markers !== undefined")
    page.evaluate("document.querySelectorAll('[data-facets-box]').forEach(d => d.open = true)")  # closed on a phone
    page.locator("[data-facet] button").first.click()
    page.wait_for_function("!document.querySelector('.leaflet-zoom-anim')")
    page.wait_for_timeout(400)  # Leaflet's zoom and fade animations take 250 ms
    assert page.locator(".leaflet-marker-icon").count() > 0
    targets, violations = page.evaluate(TARGET_SIZE_JS), _axe(page)
    context.close()
    assert targets == [] and violations == []


# After each Tab: is the focused element at least partly visible (some point of it is topmost on screen)?
OBSCURED_JS = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rects = [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  const label = el.tagName.toLowerCase() + ' "' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30) + '"';
  if (!rects.length) return label + ' has no box';
  for (const r of rects) {
    for (const fx of [0.1, 0.5, 0.9]) for (const fy of [0.2, 0.5, 0.8]) {
      const x = r.left + r.width * fx, y = r.top + r.height * fy;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === el || el.contains(hit))) return '';
    }
  }
  return label + ' is hidden';
}"""
MAX_TABS = 150  # the directory has hundreds of links; the header, filters and first cards are what a sticky part could cover


@pytest.mark.parametrize("width", WIDTHS)
def test_focus_is_never_fully_obscured(chromium, sites, urls, width):
    """2.4.11: tab through every page kind of the root site; each focused element shows at least in part."""
    context = chromium.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    hidden, stops = {}, 0
    for kind, rel in page_kinds(sites["root"]).items():
        page.goto(urls["root"] + rel)
        seen = set()
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            problem = page.evaluate(OBSCURED_JS)
            if problem is None:
                break  # focus left the page's last element
            key = page.evaluate("() => { const e = document.activeElement; return e.outerHTML.slice(0, 200) + e.getBoundingClientRect().top }")
            if key in seen:
                break
            seen.add(key)
            stops += 1
            if problem:
                hidden.setdefault(kind, []).append(problem)
    context.close()
    assert stops > 300, stops
    assert hidden == {}


def test_focus_check_can_fail(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 400})
    page = context.new_page()
    page.set_content('<div style="position:sticky;top:0;height:120px;background:#fff;z-index:2">ヘッダー</div>'
                     '<div style="height:2000px"><a href="#x" style="position:relative;top:-100px">隠れるリンク</a></div>')
    page.evaluate("window.scrollTo(0, 40)")
    page.keyboard.press("Tab")
    problem = page.evaluate(OBSCURED_JS)
    context.close()
    assert problem and "hidden" in problem, problem


# The help mechanisms kyoten puts on every page (3.2.6): the contacts in the header (human contact), the
# site search in the menu (self-help) and the footer (the city and its pages), found in document order
# together with the page's main content.
HELP_ORDER_JS = r"""() => {
  const parts = {contacts: '.header-contacts', search: '.global-nav a[href$="search/index.html"]',
                 main: 'main', footer: 'footer.site-footer'};
  const found = Object.entries(parts).map(([k, s]) => [k, document.querySelector(s)]).filter(([, e]) => e);
  found.sort((a, b) => a[1].compareDocumentPosition(b[1]) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  const shown = found.filter(([, e]) => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0);
  const top = Object.fromEntries(shown.map(([k, e]) => [k, e.getBoundingClientRect().top + scrollY]));
  return {order: found.map(([k]) => k), shown: shown.map(([k]) => k),
          visualOrder: Object.keys(top).sort((a, b) => top[a] - top[b])};
}"""


def test_help_is_in_the_same_place_on_every_page_kind(walk):
    """3.2.6 Consistent Help: on each site the contacts, the search link and the footer come in the same
    order relative to the content on every page kind, in the document and on screen, in both views."""
    orders: dict[tuple[str, int], set] = {}
    for (name, kind, width), got in walk.items():
        assert got["help"]["order"] == ["contacts", "search", "main", "footer"], (name, kind, width, got["help"])
        assert got["help"]["shown"] == got["help"]["order"], (name, kind, width, got["help"])
        orders.setdefault((name, width), set()).add(tuple(got["help"]["visualOrder"]))
    assert {site: len(o) for site, o in orders.items() if len(o) != 1} == {}, orders
    assert len(orders) == 2 * (1 + len(CITIES))


# --- accessible names with furigana ------------------------------------------------------------------------

NAMED_ROLES = {"link", "button", "heading", "textbox", "searchbox", "combobox", "checkbox", "radio", "group"}
SNAPSHOT_LINE = re.compile(r'^\s*- (link|button|heading|textbox|searchbox|combobox|checkbox|radio|group) "((?:[^"\\]|\\.)*)"')


def _names(page, cdp, url: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(role, name) of every control and heading: Chromium's own accessibility tree (what a screen reader
    gets) and Playwright's name computation (the spec's algorithm, as axe's), both sorted."""
    page.goto(url)
    native = sorted((n["role"]["value"], " ".join(n.get("name", {}).get("value", "").split()))
                    for n in cdp.send("Accessibility.getFullAXTree")["nodes"]
                    if not n.get("ignored") and n.get("role", {}).get("value") in NAMED_ROLES
                    and n.get("name", {}).get("value", "").strip())
    spec = sorted((m.group(1), " ".join(json.loads(f'"{m.group(2)}"').split()))
                  for line in page.locator("body").aria_snapshot().splitlines()
                  if (m := SNAPSHOT_LINE.match(line)))
    return native, spec


def test_names_read_as_words_with_furigana_on_and_off(chromium, sites, urls):
    """Every link, button, heading and form field has the same name with furigana on and off, in Chromium's
    tree and by the spec's algorithm, and no reading (<rt>) or stray space inside it: 「検索する」."""
    views = []
    for furigana in (False, True):
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        if furigana:
            context.add_init_script(FURIGANA_ON)
        page = context.new_page()
        views.append((context, page, context.new_cdp_session(page)))
    differ, checked = {}, 0
    for kind, rel in page_kinds(sites["root"]).items():
        native_off, spec_off = _names(*views[0][1:], urls["root"] + rel)
        native_on, spec_on = _names(*views[1][1:], urls["root"] + rel)
        for label, got in (("chromium, furigana on", native_on), ("spec, furigana off", spec_off),
                           ("spec, furigana on", spec_on)):
            if got != native_off:
                differ[(kind, label)] = sorted(set(got) ^ set(native_off))[:6]
        checked += len(native_off)
    for context, _, _ in views:
        context.close()
    assert differ == {}
    assert checked > 500, checked


def test_search_button_is_named_as_one_word(chromium, urls):
    for furigana in (False, True):
        context = chromium.new_context()
        if furigana:
            context.add_init_script(FURIGANA_ON)
        page = context.new_page()
        page.goto(urls["root"] + "search/index.html")
        assert page.evaluate("document.documentElement.classList.contains('furigana')") is furigana
        assert page.locator("button[type=submit] ruby").count() == 1  # the ruby is there: the name ignores it
        assert page.get_by_role("button", name="検索する", exact=True).count() == 1
        assert page.get_by_role("searchbox", name="さがしたい言葉", exact=True).count() == 1
        context.close()
