"""Whole-build tests on the root demo city: build it, parse the HTML, compare with providers.yaml."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from conftest import ROOT, build, copy_site, demo, parse, text
from kyoten import urls
from kyoten.japanese.readings import sort_key
from kyoten.model.site import load_site
from kyoten.model.vocab import FUNCTION_VOCAB, FUNCTIONS

RAW = yaml.safe_load((ROOT / "providers.yaml").read_text(encoding="utf-8"))


def test_demo_city_covers_every_role_function_target_and_area():
    assert len(demo().providers) >= 40
    assert len(demo().config.areas) >= 4
    assert {p.area for p in demo().providers} == {a.id for a in demo().config.areas}
    from kyoten.model.vocab import ROLES, TARGETS
    assert {p.role for p in demo().providers} == {r.id for r in ROLES}
    assert {f for p in demo().providers for f in p.functions} == {f.id for f in FUNCTIONS}
    assert {t for p in demo().providers for t in p.targets} == {t.id for t in TARGETS}


def test_every_provider_has_exactly_one_page_with_name_address_and_tel(root_site: Path):
    pages = {d.name: d / "index.html" for d in (root_site / "providers").iterdir() if (d / "index.html").exists()}
    assert len(RAW) == len(demo().providers)
    for entry in RAW:
        # exactly one provider page whose h1 is this name
        owners = [p for p in demo().providers if p.name == entry["name"]]
        assert len(owners) == 1, entry["name"]
        page = pages[owners[0].id]
        doc = parse(page)
        assert [text(h) for h in doc.xpath("//h1")] == [entry["name"]]
        assert entry["address"] in text(doc.xpath("//main")[0])
        digits = re.sub(r"\D", "", str(entry["phone"]))
        assert doc.xpath(f'//main//a[@href="tel:{digits}"]'), entry["name"]
    h1s = [text(parse(p).xpath("//h1")[0]) for p in pages.values()]
    assert sorted(e["name"] for e in RAW) == sorted(h for h in h1s if h in {e["name"] for e in RAW})


def test_directory_lists_every_provider_in_gojuon_order(root_site: Path):
    doc = parse(root_site / "providers" / "index.html")
    names = [text(a) for a in doc.xpath('//*[@id="provider-results"]//*[contains(@class,"provider-card__name")]/a')]
    assert sorted(names) == sorted(e["name"] for e in RAW)
    readings = {p.name: p.reading for p in demo().providers}
    keys = [sort_key(readings[n]) for n in names]
    assert keys == sorted(keys)
    # a known order: か-row before が-row words in the same row, rows in あかさたな order
    assert names.index("グループホームあおば") < names.index("ケアサポートうみかぜ")
    rows = [s.get("id") for s in doc.xpath('//section[contains(@class,"kana-group")]')]
    assert rows == [r for r in ["row-a", "row-ka", "row-sa", "row-ta", "row-na", "row-ha", "row-ma", "row-ya",
                                "row-ra", "row-wa", "row-other"] if r in rows]
    # the 五十音 index links to each non-empty row group
    index_links = doc.xpath('//nav[contains(@class,"kana-index")]//a/@href')
    assert index_links == ["#" + r for r in rows]


def test_cards_show_the_night_and_holiday_number_and_the_services(root_site: Path):
    """issue 15: a family scanning the list sees whom to call at night and what each 事業所 offers."""
    from kyoten.model.vocab import SERVICE_VOCAB

    doc = parse(root_site / "providers" / "index.html")
    cards = {text(c.xpath(".//*[contains(@class,'provider-card__name')]")[0]): c
             for c in doc.xpath('//*[@id="provider-results"]//li[contains(@class,"provider-card")]')}
    for p in demo().providers:
        card = text(cards[p.name])
        assert (f"夜間・休日 {p.after_hours_phone}" in card) == bool(p.after_hours_phone), p.name
        assert ("サービス：" + "、".join(SERVICE_VOCAB.by_id[s].label for s in p.services)) in card, p.name
    assert sum(bool(p.after_hours_phone) for p in demo().providers) >= 3


def test_each_function_page_lists_exactly_its_providers(root_site: Path):
    for f in FUNCTIONS:
        doc = parse(root_site / "functions" / f.id / "index.html")
        listed = sorted(text(a) for a in doc.xpath('//section[@id="providers"]//*[contains(@class,"provider-card__name")]/a'))
        declared = sorted(e["name"] for e in RAW
                          if f.id in {FUNCTION_VOCAB.lookup(x).id for x in e.get("functions", [])})
        assert listed == declared, f.id
        body = text(doc.xpath("//main")[0])
        assert f.national in body  # 国の定義
        assert "実施主体" in body


def test_filter_pages_match_the_data(root_site: Path):
    for area in demo().config.areas:
        doc = parse(root_site / "areas" / area.id / "index.html")
        listed = sorted(text(a) for a in doc.xpath('//*[contains(@class,"provider-card__name")]/a'))
        assert listed == sorted(p.name for p in demo().providers if p.area == area.id)
    directory = parse(root_site / "providers" / "index.html")
    for a in directory.xpath("//*[@data-facet]//a[@data-value]"):
        target = (root_site / "providers" / a.get("href")).resolve()
        assert target.is_file(), a.get("href")
        doc = parse(target)
        facet, value = a.xpath("ancestor::*[@data-facet][1]/@data-facet")[0], a.get("data-value")
        cards = doc.xpath('//li[contains(@class,"provider-card")]')
        assert cards, a.get("href")
        assert all(value in c.get(f"data-{facet}").split() for c in cards)


def test_top_page_puts_emergency_contacts_first(root_site: Path):
    doc = parse(root_site / "index.html")
    main = doc.xpath("//main")[0]
    first_section = main.xpath("./section")[0]
    assert "緊急" in text(first_section.xpath(".//h2")[0])
    tels = first_section.xpath('.//a[starts-with(@href,"tel:")]/@href')
    for c in demo().config.contacts:
        assert "tel:" + re.sub(r"\D", "", c.phone) in tels
    assert "夜間・休日" in text(first_section)
    assert len(main.xpath('.//a[contains(@href,"functions/")]')) >= 5


def test_every_page_is_japanese_has_one_h1_a_skip_link_and_the_sample_banner(root_site: Path):
    pages = sorted(root_site.rglob("*.html"))
    assert len(pages) > 60
    other = {(root_site / urls.language(lang.slug)): lang.lang for lang in demo().languages}  # issue 18
    assert set(other.values()) == {"ja", "en"}
    for page in pages:
        doc = parse(page)
        assert doc.get("lang") == other.get(page, "ja"), page
        assert len(doc.xpath("//h1")) == 1, page
        assert doc.xpath('//body/a[1][@href="#main"]'), page
        assert doc.xpath('//main[@id="main"]'), page
        assert "サンプル" in text(doc.xpath('//*[contains(@class,"sample-banner")]')[0]), page
        # the after-hours number is in the header of every page
        assert doc.xpath('//header//a[@href="tel:0430990000"]'), page


def test_headings_do_not_skip_levels(root_site: Path):
    for page in sorted(root_site.rglob("*.html")):
        levels = [int(h.tag[1]) for h in parse(page).iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1, page
        for a, b in zip(levels, levels[1:]):
            assert b <= a + 1, (page, levels)


def test_links_are_relative_and_resolve(root_site: Path):
    """Every internal link resolves to a file (the site works from file:// and under any sub-path)."""
    for page in sorted(root_site.rglob("*.html")):
        if page.name == "404.html":
            continue  # uses absolute URLs from base_url: it is served at any path
        doc = parse(page)
        for el in doc.xpath("//*[@href or @src]"):
            url = el.get("href") or el.get("src")
            if url.startswith(("tel:", "#", "mailto:", "geo:")):
                continue
            if url.startswith(("http://", "https://")):
                # only outward links a visitor clicks (a provider's website), never a loaded resource
                assert el.tag == "a", (page, url)
                continue
            assert not url.startswith("/"), (page, url)
            target = (page.parent / url.split("#")[0]).resolve()
            assert target.is_file(), (page, url)


def test_no_resource_from_another_host(root_site: Path):
    for page in sorted(root_site.rglob("*.html")):
        doc = parse(page)
        for el in doc.xpath("//script[@src] | //link[@href] | //img[@src] | //iframe"):
            url = el.get("src") or el.get("href") or ""
            if page.name == "404.html":  # from the site's root path: still the site itself
                url = url.removeprefix("/kaede/")
            assert "//" not in url, (page, url)


def test_rebuild_is_byte_identical(root_site: Path, tmp_path: Path):
    """Every file, the flyer and form PDFs included, byte for byte the same as the session's build."""
    a, b = root_site, tmp_path / "b"
    assert build(ROOT, b, pdf=True) == 0

    def digest(d: Path) -> dict[str, str]:
        return {str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.rglob("*")) if p.is_file()}

    assert digest(a) == digest(b)


