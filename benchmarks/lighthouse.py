"""Lighthouse (mobile setting) for the top, directory and provider pages of the built root site.

    make lighthouse        (npm ci in benchmarks/, then this script)

Serves site/ on 127.0.0.1 and runs Lighthouse with Debian's Chromium (CHROME_PATH); prints one JSON
line per page: performance and accessibility scores, LCP, TBT, CLS, total transfer bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from conftest import serve_dir  # noqa: E402

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking " \
        "--disable-component-update --disable-sync"


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    provider = sorted(p.name for p in (site / "providers").iterdir()
                      if (p / "index.html").exists() and p.name not in ("services", "targets", "roles", "emergency", "page"))[0]
    base, stop = serve_dir(site)
    try:
        for name, path in (("top", "index.html"), ("directory", "providers/index.html"),
                           ("provider", f"providers/{provider}/index.html")):
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                subprocess.run([str(LIGHTHOUSE), base + path, "--output=json", f"--output-path={out.name}",
                                "--only-categories=performance,accessibility", f"--chrome-flags={FLAGS}", "--quiet"],
                               check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
                r = json.load(open(out.name))
            a = r["audits"]
            print(json.dumps({
                "page": name,
                "performance": round(r["categories"]["performance"]["score"] * 100),
                "accessibility": round(r["categories"]["accessibility"]["score"] * 100),
                "lcp_ms": round(a["largest-contentful-paint"]["numericValue"]),
                "tbt_ms": round(a["total-blocking-time"]["numericValue"]),
                "cls": round(a["cumulative-layout-shift"]["numericValue"], 3),
                "transfer_bytes": a["total-byte-weight"]["numericValue"],
                "failed_a11y": [k for k, v in a.items() if v.get("score") == 0 and k in
                                {x["id"] for x in r["categories"]["accessibility"]["auditRefs"]}],
            }, ensure_ascii=False))
    finally:
        stop()


if __name__ == "__main__":
    main()
