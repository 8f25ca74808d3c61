"""Maps that a city can host: Leaflet and marker clustering served from the site itself.

folium is not used: its HTML pulls ~10 files from four CDNs (jQuery, Bootstrap, Font Awesome …) and
inlines the map script and the data, which a strict Content-Security-Policy (`script-src 'self'`)
refuses and which grows with the registry. Instead the theme ships Leaflet 1.9.4 and
Leaflet.markercluster 1.5.3 (theme/assets/vendor/, from the npm registry, licences kept), the map
script is a file (theme/assets/map.js), settings travel in data-* attributes made here, and every map
loads the one shared opendata/providers.geojson. Leaflet is loaded only when the visitor asks for the
map, so pages stay light on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from kyoten.model.config import SiteConfig


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
