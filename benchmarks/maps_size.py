"""What a map view downloads as the registry grows (issue 16), and the pages' sizes (issue 3).

    python benchmarks/maps_size.py [--providers 1000 20000] [--work DIR]

For each N, makes a synthetic but valid site (benchmarks/synth.py: N providers over 20 areas, ~90 %
located) and builds it with `kyoten build --no-pdf` in a child process; with --work DIR the sites and
builds are kept there and a build already in DIR/out<N> is reused (building 20,000 takes minutes).
Prints one JSON line per N. Map bytes are gzipped (gzip -9), everything a map needs but the tiles:
- map_base_gz: Leaflet, markercluster, their CSS and map.js (what every map loads);
- directory_map_gz: the directory's first view: base + maps/index.js + the parts that view loads;
- area_map_gz: the largest area's first view, the same way;
- zoomed_view_max_gz: a view after zooming in, at most: base + index + the largest parts that fit in
  LOAD_MAX providers (render/maps.py);
- old_geojson_map_gz: what every map downloaded before issue 16 (base + the whole GeoJSON).
Goals: a map view ≤ 200 KB gzipped at 20,000; directory page ≤ 60 KB, provider page ≤ 30 KB whatever N.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synth import make_site  # noqa: E402

from kyoten import urls  # noqa: E402
from kyoten.render.maps import LOAD_MAX  # noqa: E402

BASE = ["vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "vendor/markercluster/leaflet.markercluster.js",
        "vendor/markercluster/MarkerCluster.css", "vendor/markercluster/MarkerCluster.Default.css", "map.js"]


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def registered(path: Path):
    body = path.read_text(encoding="utf-8")
    return json.loads(body[body.index(",") + 1:body.rindex(")")])


def first_view(out: Path, parts: list) -> int:
    """Bytes of the parts a map's first view loads: all when they hold at most LOAD_MAX, else none."""
    if sum(p[1] for p in parts) > LOAD_MAX:
        return 0
    return sum(gz(out / p[0]) for p in parts)


def measure(n: int, work: Path) -> dict:
    out = work / f"out{n}"
    build_s = None
    if not (out / "index.html").exists():
        site_dir = make_site(work / f"city{n}", n)
        kyoten = str(Path(sys.executable).with_name("kyoten"))
        start = time.perf_counter()
        subprocess.run([kyoten, "build", str(site_dir), "-d", str(out), "--no-pdf"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        build_s = round(time.perf_counter() - start, 2)
    base = sum(gz(out / "assets" / f) for f in BASE)
    index = gz(out / urls.MAP_INDEX)
    ov = registered(out / urls.MAP_INDEX)
    areas = {a: sum(p[1] for p in parts) for a, parts in ov["sets"].items() if a}
    largest = max(areas, key=areas.get)
    by_size = sorted(ov["sets"][""], key=lambda p: -gz(out / p[0]))
    zoomed, held = 0, 0
    for p in by_size:
        if held + p[1] <= LOAD_MAX:
            zoomed, held = zoomed + gz(out / p[0]), held + p[1]
    geojson = out / urls.GEOJSON
    pages = lambda pattern: [p.stat().st_size for p in out.glob(pattern)]  # noqa: E731
    provider_pages = pages("providers/p*/index.html")
    return {
        "providers": n,
        "located": sum(p[1] for p in ov["sets"][""]),
        "build_s": build_s,
        "map_files": len(list((out / "maps").rglob("*.js"))),
        "map_base_gz": base,
        "map_index_gz": index,
        "directory_map_gz": base + index + first_view(out, ov["sets"][""]),
        "area_map_gz": base + index + first_view(out, ov["sets"][largest]),
        "area_map_providers": areas[largest],
        "zoomed_view_max_gz": base + index + zoomed,
        "old_geojson_map_gz": base + gz(geojson),
        "geojson_bytes": geojson.stat().st_size,
        "directory_bytes": (out / urls.DIRECTORY).stat().st_size,
        "area_page_max_bytes": max(pages("areas/*/index.html")),
        "provider_page_max_bytes": max(provider_pages),
        "provider_page_median_bytes": int(statistics.median(provider_pages)),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--providers", type=int, nargs="+", default=[1000, 20000])
    ap.add_argument("--work", type=Path, help="keep the sites and builds here, and reuse them")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kyoten-maps-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in args.providers:
            print(json.dumps(measure(n, work), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
