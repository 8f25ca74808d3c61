"""Build time and page weight of kyoten against plain mkdocs and Hugo with the same number of pages.

    python benchmarks/build_scale.py --providers 1000 [--repeat 3] [--against REV] [--tmp DIR]

Makes a synthetic but valid site (benchmarks/synth.py: N providers over 20 areas), builds it with
`kyoten build`, then builds a plain mkdocs site (mkdocs' own theme and search, pages kept out of the
nav as a large mkdocs site must) and a Hugo site (Debian's `hugo`, a minimal layout with a header,
breadcrumbs and footer, its sitemap on, no taxonomies or feeds) with the same number of pages of the
same text, alternating all three, and prints one JSON line: providers, pages, kyoten_s, mkdocs_s,
hugo_s, ratio (kyoten/mkdocs), hugo_ratio (kyoten/hugo), peak_rss_mb (kyoten), and the bytes of the
largest HTML page, the directory page, the search index and the GeoJSON.
Each build runs in a child process; times are the median over --repeat runs, with the CPU time (user and
system) of each generator. Without `hugo` on the PATH (`make bench` installs it) hugo_s is null.
--against REV also builds with kyoten as it was at a git revision (the site of that revision's synth.py:
same providers, the content files of its day), alternating with the rest: new_old_ratio tells whether
kyoten got slower, whatever the machine's speed that minute. --tmp DIR
builds somewhere else: /dev/shm leaves the disk out (on this VM, creating 25,000 folders and files costs
from 1.5 s to 28 s of kernel time depending on the minute, the same for every generator).
"""

from __future__ import annotations

import argparse
import atexit
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


def timed(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, float, float, float]:
    """Run a command; return (seconds, peak RSS in MB, user CPU s, system CPU s) of that child and its
    own children (kyoten's page-writing worker)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime, usage.ru_stime


def write_pages(folder: Path, pages: int, page_bytes: int, index: str, head) -> None:
    """`pages` Markdown pages of about `page_bytes` of text each (what a provider page says); head(title)
    is what comes before the text (a heading, or front matter)."""
    folder.mkdir(parents=True)
    para = ("事業所の名前、所在地、電話番号、受付時間、担う拠点の機能、サービス、主な対象を掲載しています。" * 4 + "\n\n")
    body = para * max(1, page_bytes // len(para.encode()))
    (folder / index).write_text(head("トップ") + body, encoding="utf-8")
    for i in range(1, pages):
        (folder / f"p{i:05d}.md").write_text(head(f"事業所 {i}") + body, encoding="utf-8")


def plain_mkdocs_site(dest: Path, pages: int, page_bytes: int) -> None:
    write_pages(dest / "docs", pages, page_bytes, "index.md", lambda title: f"# {title}\n\n")
    (dest / "mkdocs.yml").write_text(
        "site_name: baseline\ntheme:\n  name: mkdocs\nnav:\n  - index.md\nplugins:\n  - search:\n      lang: ja\n",
        encoding="utf-8")


HUGO_LAYOUT = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title><link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a><nav><a href="{{ "/" | relURL }}">トップ</a></nav></header>
<nav aria-label="パンくずリスト"><a href="{{ "/" | relURL }}">トップ</a> &gt; {{ .Title }}</nav>
<main><h1>{{ .Title }}</h1>{{ .Content }}</main><footer>{{ .Site.Title }}</footer></body></html>
"""


