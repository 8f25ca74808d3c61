"""Open data of the registry: CSV (自治体標準オープンデータセット's columns first), JSON and GeoJSON.
They are downloads; the maps load their own small files (render/maps.py). The opendata/ page that
describes them is pages/opendata.py."""

from __future__ import annotations

import csv
import io
import json
import re

from kyoten import urls
from kyoten.japanese.places import prefecture_of_code
from kyoten.japanese.readings import to_katakana
from kyoten.model.site import Site
from kyoten.model.vocab import FUNCTION_VOCAB, ROLE_VOCAB, SERVICE_VOCAB, TARGET_VOCAB


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
                "url": urls.provider(p.id),
            },
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":")) + "\n"


LICENSE_URLS = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/deed.ja",
    "CC0": "https://creativecommons.org/publicdomain/zero/1.0/deed.ja",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/deed.ja",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/deed.ja",
}

# (column, description). First every column of デジタル庁's 自治体標準オープンデータセット for a list of
# 事業所 (介護サービス事業所一覧, the dataset whose items fit a 障害福祉 事業所), in its order and spelling;
# the address block (所在地_全国地方公共団体コード … 建物名等(方書)) is the one every dataset of the
# standard shares. A column kyoten has no data for is there and empty (the standard allows it). Then
# kyoten's own columns (拠点での役割, 拠点の機能, …).
STANDARD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("全国地方公共団体コード", "市区町村の全国地方公共団体コード（6桁、検査数字を含む）"),
    ("ID", "事業所の識別子（このサイトのURLにも使っています）"),
    ("地方公共団体名", "都道府県名と市区町村名"),
    ("名称", "事業所名"),
    ("名称_カナ", "事業所名の読み（全角カタカナ）"),
    ("名称_英語", "事業所名の英語表記（このサイトは持っていないため空欄）"),
    ("所在地_全国地方公共団体コード", "所在地の市区町村の全国地方公共団体コード"),
    ("町字ID", "アドレス・ベース・レジストリの町字ID（このサイトは持っていないため空欄）"),
    ("所在地_連結表記", "所在地（都道府県から）"),
    ("所在地_都道府県", "所在地の都道府県"),
    ("所在地_市区町村", "所在地の市区町村（政令市は区まで）"),
    ("所在地_町字", "所在地の町字（所在地から分けられたとき）"),
    ("所在地_番地以下", "所在地の番地以下（所在地から分けられたとき）"),
    ("建物名等(方書)", "建物名など（所在地の空白の後ろの部分）"),
    ("緯度", "世界測地系の緯度（10進数）"),
    ("経度", "世界測地系の経度（10進数）"),
    ("電話番号", "代表の電話番号"),
    ("内線番号", "内線番号（このサイトは持っていないため空欄）"),
    ("FAX番号", "FAX番号"),
    ("法人番号", "運営法人の法人番号（13桁）"),
    ("法人の名称", "運営法人"),
    ("事業所番号", "障害福祉サービス等の事業所番号（10桁）"),
    ("利用可能曜日", "利用できる曜日（このサイトは受付時間を文で持つため空欄。利用可能日時特記事項を見てください）"),
    ("開始時間", "受付の開始時間（同じ理由で空欄）"),
    ("終了時間", "受付の終了時間（同じ理由で空欄）"),
    ("利用可能日時特記事項", "受付時間"),
    ("定員", "定員（人。書かれていない事業所は空欄）"),
    ("URL", "事業所のウェブサイト"),
    ("備考", "備考"),
)
KYOTEN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("拠点での役割", "拠点での役割（基幹相談支援センター、拠点等登録事業所など）"),
    ("拠点の機能", "担う機能（相談、緊急時の受入・対応、体験の機会・場、専門的人材の確保・養成、地域の体制づくり）。複数は「;」区切り"),
    ("サービスの種類", "障害福祉サービス等の種類。複数は「;」区切り"),
    ("主な対象", "主な対象。複数は「;」区切り"),
    ("地区", "市内の地区名"),
    ("夜間・休日の電話番号", "夜間・休日の電話番号"),
    ("緊急時の受入", "緊急時の受入れ（あり・なし、空欄は記載なし）"),
    ("拠点登録日", "地域生活支援拠点等に登録した日（YYYY-MM-DD）"),
    ("ページURL", "このサイトの事業所のページ"),
)
CSV_COLUMNS = STANDARD_COLUMNS + KYOTEN_COLUMNS

