"""What the site search costs a visitor: the index size and the time to the first result in Chromium.

    python benchmarks/search_speed.py --providers 20000 [--repeat 3]

Builds a synthetic site (synth.py) with `kyoten build`, serves it on 127.0.0.1 and opens its search page
in Debian's Chromium (Playwright) with a query in the address (?q=…, as a shared link or the browser's
back button does). Prints one JSON line:
- index_bytes / index_gzip_bytes: search/search_index.js as stored and as a web server sends it gzipped;
- first_result_ms: from the start of navigation until the results are on the page (download from
  localhost, parsing the index, searching), median over --repeat fresh pages;
- query_ms: one further search on the loaded page (typing a new word and pressing 検索する);
- slow_4g_download_s: the gzipped index over a 1.6 Mbit/s link (Lighthouse's mobile setting), computed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from synth import make_site  # noqa: E402

SLOW_4G_BITS = 1.6e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--providers", type=int, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve_dir
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kyoten-search-") as tmp:
        site = make_site(Path(tmp) / "city", args.providers)
        out = Path(tmp) / "out"
        kyoten = str(Path(sys.executable).with_name("kyoten"))
        subprocess.run([kyoten, "build", str(site), "-d", str(out)], check=True, capture_output=True)
        index = (out / "search" / "search_index.js").read_bytes()
        docs = json.loads(index.decode().split("=", 1)[1].rstrip(";\n"))["docs"]
        name = docs[-1][0].split()[0]  # a provider's name (its first word): many hits, as a visitor types
        url, stop = serve_dir(out)
        firsts, queries, hits = [], [], ""
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for _ in range(args.repeat):
                    context = browser.new_context(viewport={"width": 360, "height": 740})
                    page = context.new_page()
                    page.goto(f"{url}search/index.html?q={name}", wait_until="commit")
                    page.wait_for_function("document.querySelector('[data-search-results] li')", timeout=120_000)
                    firsts.append(page.evaluate("performance.now()"))
                    hits = page.inner_text("[data-search-status]")
                    page.fill("#q", "たんきにゅうしょ")
                    start = page.evaluate("performance.now()")
                    page.click("button[type=submit]")
                    page.wait_for_function("document.querySelector('[data-search-status]').textContent"
                                           ".includes('たんきにゅうしょ')")
                    queries.append(page.evaluate("performance.now()") - start)
                    context.close()
                browser.close()
        finally:
            stop()
    gz = len(gzip.compress(index, 6))
    print(json.dumps({
        "providers": args.providers, "index_docs": len(docs), "index_bytes": len(index), "index_gzip_bytes": gz,
        "first_result_ms": round(statistics.median(firsts)), "query_ms": round(statistics.median(queries)),
        "slow_4g_download_s": round(gz * 8 / SLOW_4G_BITS, 1), "query": name, "status": hits,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
