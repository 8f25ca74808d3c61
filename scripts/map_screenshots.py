"""Screenshots of the directory map and a provider map with tiles blocked (as offline), at 360 and 1280 px.

    python scripts/map_screenshots.py [SITE_OUT] [OUT_DIR]

Serves the built site over HTTP on 127.0.0.1 (fetch() of the GeoJSON needs http), aborts every request
to another host (the tiles), presses 「地図を表示する」 and captures the page from the map's heading down.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import ARGS, CHROMIUM, WIDTHS  # noqa: E402


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_port}/"
    provider = next(p.parent.name for p in sorted((site / "providers").glob("*/index.html"))
                    if "data-map-canvas" in p.read_text(encoding="utf-8"))
    targets = [("map-directory", "providers/index.html"), ("map-provider", f"providers/{provider}/index.html")]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
            for name, path in targets:
                page.goto(root + path)
                page.get_by_role("button", name=re.compile(r"地図\s*を\s*表示\s*する")).click()
                page.wait_for_function("document.querySelector('[data-map-canvas]').dataset.markers !== undefined")
                page.wait_for_timeout(500)  # let the cluster animation settle
                page.evaluate("document.getElementById('map-h').scrollIntoView()")
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target))
                print(target)
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