_SPACE = re.compile(r"[ \u3000]+")
_WARD = re.compile(r"^(\S{1,4}?区)")
# 町字: up to the first digit, or up to 丁目 (中央1丁目 | 2番3号); 番地以下: the rest
_TOWN = re.compile(r"^(\D+?[0-9０-９一二三四五六七八九十]+丁目|\D+?)([0-9０-９].*)$")


def address_parts(address: str | None, prefecture: str, city: str) -> dict[str, str]:
    """所在地 as the standard splits it. 連結表記 always starts with the prefecture; the city part takes a
    政令市's 区; 町字 is what comes before the first digit (丁目 included), 番地以下 the rest up to a space,
    and 建物名等 what follows the space. An address that does not split so leaves those three empty."""
    parts = dict.fromkeys(("所在地_連結表記", "所在地_都道府県", "所在地_市区町村", "所在地_町字", "所在地_番地以下",
                           "建物名等(方書)"), "")
    if not address:
        return parts
    rest = address.strip()
    if prefecture:
        rest = rest.removeprefix(prefecture)
    if not rest.startswith(city):  # 中央1丁目 written without the city's name
        rest = city + rest
    parts["所在地_連結表記"] = prefecture + rest
    parts["所在地_都道府県"] = prefecture
    rest = rest[len(city):]
    ward = _WARD.match(rest) if city.endswith("市") else None
    parts["所在地_市区町村"] = city + (ward.group(1) if ward else "")
    rest = rest[ward.end():] if ward else rest
    m = _TOWN.match(rest)
    if m is None:
        return parts
    town, number = m.group(1).strip(), m.group(2)
    number, building = (_SPACE.split(number, maxsplit=1) + [""])[:2]
    parts.update({"所在地_町字": town, "所在地_番地以下": number, "建物名等(方書)": building.strip()})
    return parts


def _rows(site: Site) -> list[dict]:
    cfg = site.config
    areas = cfg.area_by_id
    prefecture = cfg.prefecture or prefecture_of_code(cfg.city_code) or ""
    rows = []
    for p in site.providers:
        em = p.emergency
        rows.append({
            "全国地方公共団体コード": cfg.city_code,
            "ID": p.id,
            "地方公共団体名": prefecture + cfg.city_name,
            "名称": p.name,
            "名称_カナ": to_katakana(p.reading),  # the standard dataset's 全角カタカナ
            "名称_英語": "",
            "所在地_全国地方公共団体コード": cfg.city_code if p.address else "",
            "町字ID": "",
            **address_parts(p.address, prefecture, cfg.city_name),
            "緯度": f"{p.location[0]:.6f}".rstrip("0").rstrip(".") if p.location else "",
            "経度": f"{p.location[1]:.6f}".rstrip("0").rstrip(".") if p.location else "",
            "電話番号": p.phone or "",
            "内線番号": "",
            "FAX番号": p.fax or "",
            "法人番号": p.corporate_number or "",
            "法人の名称": p.corporation or "",
            "事業所番号": p.provider_number or "",
            "利用可能曜日": "",
            "開始時間": "",
            "終了時間": "",
            "利用可能日時特記事項": p.hours or "",
            "定員": str(p.capacity) if p.capacity else "",
            "URL": p.url or "",
            "備考": p.note or "",
            "拠点での役割": ROLE_VOCAB.by_id[p.role].label,
            "拠点の機能": ";".join(FUNCTION_VOCAB.by_id[f].label for f in p.functions),
            "サービスの種類": ";".join(SERVICE_VOCAB.by_id[s].label for s in p.services),
            "主な対象": ";".join(TARGET_VOCAB.by_id[t].label for t in p.targets),
            "地区": areas[p.area].name,
            "夜間・休日の電話番号": p.after_hours_phone or "",
            "緊急時の受入": "" if em is None else ("あり" if em.accepts else "なし"),
            "拠点登録日": p.registered_on.isoformat() if p.registered_on else "",
            "ページURL": cfg.base_url + urls.provider(p.id),
        })
    return rows


