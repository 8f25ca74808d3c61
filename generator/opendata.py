"""Open data exports of the registry. The GeoJSON is also what the maps load (one shared file)."""

from __future__ import annotations

import json

from .pages import provider_url
from .site import Site
from .vocab import FUNCTION_VOCAB, ROLE_VOCAB

GEOJSON = "opendata/providers.geojson"


def providers_geojson(site: Site) -> str:
    """One Feature per provider that has a location: id, name, role, functions, area and the page URL
    (relative to the site root). Compact and in registry order, so builds are byte-identical."""
    features = []
    for p in site.providers:
        if p.location is None:
            continue
        lat, lon = p.location
        features.append({
            "type": "Feature",
            "id": p.id,
            "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": {
                "id": p.id,
                "name": p.name,
                "role": ROLE_VOCAB.by_id[p.role].label,
                "role_id": p.role,
                "functions": [FUNCTION_VOCAB.by_id[f].label for f in p.functions],
                "function_ids": list(p.functions),
                "area": p.area,
                "services": list(p.services),
                "targets": list(p.targets),
                "address": p.address,
                "phone": p.phone,
                "url": provider_url(p),
            },
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":")) + "\n"