def test_broken_providers_yaml_reports_file_line_exits_1_and_keeps_the_previous_site(tmp_path: Path, capsys):
    site = copy_site(ROOT, tmp_path / "city")
    out = tmp_path / "out"
    assert build(site, out) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    text_ = (site / "providers.yaml").read_text(encoding="utf-8")
    lines = text_.splitlines()
    phone_line = next(i for i, l in enumerate(lines) if l.strip().startswith("phone:"))
    area_line = next(i for i, l in enumerate(lines) if l.strip().startswith("area:"))
    lines[phone_line] = "  phone: 03-1234"
    lines[area_line] = "  area: nowhere"
    (site / "providers.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert build(site, out) == 1
    err = capsys.readouterr().err
    assert f"providers.yaml:{phone_line + 1}:" in err and "電話番号の形式ではありません" in err
    assert f"providers.yaml:{area_line + 1}:" in err and "nowhere" in err
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if "kyoten-" in p.name]  # no temp folder left behind


def test_markdown_pages_work_as_in_mkdocs(root_site: Path):
    doc = parse(root_site / "about.html")
    assert text(doc.xpath("//h1")[0]) == "このサイトについて"
    assert doc.xpath('//nav[@aria-label="メインメニュー"]//a[@href="./about.html"]')
    assert not (root_site / "functions.yml").exists()  # data files are not published


