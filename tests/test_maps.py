"""Maps: self-hosted Leaflet, small self-registering data files (overview + parts), clustering, the list as
the alternative, usable offline and from file://."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import axe_violations, demo, parse, text

READY = "document.querySelector('[data-map-canvas]').dataset.state === 'ready'"

TILE = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"


def test_only_the_tile_template_names_another_host(root_site: Path):
    for page in sorted(root_site.rglob("*.html")):
        doc = parse(page)
        for el in doc.iter():
            for name, value in el.attrib.items():
                if "://" not in value or (el.tag == "a" and name == "href"):
                    continue  # links a visitor may follow are not requests the page makes
                assert name == "data-tiles" and value == TILE, (page, el.tag, name, value)
    for asset in (root_site / "assets").rglob("*.js"):
        body = asset.read_text(encoding="utf-8")
        if "vendor" in asset.parts:
            continue
        assert not re.search(r"https?://(?!cyberjapandata)", body), asset


def test_vendored_leaflet_is_shipped(root_site: Path):
    for f in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/marker-icon.png",
              "markercluster/leaflet.markercluster.js", "leaflet/LICENSE", "markercluster/LICENSE"):
        assert (root_site / "assets" / "vendor" / f).is_file(), f


def test_provider_pages_have_a_map_or_say_there_is_none(root_site: Path):
    with_loc = [p for p in demo().providers if p.location]
    without = [p for p in demo().providers if not p.location]
    assert with_loc and without
    for p in with_loc:
        doc = parse(root_site / "providers" / p.id / "index.html")
        section = doc.xpath("//*[@data-map]")[0]
        assert section.get("data-point") == f"{p.location[0]},{p.location[1]}"
        apps = doc.xpath('//ul[contains(@class,"map-apps")]//a/@href')
        assert apps[0].startswith(f"geo:{p.location[0]},{p.location[1]}")
        assert "国土地理院" in text(section)
    for p in without:
        doc = parse(root_site / "providers" / p.id / "index.html")
        assert not doc.xpath("//*[@data-map]")
        assert "このサイトには地図上の位置を掲載していません" in text(doc.xpath("//main")[0])  # not on this site (issue 15)


def test_directory_and_area_pages_have_a_map_and_the_list(root_site: Path):
    doc = parse(root_site / "providers" / "index.html")
    assert doc.xpath("//*[@data-map and not(@data-area)]") and doc.xpath('//*[@id="provider-results"]')
    area = parse(root_site / "areas" / "chuo" / "index.html")
    assert area.xpath('//*[@data-map and @data-area="chuo"]')


def _block_tiles(page, seen: list[str]):
    page.route("https://cyberjapandata.gsi.go.jp/**", lambda route: (seen.append(route.request.url), route.abort()))


def test_directory_map_offline_clusters_and_follows_the_filters(page, root_url):
    tiles: list[str] = []
    _block_tiles(page, tiles)
    page.goto(root_url + "providers/index.html")
    page.get_by_role("button", name=re.compile(r"地図\s*を\s*表示\s*する")).click()
    canvas = page.locator("[data-map-canvas]")
    page.wait_for_function(READY)
    located = [p for p in demo().providers if p.location]
    assert canvas.get_attribute("data-markers") == str(len(located))
    assert page.locator(".marker-cluster, .leaflet-marker-icon").count() > 0
    assert tiles  # tiles were asked for (and refused): the page goes on
    # the filters move the map with the list
    page.get_by_role("button", name=re.compile(r"^\s*北\s*部\s*地\s*区\s*$")).click()
    want = [p for p in located if p.area == "hokubu"]
    page.wait_for_function(f"document.querySelector('[data-map-canvas]').dataset.markers === '{len(want)}'")
    assert page.locator("#provider-results .provider-card:visible").count() == len(demo().providers_with(area="hokubu"))
    assert axe_violations(page) == []


def test_map_never_traps_the_keyboard(page, root_url):
    page.goto(root_url + "providers/index.html")
    page.get_by_role("button", name=re.compile(r"地図\s*を\s*表示\s*する")).click()
    page.wait_for_function(READY)
    page.locator("[data-map-skip]").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate("document.activeElement.closest('[data-map-canvas]') !== null")
    assert not inside  # the skip link jumps past the map
    page.locator("[data-map-canvas]").focus()
    for _ in range(80):  # Tab through markers and out again
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.closest('[data-map-canvas]') !== null"):
            break
    else:
        pytest.fail("focus stayed inside the map")


def test_provider_map_shows_one_marker(page, root_url):
    p = next(p for p in demo().providers if p.location)
    page.route("https://cyberjapandata.gsi.go.jp/**", lambda route: route.abort())
    page.goto(root_url + f"providers/{p.id}/index.html")
    page.get_by_role("button", name=re.compile(r"地図\s*を\s*表示\s*する")).click()
    page.wait_for_function("document.querySelector('[data-map-canvas]').dataset.markers === '1'")
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert axe_violations(page) == []


def _registered(path: Path):
    """What a map data file registers: kyotenMap(key, data)."""
    import json
    body = path.read_text(encoding="utf-8")
    m = re.fullmatch(r'kyotenMap\(("[^"]+"),(.*)\);\n', body, re.S)
    assert m, body[:80]
    return json.loads(m.group(1)), json.loads(m.group(2))


def test_map_files_hold_every_located_provider_once_per_map(root_site: Path):
    from kyoten import urls
    key, ov = _registered(root_site / urls.MAP_INDEX)
    assert key == urls.MAP_INDEX and ov["page"] == urls.provider("{id}")
    located = {p.id: p for p in demo().providers if p.location}
    areas = [a.id for a in demo().config.areas]
    assert set(ov["sets"]) == {"", *areas}
    for name, parts in ov["sets"].items():
        want = {i for i, p in located.items() if not name or p.area == name}
        seen = []
        for path, n, lat, lon, s, w, north, e in parts:
            k, rows = _registered(root_site / path)
            assert k == path and len(rows) == n
            for pid, pname, plat, plon, role, area, phone in rows:
                p = located[pid]
                assert (pname, plat, plon) == (p.name, round(p.location[0], 5), round(p.location[1], 5))
                assert areas[area] == p.area and ov["areas"][area] == demo().config.area_by_id[p.area].name
                assert ov["roles"][role] and phone == (p.phone or "")
                assert s <= plat <= north and w <= plon <= e
            seen += [r[0] for r in rows]
        assert sorted(seen) == sorted(want), name


def test_parts_are_small_and_cover_everyone():
    """The k-d split keeps each part at most PART_MAX whatever the number, and loses nobody."""
    import random
    from types import SimpleNamespace

    from kyoten.render.maps import PART_MAX, _split
    rnd = random.Random(3)
    points = [SimpleNamespace(id=i, location=(35 + rnd.random(), 140 + rnd.random() * 0.2)) for i in range(5000)]
    parts = _split(points)
    assert all(0 < len(p) <= PART_MAX for p in parts) and len(parts) >= 5000 // PART_MAX
    assert sorted(p.id for part in parts for p in part) == list(range(5000))
    # parts are places: a part's box is small compared with the whole
    lat_span = [max(p.location[0] for p in part) - min(p.location[0] for p in part) for part in parts]
    assert max(lat_span) < 0.5


def test_the_open_data_geojson_is_still_there_and_not_what_maps_load(root_site: Path):
    import json
    data = json.loads((root_site / "opendata" / "providers.geojson").read_text(encoding="utf-8"))
    assert len(data["features"]) == sum(1 for p in demo().providers if p.location)
    assert "providers.geojson" not in (root_site / "assets" / "map.js").read_text(encoding="utf-8")


def test_area_map_offline_shows_only_that_area(page, root_url):
    page.route("https://cyberjapandata.gsi.go.jp/**", lambda route: route.abort())
    page.goto(root_url + "areas/chuo/index.html")
    page.get_by_role("button", name=re.compile(r"地図\s*を\s*表示\s*する")).click()
    page.wait_for_function(READY)
    want = [p for p in demo().providers if p.location and p.area == "chuo"]
    assert want and page.locator("[data-map-canvas]").get_attribute("data-markers") == str(len(want))
    assert page.locator(".marker-cluster, .leaflet-marker-icon").count() > 0
    assert page.locator("main .provider-card").count() == len(demo().providers_with(area="chuo"))
    assert axe_violations(page) == []


def test_map_works_from_file_and_follows_the_filters(page, root_site: Path):
    """Opened from a folder (file://, a USB stick): the data files are scripts, so the markers appear."""
    tiles: list[str] = []
    _block_tiles(page, tiles)
    page.goto((root_site / "providers" / "index.html").as_uri())
    page.get_by_role("button", name=re.compile(r"地図\s*を\s*表示\s*する")).click()
    page.wait_for_function(READY)
    located = [p for p in demo().providers if p.location]
    assert page.locator("[data-map-canvas]").get_attribute("data-markers") == str(len(located))
    assert page.locator(".marker-cluster, .leaflet-marker-icon").count() > 0
    page.get_by_role("button", name=re.compile(r"^\s*北\s*部\s*地\s*区\s*$")).click()
    want = [p for p in located if p.area == "hokubu"]
    page.wait_for_function(f"document.querySelector('[data-map-canvas]').dataset.markers === '{len(want)}'")
    assert page.locator("#provider-results .provider-card:visible").count() == len(demo().providers_with(area="hokubu"))


def test_area_map_works_from_file(page, root_site: Path):
    _block_tiles(page, [])
    page.goto((root_site / "areas" / "chuo" / "index.html").as_uri())
    page.get_by_role("button", name=re.compile(r"地図\s*を\s*表示\s*する")).click()
    page.wait_for_function(READY)
    want = [p for p in demo().providers if p.location and p.area == "chuo"]
    assert page.locator("[data-map-canvas]").get_attribute("data-markers") == str(len(want))
