"""site_config.yml: the city, its areas, its contacts, the map settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kyoten.model.schema import Bool, Choice, Date, Field, ListOf, Number, Obj, Phone, Slug, Text, Url
from kyoten.model.source import Node, Report, load_yaml
from kyoten.model.vocab import FUNCTION_VOCAB, Term, Vocabulary

CONFIG_FILE = "site_config.yml"

CONTACT_WHEN = Vocabulary("when", (
    Term("weekday", "平日", ("開所時間",)),
    Term("after-hours", "夜間・休日", ("夜間休日", "閉所時", "24時間")),
))
TILES = Vocabulary("tiles", (
    Term("gsi", "地理院タイル", ("gsi-std",)),
    Term("osm", "OpenStreetMap"),
))


def local_government_code_ok(code: str) -> bool:
    """全国地方公共団体コード: 5 digits + check digit (JIS X 0401 / 総務省)."""
    if len(code) != 6 or not code.isdigit():
        return False
    s = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2)))
    return (11 - s % 11) % 10 == int(code[5])


# 整備類型 (国の通知): how a city set up its 拠点等
DEVELOPMENT_TYPES = Vocabulary("development_type", (
    Term("areal", "面的整備型", ("面的整備", "面的な体制")),
    Term("multifunction", "多機能拠点整備型", ("多機能拠点整備", "多機能型")),
    Term("combined", "併用", ("併用型", "多機能拠点整備型と面的整備型の併用", "面的整備型と多機能拠点整備型の併用")),
))
DEVELOPMENT_TYPE_PLAIN = {
    "areal": "地域の複数の事業所や関係機関が、機能を分担して担う形です。",
    "multifunction": "1か所の拠点に、機能を集めて担う形です。",
    "combined": "機能を集めた拠点と、地域の事業所の分担とを組み合わせた形です。",
}

LATLON = Obj({"lat": Field(Number(-90, 90), True), "lon": Field(Number(-180, 180), True)}, "位置（lat, lon）")

SCHEMA = Obj({
    "city": Field(Obj({
        "name": Field(Text(40, example="千葉市"), True, "市町村名"),
        "name_kana": Field(Text(80), doc="市町村名の読み（ひらがな）"),
        "code": Field(Text(6, example="121002"), True, "全国地方公共団体コード（6桁、検査数字を含む）"),
        "prefecture": Field(Text(10), doc="都道府県名"),
        "department": Field(Text(80), doc="担当課"),
        "official_url": Field(Url(), doc="市の公式サイトの案内ページ。このサイトに載せていない連絡先などは、ここでご確認くださいと案内します"),
    }, "city"), True),
    "site": Field(Obj({
        "title": Field(Text(80), doc="サイト名"),
        "base_url": Field(Url(), True, "公開するURL（QRコードやサイトマップに使います）"),
        "sample_data": Field(Bool(), doc="true のとき、すべてのページに「サンプル」と表示します"),
        "license": Field(Text(80), doc="オープンデータのライセンス（既定: CC BY 4.0）"),
        "description": Field(Text(400), doc="サイトの説明"),
        "notice": Field(Text(400), doc="すべてのページの上部に出すお知らせ（公式サイトではない再現例であることなど）"),
        "stale_after_days": Field(Number(1, 365, integer=True), doc="空き状況を「古いかもしれない」と表示するまでの日数（既定: 30）"),
        "data_date": Field(Date(), doc="データの基準日（省略すると git の最終更新日）"),
        "accepted_warnings": Field(ListOf(Obj({
            "check": Field(Text(40, example="contacts"), True, "警告の項目名（警告の括弧内の英語の名前）"),
            "reason": Field(Text(200), True, "警告を承知で公開する理由"),
        }, "accepted_warnings")), doc="承知のうえで公開する警告（--strict でも止めない）。理由を必ず書きます"),
    }, "site"), True),
    "areas": Field(ListOf(Obj({
        "id": Field(Slug(), True),
        "name": Field(Text(40, example="中央区"), True),
        "name_kana": Field(Text(80)),
    }, "areas"), min_items=1), True, "区・地区"),
    "contacts": Field(ListOf(Obj({
        "name": Field(Text(80, example="障害福祉課"), True),
        "phone": Field(Phone(), True),
        "when": Field(Choice(CONTACT_WHEN), True, "平日 または 夜間・休日"),
        "hours": Field(Text(80)),
        "fax": Field(Phone()),
        "note": Field(Text(200)),
    }, "contacts")), doc="問い合わせ先（平日と夜間・休日）"),
    "development_type": Field(Choice(DEVELOPMENT_TYPES), doc="整備類型（面的整備型、多機能拠点整備型、併用）。市が定めているときだけ書きます"),
    "stated_counts": Field(ListOf(Obj({
        "label": Field(Text(80, example="短期入所事業所"), True, "何の数か（資料の言葉のまま）"),
        "value": Field(Number(0, 1e6, integer=True), True, "数"),
        "unit": Field(Text(10, example="か所"), doc="単位（既定: か所）"),
        "functions": Field(ListOf(Choice(FUNCTION_VOCAB)), doc="その事業所が担う機能（機能のページにも表示します）"),
        "as_of": Field(Text(40, example="令和5年2月末現在"), True, "いつ時点の数か（資料の書き方のまま）"),
        "source": Field(Text(200, example="千葉市「令和４年度 地域生活支援拠点等の運用状況」"), True, "出典（資料名）"),
        "source_url": Field(Url(), doc="出典のURL"),
    }, "stated_counts")), doc="市が資料で示している拠点等登録事業所の数（このサイトに事業所ごとの情報を載せていないとき、そのまま表示します）"),
    "map": Field(Obj({
        "center": Field(LATLON, True),
        "zoom": Field(Number(1, 18, integer=True), True),
        "bounds": Field(Obj({
            "south": Field(Number(-90, 90), True), "west": Field(Number(-180, 180), True),
            "north": Field(Number(-90, 90), True), "east": Field(Number(-180, 180), True),
        }, "bounds"), True),
        "tiles": Field(Choice(TILES)),
    }, "map"), True),
}, CONFIG_FILE)


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: str
    name_kana: str | None


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    phone: str
    when: str  # 'weekday' | 'after-hours'
    hours: str | None
    fax: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class StatedCount:
    """A count the city states in a document (e.g. 拠点登録事業所数 15) without naming the 事業所:
    shown as the city states it, with its date and source, never as this site's own count."""
    label: str
    value: int
    unit: str
    functions: tuple[str, ...]  # function ids
    as_of: str
    source: str
    source_url: str | None


