"""Open data exports (issue 7): providers.csv / .json / .geojson and the opendata/ page."""

from __future__ import annotations

import csv
import io
import json

from conftest import ROOT, build, copy_site, demo, parse, text
from kyoten.model.site import load_site
from kyoten.exports.opendata import CSV_COLUMNS, address_parts

# デジタル庁 自治体標準オープンデータセット, 介護サービス事業所一覧 (the list of 事業所): every column, in order
STANDARD = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英語", "所在地_全国地方公共団体コード",
            "町字ID", "所在地_連結表記", "所在地_都道府県", "所在地_市区町村", "所在地_町字", "所在地_番地以下", "建物名等(方書)",
            "緯度", "経度", "電話番号", "内線番号", "FAX番号", "法人番号", "法人の名称", "事業所番号", "利用可能曜日", "開始時間",
            "終了時間", "利用可能日時特記事項", "定員", "URL", "備考"]


def test_csv_has_bom_crlf_and_standard_columns(root_site):
    raw = (root_site / "opendata" / "providers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == raw.count(b"\n") == 45  # header + 44 providers, every line CRLF
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:len(STANDARD)] == STANDARD  # the standard's columns first, in its order
    assert rows[0][len(STANDARD):] == ["拠点での役割", "拠点の機能", "サービスの種類", "主な対象", "地区", "夜間・休日の電話番号",
                                       "緊急時の受入", "拠点登録日", "ページURL"]
    assert rows[0] == [c for c, _ in CSV_COLUMNS]
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(records) == 44
    assert {r["全国地方公共団体コード"] for r in records} == {"999997"}
    center = next(r for r in records if r["ID"] == "kaede-kikan-chuo")
    assert center["名称"] == "楓市中央基幹相談支援センター"
    assert center["名称_カナ"] == "カエデシチュウオウキカンソウダンシエンセンター"
    assert center["拠点での役割"] == "基幹相談支援センター"
    assert center["所在地_連結表記"].startswith(center["所在地_都道府県"] + "楓市") and center["所在地_都道府県"] == "千葉県"
    assert center["所在地_全国地方公共団体コード"] == "999997" and center["所在地_市区町村"] == "楓市"
    assert center["名称_英語"] == center["内線番号"] == center["定員"] == center["法人番号"] == ""
    assert (center["緯度"], center["経度"]) == ("35.69471", "140.08743")
    assert center["電話番号"] == "043-001-1037"
    assert center["拠点の機能"] == "相談;緊急時の受入・対応;専門的人材の確保・養成;地域の体制づくり"
    assert center["ページURL"] == "https://kyoten.example.jp/kaede/providers/kaede-kikan-chuo/index.html"
    # 名称_カナ is full-width katakana only (standard dataset rule)
    assert all(all("ァ" <= c <= "ヶ" or c in "ー・　 " or c.isascii() for c in r["名称_カナ"]) for r in records)


def test_json_matches_csv(root_site):
    doc = json.loads((root_site / "opendata" / "providers.json").read_text(encoding="utf-8"))
    assert doc["license"] == "CC BY 4.0" and doc["count"] == 44 and doc["sample_data"] is True
    ids_json = [r["ID"] for r in doc["providers"]]
    raw = (root_site / "opendata" / "providers.csv").read_text(encoding="utf-8-sig")
    ids_csv = [r["ID"] for r in csv.DictReader(io.StringIO(raw, newline=""))]
    assert ids_json == ids_csv
    center = next(r for r in doc["providers"] if r["ID"] == "kaede-kikan-chuo")
    assert center["緯度"] == 35.69471 and "相談" in center["拠点の機能"]


def test_opendata_page_links_files_with_sizes_and_licence(root_site):
    page = parse(root_site / "opendata" / "index.html")
    links = {a.get("href"): text(a.getparent()) for a in page.xpath("//main//ul[@class='opendata-files']//a")}
    assert set(links) == {"providers.csv", "providers.json", "providers.geojson"}
    for href, label in links.items():
        size = (root_site / "opendata" / href).stat().st_size
        assert f"{size / 1024:.1f}KB" in label, (href, label)
    body = text(page.xpath("//main")[0])
    assert "CC BY 4.0" in body
    assert "出典：楓市の地域生活支援拠点等「地域生活支援拠点等 事業所一覧」（https://kyoten.example.jp/kaede/opendata/index.html）" in body  # a sample: the site, not the city
    assert [text(th) for th in page.xpath("//main//tbody//th")] == [c for c, _ in CSV_COLUMNS]
    assert page.xpath('//a[@rel="license"]')[0].get("href").startswith("https://creativecommons.org/licenses/by/4.0/")
    # linked from the footer of every page
    home = parse(root_site / "index.html")
    assert home.xpath('//footer//a[@href="./opendata/index.html"]')