def providers_csv(site: Site) -> str:
    """UTF-8 with BOM and CRLF line ends, as Excel on Windows opens it without a garbled header."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=[c for c, _ in CSV_COLUMNS], lineterminator="\r\n")
    w.writeheader()
    w.writerows({k: _no_formula(v) for k, v in row.items()} for row in _rows(site))
    return "\ufeff" + buf.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _no_formula(value: str) -> str:
    """A text cell that Excel would run as a formula (=, +, -, @) gets a leading ' (OWASP CSV injection);
    the JSON keeps the text as typed."""
    return "'" + value if value.startswith(_FORMULA_START) and not re.fullmatch(r"-?\d+(\.\d+)?", value) else value


def providers_json(site: Site) -> str:
    """The same records as the CSV (same keys), with lists kept as lists and the licence stated."""
    cfg = site.config
    records = []
    for row, p in zip(_rows(site), site.providers):
        rec = dict(row)
        rec["定員"] = p.capacity
        rec["緯度"] = round(p.location[0], 6) if p.location else None
        rec["経度"] = round(p.location[1], 6) if p.location else None
        for key in ("拠点の機能", "サービスの種類", "主な対象"):
            rec[key] = rec[key].split(";") if rec[key] else []
        records.append(rec)
    head = {
        "title": f"{cfg.city_name} 地域生活支援拠点等 事業所一覧",
        "license": cfg.license,
        "source": attribution(site),
        "sample_data": cfg.sample_data,
        "整備類型": cfg.development_type_label,  # 面的整備型 / 多機能拠点整備型 / 併用, or null when the city states none
        "count": len(records),
    }
    # one record a line: a change to one 事業所 is one changed line, and json's C encoder writes each record
    # (with indent it falls back to its Python encoder: 2.7 s of a 20,000 build)
    lines = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in records)
    return (json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "providers": ['
            + (f"\n{lines}\n ]" if records else "]") + "\n}\n")


def attribution(site: Site) -> str:
    """How a reuser credits the data. A sample or a reproduction (sample_data, or a notice such as 「公式サイト
    ではありません」) is credited to the site by its title, never to the city, which did not publish it."""
    cfg = site.config
    publisher = cfg.title if cfg.sample_data or cfg.notice else cfg.city_name
    return f"{publisher}「地域生活支援拠点等 事業所一覧」（{cfg.base_url}{urls.OPENDATA}）"


EXPORTS = (  # (url, renderer, format label, description)
    (urls.CSV, providers_csv, "CSV", "表計算ソフトで開けます（文字コード UTF-8（BOM付き）、改行 CRLF）。"),
    (urls.JSON, providers_json, "JSON", "CSVと同じ項目を、プログラムで扱いやすい形にしたものです。"),
    (urls.GEOJSON, providers_geojson, "GeoJSON", "位置のわかる事業所を、地図ソフトで読み込める形にしたものです。"),
)


class Exports(dict):
    """The text of every export file by url, each made on first use and kept (the opendata page states
    their sizes, and the parallel writer makes them in the process that writes them)."""

    def __init__(self, site: Site):
        super().__init__()
        self.site = site
        self.renderers = {url: render for url, render, _, _ in EXPORTS}

    def __missing__(self, url: str) -> str:
        body = self[url] = self.renderers[url](self.site)
        return body

