"""providers.yaml → validated, immutable Provider records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kyoten import urls
from kyoten.processes import InChild, workers_for
from kyoten.model.config import LATLON, SiteConfig
from kyoten.japanese.readings import Reader, row_of, slug, sort_key
from kyoten.model.schema import Bool, Choice, CorporateNumber, Date, Field, ListOf, Number, Obj, Phone, Slug, Text, Url
from kyoten.model.source import Report, parse_yaml, read_text
from kyoten.model.vocab import FUNCTION_VOCAB, ROLE_VOCAB, SERVICE_VOCAB, TARGET_VOCAB

PROVIDERS_FILE = "providers.yaml"

PROVIDER = Obj({
    "id": Field(Slug(), doc="URLに使う識別子（省略するとローマ字で作ります）"),
    "name": Field(Text(100, example="みどり市中央基幹相談支援センター"), True, "事業所名"),
    "name_kana": Field(Text(200), doc="事業所名の読み（ひらがな）"),
    "role": Field(Choice(ROLE_VOCAB), True, "拠点での役割"),
    "corporation": Field(Text(100), doc="運営法人"),
    "corporate_number": Field(CorporateNumber(), doc="運営法人の法人番号（13桁。国税庁の法人番号公表サイトの番号）"),
    "provider_number": Field(Text(20, example='"1210100001"'), doc="事業所番号（10桁）"),
    "services": Field(ListOf(Choice(SERVICE_VOCAB)), doc="障害福祉サービス等の種別"),
    "functions": Field(ListOf(Choice(FUNCTION_VOCAB)), doc="担う拠点の機能"),
    "targets": Field(ListOf(Choice(TARGET_VOCAB)), doc="主な対象"),
    "capacity": Field(Number(1, 9999, integer=True), doc="定員（人）"),
    "area": Field(Slug(), True, "地区のid（site_config.yml の areas）"),
    "address": Field(Text(200), doc="所在地"),
    "location": Field(LATLON, doc="緯度経度"),
    "phone": Field(Phone(), doc="電話番号"),
    "after_hours_phone": Field(Phone(), doc="夜間・休日の電話番号"),
    "fax": Field(Phone(), doc="FAX番号"),
    "hours": Field(Text(100), doc="受付時間"),
    "emergency": Field(Obj({
        "accepts": Field(Bool(), True),
        "beds": Field(Number(0, 999, integer=True)),
        "note": Field(Text(200)),
    }, "emergency"), doc="緊急時の受入れ"),
    "vacancy": Field(Obj({
        "beds": Field(Number(0, 999, integer=True), True, "空いている床数"),
        "as_of": Field(Date(), True, "いつ時点の空き状況か"),
        "note": Field(Text(200)),
    }, "vacancy"), doc="空き状況（短期入所・緊急一時保護など）"),
    "updated": Field(Date(), doc="この事業所の情報を最後に確認した日（git の履歴より優先）"),
    "registered_on": Field(Date(), doc="拠点登録日"),
    "url": Field(Url(), doc="ウェブサイト"),
    "note": Field(Text(1000, multiline=True), doc="備考"),
}, "事業所")


@dataclass(frozen=True, slots=True)
class Emergency:
    accepts: bool
    beds: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Vacancy:
    beds: int
    as_of: dt.date
    note: str | None


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    name: str
    reading: str  # hiragana, from name_kana or the dictionary + pykakasi
    role: str  # role id
    corporation: str | None
    provider_number: str | None
    services: tuple[str, ...]  # service ids
    functions: tuple[str, ...]  # function ids
    targets: tuple[str, ...]  # target ids
    area: str  # area id
    address: str | None
    location: tuple[float, float] | None
    phone: str | None
    after_hours_phone: str | None
    fax: str | None
    hours: str | None
    emergency: Emergency | None
    registered_on: dt.date | None
    vacancy: Vacancy | None
    updated: dt.date | None
    url: str | None
    note: str | None
    # where it starts and ends in providers.yaml (errors; the git history of exactly its lines). Not part
    # of equality: an entry that only moved is the same provider (serve re-renders changed pages only)
    line: int = field(compare=False)
    end_line: int = field(compare=False)
    corporate_number: str | None = None  # 法人番号 (13 digits, check digit verified)
    capacity: int | None = None  # 定員

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (*sort_key(self.reading), self.id)

    @property
    def row(self) -> str:
        return row_of(self.reading)


# providers/<id>/ sits beside the listings' own folders: an id equal to one would lose its page to the
# listing (issue 14). Windows device names cannot be folder names there (a site copied to a Windows host).
RESERVED_IDS = frozenset({*urls.LISTING_FOLDERS, "map", "search", "assets"})
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def _end_line(node) -> int:
    """The last line a YAML node's value spans (its deepest, last child)."""
    while node.kind in ("map", "seq") and node.value:
        node = list(node.value.values())[-1] if node.kind == "map" else node.value[-1]
    return node.loc.line