def test_licence_comes_from_site_config(tmp_path):
    site = copy_site(ROOT, tmp_path / "src")
    cfg = (site / "site_config.yml").read_text(encoding="utf-8")
    (site / "site_config.yml").write_text(cfg.replace("  sample_data: true\n", "  sample_data: true\n  license: CC0\n"),
                                          encoding="utf-8")
    assert build(site, tmp_path / "out") == 0
    doc = json.loads((tmp_path / "out" / "opendata" / "providers.json").read_text(encoding="utf-8"))
    assert doc["license"] == "CC0"
    assert "CC0" in text(parse(tmp_path / "out" / "opendata" / "index.html").xpath("//main")[0])


def test_address_is_split_as_the_standard_splits_it():
    assert address_parts("楓市中央1丁目2番3号 楓ビル2階", "千葉県", "楓市") == {
        "所在地_連結表記": "千葉県楓市中央1丁目2番3号 楓ビル2階", "所在地_都道府県": "千葉県", "所在地_市区町村": "楓市",
        "所在地_町字": "中央1丁目", "所在地_番地以下": "2番3号", "建物名等(方書)": "楓ビル2階"}
    ward = address_parts("千葉県千葉市中央区千葉港1-1", "千葉県", "千葉市")  # a 政令市's 区 is part of 市区町村
    assert ward["所在地_連結表記"] == "千葉県千葉市中央区千葉港1-1" and ward["所在地_市区町村"] == "千葉市中央区"
    assert (ward["所在地_町字"], ward["所在地_番地以下"]) == ("千葉港", "1-1")
    short = address_parts("あさひ台3-4", "千葉県", "楓市")  # written without the city: 連結表記 still has both
    assert short["所在地_連結表記"] == "千葉県楓市あさひ台3-4" and short["所在地_町字"] == "あさひ台"
    assert address_parts(None, "千葉県", "楓市")["所在地_連結表記"] == ""


def test_corporate_number_and_capacity_reach_the_page_and_the_open_data(tmp_path):
    site = copy_site(ROOT, tmp_path / "src")
    text_ = (site / "providers.yaml").read_text(encoding="utf-8")
    text_ = text_.replace("  address: 楓市栄町2丁目8番4号\n",
                          '  address: 楓市栄町2丁目8番4号\n  corporate_number: "7000012050002"\n  capacity: 20\n', 1)
    (site / "providers.yaml").write_text(text_, encoding="utf-8")
    assert build(site, tmp_path / "out") == 0
    raw = (tmp_path / "out" / "opendata" / "providers.csv").read_text(encoding="utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(raw, newline="")) if r["法人番号"])
    assert (row["法人番号"], row["定員"]) == ("7000012050002", "20")
    doc = json.loads((tmp_path / "out" / "opendata" / "providers.json").read_text(encoding="utf-8"))
    rec = next(r for r in doc["providers"] if r["ID"] == row["ID"])
    assert rec["定員"] == 20 and rec["法人番号"] == "7000012050002"
    page = parse(tmp_path / "out" / "providers" / row["ID"] / "index.html")
    facts = {text(dt): text(dt.getnext()) for dt in page.xpath("//dl[@class='facts']//dt")}
    assert facts["法人番号"] == "7000012050002" and facts["定員"] == "20人"


def test_the_credit_names_the_city_only_when_the_city_publishes_the_site():
    """A sample or a reproduction is credited to the site by its title: the city did not publish it."""
    import dataclasses

    from kyoten.exports.opendata import attribution

    site = demo()
    assert site.config.sample_data and attribution(site).startswith(site.config.title + "「")
    matsudo = load_site(ROOT / "examples" / "matsudo")
    assert matsudo.config.notice and attribution(matsudo).startswith("松戸市の地域生活支援拠点等（再現例）「")
    official = dataclasses.replace(site, config=dataclasses.replace(site.config, sample_data=False, notice=None))
    assert attribution(official) == f"{site.config.city_name}「地域生活支援拠点等 事業所一覧」（{site.config.base_url}opendata/index.html）"
