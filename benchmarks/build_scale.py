"""Build time and page weight of kyoten against plain mkdocs with the same number of pages.

    python benchmarks/build_scale.py --providers 1000 [--repeat 3]

Makes a synthetic but valid site (benchmarks/synth.py: N providers over 20 areas), builds it with
`kyoten build`, then builds a plain mkdocs site (mkdocs' own theme and search, pages kept out of the
nav as a large mkdocs site must) with the same number of pages of similar size, alternating the two,
and prints one JSON line: providers, pages, kyoten_s, mkdocs_s, ratio, peak_rss_mb (kyoten), and the
bytes of the largest HTML page, the directory page, the search index and the GeoJSON.
Each build runs in a child process; times are the median over --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import make_site  # noqa: E402


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Run a command; return (seconds, peak RSS in MB) of that child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def plain_mkdocs_site(dest: Path, pages: int, page_bytes: int) -> None:
    """`pages` Markdown pages of about `page_bytes` of text each (what a provider page says)."""
    docs = dest / "docs"
    docs.mkdir(parents=True)
    para = ("事業所の名前、所在地、電話番号、受付時間、担う拠点の機能、サービス、主な対象を掲載しています。" * 4 + "\n\n")
    body = para * max(1, page_bytes // len(para.encode()))
    (docs / "index.md").write_text("# トップ\n\n" + body, encoding="utf-8")
    for i in range(1, pages):
        (docs / f"p{i:05d}.md").write_text(f"# 事業所 {i}\n\n" + body, encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: baseline\ntheme:\n  name: mkdocs\nnav:\n  - index.md\nplugins:\n  - search:\n      lang: ja\n",
        encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--providers", type=int, required=True)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    kyoten = str(Path(sys.executable).with_name("kyoten"))
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    with tempfile.TemporaryDirectory(prefix="kyoten-bench-") as tmp:
        tmp = Path(tmp)
        site = tmp / "city"
        make_site(site, args.providers)
        out = tmp / "out"
        # one build first, to count the pages and size the baseline's pages alike
        timed([kyoten, "build", str(site), "-d", str(out)])
        html = sorted(out.rglob("*.html"))
        provider_pages = [p for p in html if p.parent.parent.name == "providers" and p.name == "index.html"]
        avg_provider = int(statistics.mean(p.stat().st_size for p in provider_pages[:200]))
        base = tmp / "baseline"
        plain_mkdocs_site(base, len(html), avg_provider // 3)  # markdown text ≈ a third of a themed page
        k_times, m_times, k_rss = [], [], []
        for _ in range(args.repeat):
            shutil.rmtree(out, ignore_errors=True)
            t, rss = timed([kyoten, "build", str(site), "-d", str(out)])
            k_times.append(t)
            k_rss.append(rss)
            shutil.rmtree(base / "site", ignore_errors=True)
            t, _ = timed([mkdocs, "build", "-q"], cwd=base)
            m_times.append(t)
        geojson = out / "opendata" / "providers.geojson"
        index = [out / "search" / "search_index.js", *(out / "search" / "data").glob("*.js")]  # all its files
        result = {
            "providers": args.providers,
            "pages": len(html),
            "kyoten_s": round(statistics.median(k_times), 2),
            "mkdocs_s": round(statistics.median(m_times), 2),
            "ratio": round(statistics.median(k_times) / statistics.median(m_times), 3),
            "peak_rss_mb": round(max(k_rss), 1),
            "largest_html_bytes": max(p.stat().st_size for p in html),
            "directory_bytes": (out / "providers" / "index.html").stat().st_size,
            "search_index_bytes": sum(f.stat().st_size for f in index if f.exists()),
            "geojson_bytes": geojson.stat().st_size if geojson.exists() else None,
            "baseline_page_bytes": (base / "site" / "p00001" / "index.html").stat().st_size,
        }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
