"""How long `kyoten serve` takes to show an edit of one provider, on a synthetic site of N providers.

    python benchmarks/serve_edit.py --providers 20000 [--repeat 3]

Builds the site once as `kyoten serve` does (tools/serve.py Preview, PDFs off: the synthetic site has
no flyers), then edits one provider's phone number in providers.yaml --repeat times and calls the
live-reload builder, as the server does after it sees the file change. Prints one JSON line:
- visible_s: from the builder's start to the moment the browser may reload (the data loaded and
  checked, the changed pages found and written): the median;
- total_s: the same to the end (the search, map and open-data files rewritten where they changed);
- full_build_s: the first, whole build, for comparison.
The live-reload server notices a saved file within its polling interval (0.5 s) plus 0.1 s; that
delay comes on top of visible_s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import make_site  # noqa: E402


def main() -> None:
    from kyoten.tools.build import setup_logging
    from kyoten.tools.serve import Preview

    ap = argparse.ArgumentParser()
    ap.add_argument("--providers", type=int, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    setup_logging(False)
    with tempfile.TemporaryDirectory(prefix="kyoten-serve-bench-") as tmp:
        site = Path(tmp) / "city"
        make_site(site, args.providers)
        preview = Preview(site, Path(tmp) / "served", pdf=False)
        start = time.perf_counter()
        assert preview.full(preview.load(), workers=0)
        full = time.perf_counter() - start
        path = site / "providers.yaml"
        text = path.read_text(encoding="utf-8")
        marker = "  phone: "
        at = text.index(marker, len(text) // 2)  # a provider in the middle of the file
        visible, total = [], []
        for i in range(args.repeat):
            end = text.index("\n", at)
            text = text[:at] + f"{marker}043-{i % 10:03d}-{1000 + i:04d}" + text[end:]
            path.write_text(text, encoding="utf-8")
            seen: list[float] = []
            original = preview._visible
            preview._visible = lambda: seen.append(time.perf_counter())
            start = time.perf_counter()
            preview.rebuild()
            total.append(time.perf_counter() - start)
            preview._visible = original
            if not seen:
                raise SystemExit("the rebuild was not incremental")
            visible.append(seen[0] - start)
        print(json.dumps({
            "providers": args.providers,
            "full_build_s": round(full, 2),
            "visible_s": round(statistics.median(visible), 2),
            "total_s": round(statistics.median(total), 2),
            "runs_visible_s": [round(x, 2) for x in visible],
            "runs_total_s": [round(x, 2) for x in total],
        }, ensure_ascii=False))


if __name__ == "__main__":
    main()
