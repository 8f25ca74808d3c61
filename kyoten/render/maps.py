"""Maps that a city can host: Leaflet and marker clustering served from the site itself.

folium is not used: its HTML pulls ~10 files from four CDNs (jQuery, Bootstrap, Font Awesome …) and
inlines the map script and the data, which a strict Content-Security-Policy (`script-src 'self'`)
refuses and which grows with the registry. Instead the theme ships Leaflet 1.9.4 and
Leaflet.markercluster 1.5.3 (theme/assets/vendor/, from the npm registry, licences kept), the map
script is a file (theme/assets/map.js), settings travel in data-* attributes made here. Leaflet is
loaded only when the visitor asks for the map, so pages stay light on a phone.

The providers reach the maps in small files made here (`map_files`), never in one file of all of
them: a 20,000-事業所 site would make every map view download megabytes (issue 16). Each file is a
script that registers itself (`kyotenMap(key, data)`), because a page opened from a folder (file://,
a USB stick) may load scripts but may not fetch() files.
- maps/index.js, the overview: for the directory's map and for each area's map, the parts (files) of
  its providers, each with how many it holds, their centre and bounding box;
- the parts: the located providers cut in space (a k-d split: along the longer side, at the median)
  until each part holds at most PART_MAX. The directory's parts cut all providers, each area's parts
  cut that area's, so that a part covers a small place wherever the areas lie.
A map first draws each part as one numbered cluster at its centre (every provider is counted from the
start). A first view that holds more than LOAD_MAX providers stays so; every later view (the visitor
zooms or pans) loads its parts nearest the centre first, up to LOAD_MAX providers, so one view never
downloads more than LOAD_MAX providers' worth, whatever the size of the registry. 「現在地から近い順」
on a directory of several pages reads the same parts, nearest the visitor first.
The open-data GeoJSON (exports/opendata.py) stays a download for people, not the maps' source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote

from kyoten import urls
from kyoten.model.config import SiteConfig
from kyoten.model.registry import Provider
from kyoten.model.site import Site
from kyoten.model.vocab import ROLE_VOCAB

PART_MAX = 400  # providers in one map file at most (about 15 KB gzipped)
LOAD_MAX = 2000  # a map loads the parts of its view when they hold this many providers together at most


@dataclass(frozen=True)
class Tiles:
    url: str  # the only other host a page names: the tile URL template, used by the visitor's browser
    credit: str  # 出典, shown under every map (and printed)
    credit_url: str
    max_zoom: int


TILES = {
    # 地理院タイル 標準地図: its terms ask for 出典 to be shown; 国土地理院 lists the wording
    "gsi": Tiles("https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png", "国土地理院（地理院タイル）",
                 "https://maps.gsi.go.jp/development/ichiran.html", 18),
    "osm": Tiles("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "OpenStreetMap の協力者",
                 "https://www.openstreetmap.org/copyright", 19),
}


def map_attrs(config: SiteConfig) -> dict[str, str]:
    """data-* attributes for a map element (settings from site_config.yml)."""
    m = config.map
    t = TILES[m.tiles]
    b = m.bounds
    return {
        "data-tiles": t.url,
        "data-max-zoom": str(t.max_zoom),
        "data-center": f"{m.center[0]},{m.center[1]}",
        "data-zoom": str(m.zoom),
        "data-bounds": f"{b.south},{b.west},{b.north},{b.east}",
        "data-index": urls.MAP_INDEX,
    }


def tiles(config: SiteConfig) -> Tiles:
    return TILES[config.map.tiles]


def app_links(lat: float, lon: float, name: str) -> list[tuple[str, str]]:
    """Links that open the place outside the site: the phone's map app (geo: URI, Android and most
    map apps), and 地理院地図 in the browser (works everywhere, a public map without tracking)."""
    return [
        ("地図アプリで開く", f"geo:{lat},{lon}?q={lat},{lon}({quote(name)})"),
        ("地理院地図で開く", f"https://maps.gsi.go.jp/#16/{lat}/{lon}/"),
    ]


def _split(points: list[Provider], limit: int | None = None) -> list[list[Provider]]:
    """Cut located providers into parts of at most `limit` (PART_MAX): sort along the longer side of
    their box, halve at the median, again for each half (deterministic: ties keep the registry order)."""
    limit = limit or PART_MAX
    if len(points) <= limit:
        return [points]
    lats = [p.location[0] for p in points]
    lons = [p.location[1] for p in points]
    axis = 0 if max(lats) - min(lats) >= max(lons) - min(lons) else 1
    ordered = sorted(points, key=lambda p: p.location[axis])
    half = len(ordered) // 2
    return _split(ordered[:half], limit) + _split(ordered[half:], limit)


def _script(key: str, data) -> str:
    return f"kyotenMap({json.dumps(key)},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n"


def map_files(site: Site) -> dict[str, str]:
    """Every file the maps load, path → text: the overview (urls.MAP_INDEX) and the parts."""
    areas = [a.id for a in site.config.areas]
    roles = [t.id for t in ROLE_VOCAB.terms]
    located = [p for p in site.providers if p.location is not None]
    sets = {"": located, **{a: [p for p in located if p.area == a] for a in areas}}
    files: dict[str, str] = {}
    overview: dict[str, list] = {}
    for name, members in sets.items():
        parts = []
        for n, part in enumerate(_split(members) if members else []):
            path = urls.map_part(name, n)
            lats = [p.location[0] for p in part]
            lons = [p.location[1] for p in part]
            parts.append([path, len(part), round(sum(lats) / len(part), 5), round(sum(lons) / len(part), 5),
                          round(min(lats), 5), round(min(lons), 5), round(max(lats), 5), round(max(lons), 5)])
            # one row per provider: id (its page is urls.provider(id)), name, lat, lon, role, area, phone
            files[path] = _script(path, [[p.id, p.name, round(p.location[0], 5), round(p.location[1], 5),
                                          roles.index(p.role), areas.index(p.area), p.phone or ""] for p in part])
        overview[name] = parts
    files[urls.MAP_INDEX] = _script(urls.MAP_INDEX, {
        "load_max": LOAD_MAX,
        "page": urls.provider("{id}"),  # a provider's page; map.js puts the id in
        "roles": [ROLE_VOCAB.by_id[r].label for r in roles],
        "areas": [a.name for a in site.config.areas],
        "sets": overview,
    })
    return files