class Entries:
    """`kyoten serve`: each providers.yaml entry's text → its Provider, from the last load. After an edit
    of providers.yaml alone, only the entries whose text changed are parsed and checked again
    (load_providers). An entry with a 警告 or an error is never kept, so a reload that finds any problem
    is done in full and reports it. Valid only while site_config.yml and content/ stay as they were."""

    def __init__(self) -> None:
        self.by_text: dict[str, Provider] = {}


_ENTRY_START = re.compile(r"^-(?=[ \t\r\n]|$)", re.M)


def _split_entries(text: str) -> list[tuple[int, str]] | None:
    """(first line, text) of each top-level entry, each starting at a "-" in column 0; None when anything
    but comments and blank lines comes before the first."""
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    if not starts or any(line.strip() and not line.lstrip().startswith("#") for line in text[:starts[0]].splitlines()):
        return None
    line = text.count("\n", 0, starts[0]) + 1
    out = []
    for a, b in zip(starts, [*starts[1:], len(text)]):
        out.append((line, text[a:b]))
        line += text.count("\n", a, b)
    return out


def load_providers(site_dir: Path, config: SiteConfig | None, reader: Reader, report: Report,
                   entries: Entries | None = None, parallel: bool = False) -> tuple[Provider, ...]:
    """Every valid entry of providers.yaml, in 五十音順; `entries` (serve) reuses the last load's;
    `parallel` (kyoten build and validate) lets a long file be read by two processes (_load_in_two)."""
    text = read_text(site_dir / PROVIDERS_FILE, PROVIDERS_FILE, report)
    if text is None:
        return ()
    found = None
    if entries is not None and entries.by_text:
        found = _load_changed(text, config, reader, entries)
    elif parallel and entries is None:
        found = _load_in_two(text, config, reader, report)
    if found is None:
        found = _load_all(text, config, reader, report, entries)
    return tuple(sorted(found, key=lambda p: p.sort_key))


def providers_of_text(text: str, config: SiteConfig | None, reader: Reader, report: Report) -> tuple[Provider, ...]:
    """The providers a providers.yaml text would load to (kyoten vacancy checks its own edit with it)."""
    return tuple(sorted(_load_all(text, config, reader, report, None), key=lambda p: p.sort_key))


def _load_all(text: str, config: SiteConfig | None, reader: Reader, report: Report,
              entries: Entries | None) -> list[Provider]:
    """One pass over the whole file; `entries` (serve) then keeps each entry that raised no 警告 or error."""
    node = parse_yaml(text, PROVIDERS_FILE, report)
    if node is None or node.kind == "null":
        return []
    if node.kind != "seq":
        report.error(node, "providers", "providers.yaml は事業所のリスト（- で始まる項目）にしてください", "a YAML list")
        return []
    out, clean, _, _ = _check_entries(node.value, 0, config, reader, report)
    if entries is not None:
        chunks = _split_entries(text) or []
        aligned = [line for line, _ in chunks] == [pnode.loc.line for pnode in node.value]
        entries.by_text = {chunk: p for (_, chunk), p in zip(chunks, clean) if p is not None} if aligned else {}
    return out