@dataclass(frozen=True, slots=True)
class Bounds:
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass(frozen=True, slots=True)
class MapSettings:
    center: tuple[float, float]
    zoom: int
    bounds: Bounds
    tiles: str


@dataclass(frozen=True, slots=True)
class SiteConfig:
    city_name: str
    city_name_kana: str | None
    city_code: str
    prefecture: str | None
    department: str | None
    official_url: str | None  # the city's own page: where what this site does not carry can be found
    title: str
    base_url: str
    sample_data: bool
    license: str
    description: str | None
    notice: str | None
    stale_after_days: int
    data_date: "dt.date | None"
    accepted_warnings: tuple[tuple[str, str], ...]  # (check, reason): 警告 that --strict lets through
    areas: tuple[Area, ...]
    contacts: tuple[Contact, ...]
    development_type: str | None  # id in DEVELOPMENT_TYPES (面的整備型 …), when the city states it
    stated_counts: tuple[StatedCount, ...]
    map: MapSettings

    @property
    def area_by_id(self) -> dict[str, Area]:
        return {a.id: a for a in self.areas}

    @property
    def development_type_label(self) -> str | None:
        return DEVELOPMENT_TYPES.by_id[self.development_type].label if self.development_type else None

    @property
    def development_type_plain(self) -> str | None:
        return DEVELOPMENT_TYPE_PLAIN.get(self.development_type or "")

    def stated_counts_for(self, function: str | None = None) -> tuple[StatedCount, ...]:
        """The counts the city states; for one function, those tied to it."""
        return tuple(c for c in self.stated_counts if function is None or function in c.functions)

    @property
    def weekday_contacts(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.when == "weekday")

    @property
    def after_hours_contacts(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.when == "after-hours")


