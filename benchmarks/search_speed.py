"""What one site search costs a visitor: bytes downloaded (gzipped) and the time to the first result.

    python benchmarks/search_speed.py --providers 1000 20000 [--repeat 3] [--keep /tmp/kyoten-search]

For each N, builds a synthetic site (synth.py) with `kyoten build --no-pdf` (or reuses the one built
before in --keep/N: building 20,000 providers takes minutes), serves it on 127.0.0.1 and runs three
queries in Debian's Chromium (Playwright), each in a fresh browser context (empty cache):
- kanji: a provider's name in kanji (地域活動支援センター星の家),
- kana: a service in hiragana (たんきにゅうしょ),
- romaji: soudan.
Every response is recorded (page.on("response")) and its body gzipped (level 6, as a web server
sends text): bytes are counted for the whole visit (page, CSS, scripts, search files) and for the
search files alone. Two times, median over --repeat fresh contexts:
- first_result_ms: from the start of navigation to `search/index.html?q=…` until the first result is on
  the page (page load, manifest, shards, names);
- query_ms: on a loaded search page, from pressing 検索する until the first result is on the page (the
  shards and names this query needs are downloaded then).
Prints one JSON line per N and query, then one summary line per N with the index's sizes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from synth import make_site  # noqa: E402

QUERIES = (("kanji", "地域活動支援センター星の家"), ("kana", "たんきにゅうしょ"), ("romaji", "soudan"))
FIRST = "document.querySelector('[data-search-results] li a')"


def built(keep: Path, n: int) -> Path:
    out = keep / f"out{n}"
    if (out / "search" / "search_index.js").exists():
        return out
    site = make_site(keep / f"site{n}", n)
    kyoten = str(Path(sys.executable).with_name("kyoten"))
    subprocess.run([kyoten, "build", str(site), "-d", str(out), "--no-pdf"], check=True, capture_output=True)
    return out


def index_sizes(out: Path) -> dict:
    files = [out / "search" / "search_index.js", *sorted((out / "search" / "data").glob("*.js"))]
    gz = [len(gzip.compress(f.read_bytes(), 6)) for f in files]
    shards = [g for f, g in zip(files, gz) if f.name.startswith("k")]
    return {"index_files": len(files), "index_bytes": sum(f.stat().st_size for f in files), "index_gzip_bytes": sum(gz),
            "manifest_gzip_bytes": gz[0], "shards": len(shards),
            "shard_gzip_median": statistics.median(shards) if shards else None, "shard_gzip_max": max(shards, default=None)}


def visit(browser, url: str, query: str) -> dict:
    """One fresh context: navigation with ?q=, then the same query typed again on the loaded page."""
    from urllib.parse import quote

    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    got: list[tuple[str, int, int]] = []

    def record(response):
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        got.append((response.url, len(body), len(gzip.compress(body, 6))))

    page.on("response", record)
    page.goto(f"{url}search/index.html?q={quote(query)}", wait_until="commit")
    page.wait_for_function(FIRST, timeout=120_000)
    first = page.evaluate("performance.now()")
    status = page.inner_text("[data-search-status]")
    page.wait_for_load_state("networkidle")
    search = [g for u, _, g in got if "/search/data/" in u or u.endswith("search_index.js")]
    visit_ = {"first_result_ms": first, "status": status, "requests": len(got),
              "bytes": sum(b for _, b, _ in got), "gzip_bytes": sum(g for _, _, g in got),
              "search_requests": len(search), "search_gzip_bytes": sum(search)}
    context.close()

    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{url}search/index.html")
    page.wait_for_load_state("networkidle")
    page.fill("#q", query)
    start = page.evaluate("performance.now()")
    page.click("button[type=submit]")
    page.wait_for_function(FIRST, timeout=120_000)
    visit_["query_ms"] = page.evaluate("performance.now()") - start
    context.close()
    return visit_


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--providers", type=int, nargs="+", default=[1000, 20000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=Path("/tmp/kyoten-search-bench"),
                    help="where the synthetic sites are built, and reused by the next run")
    args = ap.parse_args()
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve_dir
    from playwright.sync_api import sync_playwright

    args.keep.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.providers:
            out = built(args.keep, n)
            url, stop = serve_dir(out)
            try:
                for kind, query in QUERIES:
                    runs = [visit(browser, url, query) for _ in range(args.repeat)]
                    last = runs[-1]
                    print(json.dumps({
                        "providers": n, "query": kind, "text": query, "status": last["status"],
                        "requests": last["requests"], "search_requests": last["search_requests"],
                        "gzip_bytes": last["gzip_bytes"], "search_gzip_bytes": last["search_gzip_bytes"],
                        "bytes": last["bytes"],
                        "first_result_ms": round(statistics.median(r["first_result_ms"] for r in runs)),
                        "query_ms": round(statistics.median(r["query_ms"] for r in runs)),
                    }, ensure_ascii=False), flush=True)
            finally:
                stop()
            print(json.dumps({"providers": n, **index_sizes(out)}), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