def _check_entries(pnodes, first: int, config: SiteConfig | None, reader: Reader, report: Report):
    """Entries first, first+1, … checked in order, each with the ids and 事業所番号 of those before it:
    (the valid Providers, per entry its Provider when it raised no 警告 or error, ids, 事業所番号)."""
    out: list[Provider] = []
    clean: list[Provider | None] = []
    ids: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for j, pnode in enumerate(pnodes):
        before = len(report.items)
        p = _entry(pnode, first + j, config, reader, report, ids, numbers)
        if p is not None:
            out.append(p)
        clean.append(p if len(report.items) == before else None)
    return out, clean, ids, numbers


SPLIT_FROM = 2000  # entries: below this, a second process costs more than it saves


def _load_part(text: str, first: int, config: SiteConfig | None, reader: Reader):
    """Entries first, first+1, … of providers.yaml from a part of its text (the lines before the part
    left blank, so every line number is the file's): (providers, diagnostics, ids, 事業所番号, entry lines),
    or None when the part is not a list of entries."""
    part = Report()
    node = parse_yaml(text, PROVIDERS_FILE, part)
    if node is None or node.kind != "seq":
        return None
    out, _, ids, numbers = _check_entries(node.value, first, config, reader, part)
    return out, part.items, ids, numbers, [pnode.loc.line for pnode in node.value]


def _load_in_two(text: str, config: SiteConfig | None, reader: Reader, report: Report) -> list[Provider] | None:
    """A long providers.yaml read by two processes (issue 16: 2.5 s of a 20,000 build was this load, with
    the second core idle): a forked child parses and checks the second half of the entries while this
    process does the first, and sends its Providers back pickled. The same Providers and diagnostics in
    the same order as one pass; None (one pass then runs and reports) when the file does not split into
    entries cleanly, an id or 事業所番号 occurs in both halves, or the child failed."""
    chunks = _split_entries(text)
    if chunks is None or len(chunks) < SPLIT_FROM or workers_for(len(chunks), SPLIT_FROM) < 2:
        return None
    half = len(chunks) // 2
    at = len(text) - sum(len(chunk) for _, chunk in chunks[half:])
    second = "\n" * (chunks[half][0] - 1) + text[at:]
    child = InChild(lambda: _load_part(second, half, config, reader))
    try:
        a = _load_part(text[:at], 0, config, reader)
    except BaseException:
        child.cancel()
        raise
    b = child.result()
    if a is None or b is None or a[4] + b[4] != [line for line, _ in chunks]:
        return None
    if a[2].keys() & b[2].keys() or a[3].keys() & b[3].keys():
        return None
    report.items.extend(a[1] + b[1])
    return a[0] + b[0]


def _load_changed(text: str, config: SiteConfig | None, reader: Reader, entries: Entries) -> list[Provider] | None:
    """The providers, parsing only the entries whose text is new; None when anything is unclear or wrong
    (the full load then runs and reports it)."""
    chunks = _split_entries(text)
    if chunks is None:
        return None
    quiet = Report()
    out: list[Provider] = []
    by_text: dict[str, Provider] = {}
    ids: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for i, (line, chunk) in enumerate(chunks):
        p = entries.by_text.get(chunk)
        if p is None:  # parsed where it stands, so every line number is the file's
            node = parse_yaml("\n" * (line - 1) + chunk, PROVIDERS_FILE, quiet)
            if node is None or node.kind != "seq" or len(node.value) != 1 or node.value[0].loc.line != line:
                return None
            p = _entry(node.value[0], i, config, reader, quiet, {}, {})
            if p is None or quiet.items:
                return None
        elif p.line != line:
            p = dataclasses.replace(p, line=line, end_line=line + p.end_line - p.line)
        if p.id in ids or (p.provider_number is not None and p.provider_number in numbers):
            return None
        ids[p.id] = line
        if p.provider_number is not None:
            numbers[p.provider_number] = line
        out.append(p)
        by_text[chunk] = p
    entries.by_text = by_text
    return out


