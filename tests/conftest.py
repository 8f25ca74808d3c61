"""Shared fixtures: build real sites into temporary folders and parse their HTML."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import lxml.html
import pytest

from kyoten.model.site import Site, load_site
from kyoten.tools.cli import main as kyoten

ROOT = Path(__file__).resolve().parent.parent
SITE_FILES = ("site_config.yml", "providers.yaml", "content")


def copy_site(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        s = src / name
        if s.is_dir():
            shutil.copytree(s, dst / name)
        elif s.exists():
            shutil.copy2(s, dst / name)
    return dst


def build(site_dir: Path, out: Path, *extra: str, pdf: bool = False) -> int:
    """`kyoten build`; without the PDFs (WeasyPrint is most of a build) unless the test opens them."""
    return kyoten(["build", str(site_dir), "-d", str(out), *extra, *([] if pdf else ["--no-pdf"])])


@functools.cache
def demo() -> Site:
    """The root demo city's model, loaded on first use (never when a module is imported)."""
    return load_site(ROOT)


@pytest.fixture(scope="session")
def root_site(tmp_path_factory) -> Path:
    """The root demo city, built once per test session, PDFs included."""
    out = tmp_path_factory.mktemp("root") / "site"
    assert build(ROOT, out, pdf=True) == 0
    return out


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def text(el) -> str:
    """The text a reader sees with furigana off (the <rt> readings left out)."""
    return " ".join("".join(el.xpath(".//text()[not(ancestor::rt)]")).split())


# --- browser tests: Debian's Chromium driven by Playwright, axe-core from the npm registry ------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def chromium():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs Debian's chromium package")
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def serve_dir(directory: Path):
    """Serve a folder on 127.0.0.1 (a random port) in a thread; returns (base_url, stop)."""
    import functools
    import http.server
    import threading

    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}/", stop


@pytest.fixture()
def page(chromium):
    """A fresh browser page at desktop size (1280 × 900)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    yield p
    context.close()


@pytest.fixture(scope="session")
def root_url(root_site):
    url, stop = serve_dir(root_site)
    yield url
    stop()


# the elements axe names in an exception must all be what its reason says: a control or heading that holds
# <ruby> and is named by its text without the readings (kyoten.js plainNames)
EXCEPTION_HOLDS_JS = r"""targets => targets.every(t => {
  const el = document.querySelector(t);
  if (!el || !el.querySelector('ruby')) return false;
  const c = el.cloneNode(true);
  c.querySelectorAll('rt, rp, [aria-hidden="true"]').forEach(n => n.remove());
  return el.getAttribute('aria-label') === c.textContent.replace(/\s+/g, ' ').trim();
})"""


def axe_violations(page, tags=None) -> list[dict]:
    """Run axe-core in the page with `tags` (default: every tag the accessibility page names, AXE_TAGS:
    WCAG 2.2 AA and best practices); returns the violations (id, impact, help, targets), less the exceptions the
    accessibility page documents (pages/conformance.py) where their reason holds for every element named:
    a control or heading that holds <ruby>, named by its text without the readings (the page shows furigana)."""
    from kyoten.pages.conformance import AXE_EXCEPTIONS, AXE_TAGS

    tags = AXE_TAGS if tags is None else tags

    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (npm ci in tests/browser)")
    page.add_script_tag(path=str(AXE))
    # resultTypes: only violations get their details collected (axe's documented speed-up)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", list(tags))
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
            if not (v["id"] in AXE_EXCEPTIONS and page.evaluate(EXCEPTION_HOLDS_JS, [n["target"][-1] for n in v["nodes"]]))]


def pytest_collection_modifyitems(items):
    """Every test that uses the browser is marked `browser` (`pytest -m browser` times issue 8's suite)."""
    for item in items:
        if {"chromium", "page", "root_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


EXAMPLES = ("chiba", "kokubunji", "matsudo", "osaka", "shiroi")


@pytest.fixture(scope="session")
def all_sites(tmp_path_factory) -> dict[str, Path]:
    """The root demo and every example city, built once per session without PDFs: name → output folder."""
    base = tmp_path_factory.mktemp("all")
    out = {}
    for name, src in (("root", ROOT), *((n, ROOT / "examples" / n) for n in EXAMPLES)):
        assert build(src, base / name) == 0, name
        out[name] = base / name
    return out
