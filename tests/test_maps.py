"""Maps: self-hosted Leaflet, one shared GeoJSON, clustering, the list as the alternative, usable offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import axe_violations, demo, parse, text

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
    page.wait_for_function("document.querySelector('[data-map-canvas]').dataset.markers !== undefined")
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
    page.wait_for_function("document.querySelector('[data-map-canvas]').dataset.markers !== undefined")
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


def test_geojson_features_carry_what_the_popups_need(root_site: Path):
    import json
    data = json.loads((root_site / "opendata" / "providers.geojson").read_text(encoding="utf-8"))
    by_id = {p.id: p for p in demo().providers}
    assert len(data["features"]) == sum(1 for p in demo().providers if p.location)
    for f in data["features"]:
        props, p = f["properties"], by_id[f["id"]]
        assert props["id"] == p.id and props["role_id"] == p.role and props["role"]
        assert len(props["functions"]) == len(p.functions) and all(props["functions"])
        assert props["url"] == f"providers/{p.id}/index.html"


def test_area_map_offline_shows_only_that_area(page, root_url):
    page.route("https://cyberjapandata.gsi.go.jp/**", lambda route: route.abort())
    page.goto(root_url + "areas/chuo/index.html")
    page.get_by_role("button", name=re.compile(r"地図\s*を\s*表示\s*する")).click()
    page.wait_for_function("document.querySelector('[data-map-canvas]').dataset.markers !== undefined")
    want = [p for p in demo().providers if p.location and p.area == "chuo"]
    assert want and page.locator("[data-map-canvas]").get_attribute("data-markers") == str(len(want))
    assert page.locator(".marker-cluster, .leaflet-marker-icon").count() > 0
    assert page.locator("main .provider-card").count() == len(demo().providers_with(area="chuo"))
    assert axe_violations(page) == []


def test_map_from_file_says_so_and_the_list_still_works(page, root_site: Path):
    """fetch() of the GeoJSON is refused from file://: the map says so, the list and filters go on."""
    page.goto((root_site / "providers" / "index.html").as_uri())
    page.get_by_role("button", name=re.compile(r"地図\s*を\s*表示\s*する")).click()
    status = page.locator("[data-map-status]")
    status.filter(has_text="表示できませんでした").wait_for()
    assert "一覧からおさがしください" in status.inner_text()
    page.get_by_role("button", name=re.compile(r"^\s*北\s*部\s*地\s*区\s*$")).click()
    assert page.locator("#provider-results .provider-card:visible").count() == len(demo().providers_with(area="hokubu"))
