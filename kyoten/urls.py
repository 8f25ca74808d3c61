"""Every path kyoten writes, from the site root: the one place a URL is spelled (issue 17).

Python uses these functions and constants; templates reach the same ones as `k.urls` (render/view.py),
e.g. `href="{{ base_url }}/{{ k.urls.DIRECTORY }}"`; tests/test_architecture.py fails when a template
spells a site path itself. Links end in index.html (use_directory_urls is off), so the site also works
when opened from a folder (file://).

Folders under providers/ that listings use; a provider's id may not be one of them (model/registry.py).
"""

from __future__ import annotations

HOME = "index.html"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"

FUNCTIONS = "functions/index.html"
DIRECTORY = "providers/index.html"
AREAS = "areas/index.html"
REPORTS = "reports/index.html"
SEARCH = "search/index.html"
SEARCH_SCRIPT = "search/search_index.js"  # the search's manifest (the whole index on a small site), a script: works from file://
SEARCH_DATA = "search/data/"  # the split index's shards and chunks (render/search.py)
ACCESSIBILITY = "accessibility/index.html"
OPENDATA = "opendata/index.html"
CSV = "opendata/providers.csv"
JSON = "opendata/providers.json"
GEOJSON = "opendata/providers.geojson"
MAP_INDEX = "maps/index.js"  # the maps' overview (render/maps.py); scripts, so that maps work from file://
PREREGISTRATION = "preregistration/index.html"
PREREGISTRATION_FORM = "preregistration/form/index.html"
PREREGISTRATION_FORM_PDF = "preregistration/form/kikitori-hyo.pdf"  # the same blank form as an A4 PDF
FOR_PROVIDERS = "for-providers/index.html"
FLYERS = "flyers/index.html"

LISTING_FOLDERS = ("services", "targets", "roles", "emergency", "page")  # providers/<folder>/…
# folders at the site root kyoten writes itself: a language page (content/languages/<slug>.yml) may not take one
TOP_FOLDERS = frozenset({*(path.split("/")[0] for path in (FUNCTIONS, DIRECTORY, AREAS, REPORTS, SEARCH, ACCESSIBILITY,
                                                           OPENDATA, PREREGISTRATION, FOR_PROVIDERS, FLYERS)),
                         "assets"})


def provider(pid: str) -> str:
    return f"providers/{pid}/index.html"


def function(fid: str) -> str:
    return f"functions/{fid}/index.html"


def function_providers(fid: str) -> str:
    return f"functions/{fid}/providers/index.html"


def area(aid: str) -> str:
    return f"areas/{aid}/index.html"


def map_part(area: str, n: int) -> str:
    """Part n of the providers on the directory's map (area "") or on one area's map."""
    return f"maps/all/{n}.js" if not area else f"maps/areas/{area}/{n}.js"


def facet(facet_name: str, term_id: str) -> str:
    """The listing of one filter value: an area, a function, a service, a target, a role, 緊急時の受入."""
    return {
        "area": area(term_id),
        "function": function(term_id),
        "service": f"providers/services/{term_id}/index.html",
        "target": f"providers/targets/{term_id}/index.html",
        "role": f"providers/roles/{term_id}/index.html",
        "emergency": "providers/emergency/index.html",
    }[facet_name]


def page(first: str, n: int) -> str:
    """Page n of a listing whose first page is `first` (…/index.html → …/page/2/index.html)."""
    return first if n == 1 else first.removesuffix("index.html") + f"page/{n}/index.html"


def search_shard(n: int) -> str:
    return f"{SEARCH_DATA}k{n}.js"


def search_chunk(n: int) -> str:
    return f"{SEARCH_DATA}d{n}.js"


def report(year: int) -> str:
    return f"reports/{year}/index.html"


def flyer(fid: str) -> str:
    return f"flyers/{fid}/index.html"


def flyer_pdf(fid: str) -> str:
    return f"flyers/{fid}.pdf"


def language(slug: str) -> str:
    """The page of one language's essentials (content/languages/<slug>.yml), e.g. easy/index.html, en/index.html."""
    return f"{slug}/index.html"


def absolute(base_url: str, path: str) -> str:
    """The public URL of a site path (what a QR code opens): base_url + path."""
    return base_url.rstrip("/") + "/" + path
