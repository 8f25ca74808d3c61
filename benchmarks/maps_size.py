"""What the maps cost as the registry grows: page sizes, the shared GeoJSON, build and GeoJSON time.

    python benchmarks/maps_size.py [--providers 1000 20000]

For each N, makes a synthetic but valid site (benchmarks/synth.py: N providers over 20 areas, ~90 %
located), builds it with `kyoten build` in a child process, and prints one JSON line: providers,
located, build_s (the whole build), geojson_s (making providers.geojson from the loaded model, in
this process), the bytes of the directory page (providers/index.html), the largest area page
(areas/<id>/index.html), the largest and median provider page with a map, the largest provider page
without one, the GeoJSON, and whether the directory page names the GeoJSON rather than inlining it.
Goals (issue 3): directory page ≤ 60 KB and provider page ≤ 30 KB whatever N.
"""

from __future__ import annotations

import argparse
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

from kyoten.exports.opendata import providers_geojson  # noqa: E402
from kyoten.model.site import load_site  # noqa: E402


def measure(n: int, tmp: Path) -> dict:
    site_dir = make_site(tmp / f"city{n}", n)
    out = tmp / f"out{n}"
    kyoten = str(Path(sys.executable).with_name("kyoten"))
    start = time.perf_counter()
    subprocess.run([kyoten, "build", str(site_dir), "-d", str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    build_s = time.perf_counter() - start
    site = load_site(site_dir)
    start = time.perf_counter()
    providers_geojson(site)
    geojson_s = time.perf_counter() - start
    located = {p.id for p in site.providers if p.location}
    with_map = [(out / "providers" / i / "index.html").stat().st_size for i in sorted(located)]
    without = [(out / "providers" / p.id / "index.html").stat().st_size
               for p in site.providers if not p.location]
    areas = [p.stat().st_size for p in (out / "areas").glob("*/index.html")]
    directory = out / "providers" / "index.html"
    html = directory.read_text(encoding="utf-8")
    return {
        "providers": n,
        "located": len(located),
        "build_s": round(build_s, 2),
        "geojson_s": round(geojson_s, 3),
        "directory_bytes": directory.stat().st_size,
        "directory_has_map": "data-map-canvas" in html,
        "directory_inlines_features": '"Feature"' in html,
        "area_page_max_bytes": max(areas),
        "provider_map_max_bytes": max(with_map),
        "provider_map_median_bytes": int(statistics.median(with_map)),
        "provider_nomap_max_bytes": max(without) if without else None,
        "geojson_bytes": (out / "opendata" / "providers.geojson").stat().st_size,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--providers", type=int, nargs="+", default=[1000, 20000])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kyoten-maps-") as tmp:
        for n in args.providers:
            print(json.dumps(measure(n, Path(tmp)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