def load_config(site_dir: Path, report: Report) -> SiteConfig | None:
    node = load_yaml(site_dir / CONFIG_FILE, report, site_dir)
    if node is None:
        return None
    data, ok = SCHEMA.check_partial(node, report, CONFIG_FILE)
    if node.kind != "map":
        return None
    return _build(node, data, ok, report)


def _build(node: Node, d: dict, ok: bool, report: Report) -> SiteConfig | None:
    """Cross-field checks on every part that is valid by itself; the config only if all is valid."""
    city_node = node.get("city")
    code = d.get("city", {}).get("code")
    code_node = city_node.get("code") if city_node is not None else None
    if code is None and code_node is not None and code_node.kind == "scalar":
        code = code_node.value  # the city block had another error: still check the code (a list was reported)
    if code is not None and not local_government_code_ok(code):
        report.error(city_node.get("code"), "code",
                     f"全国地方公共団体コード「{code}」が正しくありません（6桁、最後の1桁は検査数字です）",
                     "6 digits with a valid check digit, e.g. 121002")
        ok = False
    seen: set[str] = set()
    areas_node = node.get("areas")
    for a, an in zip(d.get("areas", ()), areas_node.value if areas_node is not None and areas_node.kind == "seq" else ()):
        if a["id"] in seen:
            report.error(an.get("id"), "id", f"地区のid「{a['id']}」が重複しています", "unique area ids")
            ok = False
        seen.add(a["id"])
    if "map" not in d:
        return None
    m = d["map"]
    b = Bounds(**m["bounds"])
    map_node = node.get("map")
    assert map_node is not None
    if not (b.south < b.north and b.west < b.east):
        report.error(map_node.at("bounds"), "bounds", "地図の範囲 bounds は south < north、west < east にしてください",
                     "south < north and west < east")
        ok = False
    elif not b.contains(m["center"]["lat"], m["center"]["lon"]):
        report.error(map_node.at("center"), "center", "地図の中心 center が範囲 bounds の外にあります", "center inside bounds")
        ok = False
    contacts = tuple(Contact(c["name"], c["phone"], c["when"], c.get("hours"), c.get("fax"), c.get("note"))
                     for c in d.get("contacts", ()))
    if not any(c.when == "after-hours" for c in contacts):
        report.warn(node.at("contacts"), "contacts",
                    "夜間・休日の連絡先がありません。緊急時に市民が電話できる番号を載せてください", "a contact with when: 夜間・休日")
    if not ok:
        return None
    site, city = d["site"], d["city"]
    base_url = site["base_url"] if site["base_url"].endswith("/") else site["base_url"] + "/"
    return SiteConfig(
        city_name=city["name"],
        city_name_kana=city.get("name_kana"),
        city_code=city["code"],
        prefecture=city.get("prefecture"),
        department=city.get("department"),
        official_url=city.get("official_url"),
        title=site.get("title") or f"{city['name']}の地域生活支援拠点等",
        base_url=base_url,
        sample_data=site.get("sample_data", False),
        license=site.get("license", "CC BY 4.0"),
        description=site.get("description"),
        notice=site.get("notice"),
        stale_after_days=site.get("stale_after_days", 30),
        data_date=site.get("data_date"),
        accepted_warnings=tuple((w["check"], w["reason"]) for w in site.get("accepted_warnings", ())),
        areas=tuple(Area(a["id"], a["name"], a.get("name_kana")) for a in d["areas"]),
        contacts=contacts,
        development_type=d.get("development_type"),
        stated_counts=tuple(StatedCount(c["label"], c["value"], c.get("unit", "か所"), tuple(c.get("functions", ())),
                                        c["as_of"], c["source"], c.get("source_url"))
                            for c in d.get("stated_counts", ())),
        map=MapSettings((m["center"]["lat"], m["center"]["lon"]), m["zoom"], b, m.get("tiles", "gsi")),
    )
