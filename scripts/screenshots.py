"""Screenshots of built pages at phone and desktop widths, for a person to look at.

    python scripts/screenshots.py [SITE_OUT] [OUT_DIR]   (make screenshots)
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
WIDTHS = (360, 1280)


def pages(site: Path) -> list[tuple[str, Path]]:
    provider = sorted(p for p in (site / "providers").iterdir() if (p / "index.html").is_file()
                      and p.name not in ("services", "targets", "roles"))[0]
    return [("top", site / "index.html"), ("directory", site / "providers" / "index.html"),
            ("provider", provider / "index.html"), ("function", site / "functions" / "emergency" / "index.html"),
            ("opendata", site / "opendata" / "index.html")]


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in pages(site):
                page.goto(path.as_uri())
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