def test_sitemap_lists_every_page_with_absolute_urls(root_site: Path):
    sitemap = (root_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    base = demo().config.base_url
    assert all(l.startswith(base) for l in locs)
    assert base + "providers/" in locs and base in locs
    assert len(locs) == len([p for p in root_site.rglob("*.html") if p.name != "404.html"])
    assert "lastmod" not in sitemap


def test_page_404_uses_absolute_links(root_site: Path):
    doc = parse(root_site / "404.html")
    css = doc.xpath("//link[@rel='stylesheet']/@href")[0]
    assert css == "/kaede/assets/kyoten.css"  # the path of base_url: works whatever the missing URL was


def test_geojson_has_one_feature_per_located_provider(root_site: Path):
    import json
    data = json.loads((root_site / "opendata" / "providers.geojson").read_text(encoding="utf-8"))
    located = [p for p in demo().providers if p.location]
    assert 0 < len(located) < len(demo().providers)  # the demo has providers without a location too
    assert [f["id"] for f in data["features"]] == [p.id for p in located]
    for f, p in zip(data["features"], located):
        assert f["geometry"]["coordinates"] == [round(p.location[1], 6), round(p.location[0], 6)]
        props = f["properties"]
        assert props["name"] == p.name and props["function_ids"] == list(p.functions)
        assert (root_site / props["url"]).is_file()


def test_long_listings_are_paginated_in_gojuon_order(tmp_path: Path):
    """120 providers: the directory spans 3 pages of ≤ 50, every provider once, in order; the 五十音 index
    and the page links all resolve; a function with more than 50 providers gets its own listing."""
    from kyoten.pages.listings import PAGE_SIZE
    site = copy_site(ROOT, tmp_path / "big")
    entries = [
        f"- id: p{i:03d}\n  name: {kana}ホーム{i:03d}\n  role: 拠点等登録事業所\n  functions: [相談]\n  area: chuo\n  phone: 043-000-{i:04d}\n"
        for i, kana in zip(range(120), ["あおい", "かしわ", "さくら", "たちばな", "なでしこ", "はなみずき"] * 20)
    ]
    (site / "providers.yaml").write_text("".join(entries), encoding="utf-8")
    out = tmp_path / "out"
    assert build(site, out) == 0
    count = -(-120 // PAGE_SIZE)
    pages = [out / "providers" / "index.html"] + [out / "providers" / "page" / str(n) / "index.html"
                                                  for n in range(2, count + 1)]
    assert count >= 3 and not (out / "providers" / "page" / str(count + 1)).exists()
    names = []
    for page in pages:
        doc = parse(page)
        cards = [text(a) for a in doc.xpath('//*[contains(@class,"provider-card__name")]/a')]
        assert 0 < len(cards) <= PAGE_SIZE
        names += cards
        for href in doc.xpath('//nav[@aria-label="五十音索引"]//a/@href | //nav[@aria-label="ページ送り"]//a/@href'):
            target, _, anchor = href.partition("#")
            resolved = (page.parent / target).resolve() if target else page
            assert resolved.is_file(), (page, href)
            if anchor:
                assert parse(resolved).xpath(f'//*[@id="{anchor}"]'), (page, href)
        assert not doc.xpath("//*[@data-facets]")  # filters are plain links when the list spans pages
    assert len(names) == len(set(names)) == 120
    loaded = load_site(site)
    assert names == [p.name for p in loaded.providers]
    titles = [text(parse(p).xpath("//h1")[0]) for p in pages]
    assert len(set(titles)) == count  # each page has its own title
    fpage = parse(out / "functions" / "consultation" / "index.html")
    assert fpage.xpath('//a[contains(@href,"functions/consultation/providers/index.html")]')
    assert (out / "functions" / "consultation" / "providers" / "page" / str(count) / "index.html").is_file()