def _entry(pnode, i: int, config: SiteConfig | None, reader: Reader, report: Report,
           ids: dict[str, int], numbers: dict[str, int]) -> Provider | None:
    """One entry of providers.yaml checked, with the ids and 事業所番号 of the entries before it."""
    d, ok = PROVIDER.check_partial(pnode, report, f"providers[{i + 1}]")
    if pnode.kind != "map":
        return None
    # the cross-checks below run on every valid field, even when another field was wrong
    pid = d.get("id") or (slug(d.get("name_kana") or d["name"], reader) if "name" in d else None)
    where_id = pnode.get("id") if "id" in d else pnode.at("name")
    if pid is None:
        pass
    elif pid in RESERVED_IDS or pid.split(".")[0] in WINDOWS_DEVICES:
        how = "" if "id" in d else "（名前から作ったidです。id を書いてください）"
        what = "サイトの一覧ページが使うフォルダ名" if pid in RESERVED_IDS else "Windows で使えない名前"
        report.error(where_id, "id", f"id「{pid}」は{what}なので使えません{how}",
                     "not one of: " + ", ".join(sorted(RESERVED_IDS)) + ", or a Windows device name")
        ok = False
    elif pid in ids:
        how = "" if "id" in d else "（名前から作ったidです。id を書いて区別してください）"
        report.error(where_id, "id", f"id「{pid}」が{ids[pid]}行目の事業所と重複しています{how}", "unique ids")
        ok = False
    else:
        ids[pid] = pnode.loc.line
    number = d.get("provider_number")
    if number is not None:
        number = re.sub(r"\s", "", number)
        if not re.fullmatch(r"\d{10}", number):
            report.error(pnode.get("provider_number"), "provider_number",
                         f"事業所番号「{d['provider_number']}」は10桁の数字で書いてください", 'ten digits, quoted: "1210100001"')
            ok = False
        elif number in numbers:
            report.warn(pnode.get("provider_number"), "provider_number",
                        f"事業所番号「{number}」は{numbers[number]}行目の事業所と同じです", "unique provider numbers")
        else:
            numbers[number] = pnode.loc.line
    if config is not None and "area" in d and d["area"] not in config.area_by_id:
        report.error(pnode.get("area"), "area", f"地区「{d['area']}」は site_config.yml の areas にありません",
                     "one of: " + ", ".join(config.area_by_id))
        ok = False
    loc = d.get("location")
    if loc is not None and config is not None and not config.map.bounds.contains(loc["lat"], loc["lon"]):
        report.error(pnode.get("location"), "location",
                     f"位置（{loc['lat']}, {loc['lon']}）が市の範囲（site_config.yml の map.bounds）の外にあります",
                     "lat/lon inside map.bounds")
        ok = False
    if not ok:
        return None
    em = d.get("emergency")
    return Provider(
        id=pid,
        name=d["name"],
        reading=d.get("name_kana") or reader.reading(d["name"]),
        role=d["role"],
        corporation=d.get("corporation"),
        provider_number=number,
        services=d.get("services", ()),
        functions=tuple(sorted(d.get("functions", ()), key=FUNCTION_VOCAB.order)),
        targets=tuple(sorted(d.get("targets", ()), key=TARGET_VOCAB.order)),
        area=d["area"],
        address=d.get("address"),
        location=(loc["lat"], loc["lon"]) if loc else None,
        phone=d.get("phone"),
        after_hours_phone=d.get("after_hours_phone"),
        fax=d.get("fax"),
        hours=d.get("hours"),
        emergency=Emergency(em["accepts"], em.get("beds"), em.get("note")) if em else None,
        registered_on=d.get("registered_on"),
        vacancy=Vacancy(d["vacancy"]["beds"], d["vacancy"]["as_of"], d["vacancy"].get("note")) if "vacancy" in d else None,
        updated=d.get("updated"),
        url=d.get("url"),
        note=d.get("note"),
        line=pnode.loc.line,
        end_line=_end_line(pnode),
        corporate_number=d.get("corporate_number"),
        capacity=d.get("capacity"),
    )