def hugo_site(dest: Path, pages: int, page_bytes: int) -> None:
    """The same pages and text as plain_mkdocs_site, as a Hugo site with a minimal layout of its own."""
    write_pages(dest / "content", pages, page_bytes, "_index.md", lambda title: f"---\ntitle: {title}\n---\n\n")
    layouts = dest / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (dest / "static").mkdir()
    (dest / "static" / "style.css").write_text("body{font-family:sans-serif}", encoding="utf-8")
    (dest / "config.toml").write_text(
        'baseURL = "https://example.jp/"\ntitle = "baseline"\nlanguageCode = "ja"\n'
        'disableKinds = ["taxonomy", "term", "RSS"]\n', encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--providers", type=int, required=True)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--against", metavar="REV", default=None,
                    help="also build with kyoten at this git revision (a worktree of it), alternating: old/new in one run")
    ap.add_argument("--tmp", type=Path, default=None,
                    help="where the sites are built (default: the system's temporary folder; /dev/shm: without the disk)")
    args = ap.parse_args()
    kyoten = str(Path(sys.executable).with_name("kyoten"))
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    with tempfile.TemporaryDirectory(prefix="kyoten-bench-", dir=args.tmp) as tmp:
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
        hugo = shutil.which("hugo")
        hugo_base = tmp / "hugo"
        if hugo:
            hugo_site(hugo_base, len(html), avg_provider // 3)
        runs: dict[str, list[tuple[float, float, float, float]]] = {"kyoten": [], "mkdocs": [], "hugo": [], "old": []}
        old_env = None
        if args.against:  # kyoten as it was at REV, run from a worktree with this venv's libraries
            subprocess.run(["git", "-C", str(HERE.parent), "worktree", "add", "--detach", "-q", str(tmp / "old-src"),
                            args.against], check=True)
            # at exit, when the worktree's folder has gone with tmp (also after a failure), git forgets it
            atexit.register(subprocess.run, ["git", "-C", str(HERE.parent), "worktree", "prune"], check=False)
            old_env = {**os.environ, "PYTHONPATH": str(tmp / "old-src")}
            # its own synth.py's site: the data format has grown since (an old kyoten refuses new fields)
            subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from synth import make_site; "
                            "make_site(Path(sys.argv[1]), int(sys.argv[2]))", str(tmp / "old-city"), str(args.providers)],
                           cwd=tmp / "old-src" / "benchmarks", env=old_env, check=True)

        def run(name: str, cmd: list[str], output: Path, cwd: Path | None = None, env: dict | None = None) -> None:
            shutil.rmtree(output, ignore_errors=True)
            os.sync()  # the deletion's disk work is done before the clock starts, not billed to the build
            runs[name].append(timed(cmd, cwd=cwd, env=env))

        for _ in range(args.repeat):
            run("kyoten", [kyoten, "build", str(site), "-d", str(out)], out)
            if old_env:
                run("old", [sys.executable, "-m", "kyoten", "build", str(tmp / "old-city"), "-d", str(tmp / "old-out")],
                    tmp / "old-out", cwd=tmp / "old-src", env=old_env)  # -m puts the cwd first on the path
            run("mkdocs", [mkdocs, "build", "-q"], base / "site", cwd=base)
            if hugo:
                run("hugo", [hugo, "--quiet"], hugo_base / "public", cwd=hugo_base)

        def median(name: str, i: int) -> float | None:
            return statistics.median(r[i] for r in runs[name]) if runs[name] else None

        k_s, m_s, h_s = median("kyoten", 0), median("mkdocs", 0), median("hugo", 0)
        k_user, m_user, h_user = median("kyoten", 2), median("mkdocs", 2), median("hugo", 2)
        geojson = out / "opendata" / "providers.geojson"
        index = [out / "search" / "search_index.js", *(out / "search" / "data").glob("*.js")]  # all its files
        result = {
            "providers": args.providers,
            "pages": len(html),
            "kyoten_s": round(k_s, 2),
            "mkdocs_s": round(m_s, 2),
            "hugo_s": round(h_s, 2) if hugo else None,
            "ratio": round(k_s / m_s, 3),
            "hugo_ratio": round(k_s / h_s, 3) if hugo else None,
            # CPU time (user, in both of kyoten's processes; system: the kernel, mostly creating
            # 25,000 folders and files, which on this VM's disk varies tenfold from minute to minute)
            "kyoten_user_s": round(k_user, 2), "mkdocs_user_s": round(m_user, 2),
            "hugo_user_s": round(h_user, 2) if hugo else None,
            "kyoten_sys_s": round(median("kyoten", 3), 2), "mkdocs_sys_s": round(median("mkdocs", 3), 2),
            "hugo_sys_s": round(median("hugo", 3), 2) if hugo else None,
            "user_ratio": round(k_user / m_user, 3),
            "old_rev": args.against,
            "old_s": round(median("old", 0), 2) if old_env else None,
            "old_user_s": round(median("old", 2), 2) if old_env else None,
            "new_old_ratio": round(k_s / median("old", 0), 3) if old_env else None,
            "old_ratio": round(median("old", 0) / m_s, 3) if old_env else None,
            "runs": {name: [round(r[0], 2) for r in rs] for name, rs in runs.items() if rs},
            "peak_rss_mb": round(max(r[1] for r in runs["kyoten"]), 1),
            "largest_html_bytes": max(p.stat().st_size for p in html),
            "directory_bytes": (out / "providers" / "index.html").stat().st_size,
            "search_index_bytes": sum(f.stat().st_size for f in index if f.exists()),
            "geojson_bytes": geojson.stat().st_size if geojson.exists() else None,
            "baseline_page_bytes": (base / "site" / "p00001" / "index.html").stat().st_size,
            "hugo_page_bytes": (hugo_base / "public" / "p00001" / "index.html").stat().st_size if hugo else None,
        }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
