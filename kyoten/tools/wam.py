"""kyoten import --format wam: WAM NET open data (障害福祉サービス等情報公表システム) merged into providers.yaml.

WAM NET publishes, per サービス種別, a CSV of every 事業所 in Japan (one row per 事業所 and service; Shift_JIS or
UTF-8). This module keeps a city's providers.yaml in step with it:

- rows are kept when 事業所住所（市区町村） names the city (`--city`, default: site_config.yml's city name);
  rows of one 事業所番号 (several services, several files) are one 事業所;
- a 事業所 already in providers.yaml (same provider_number) gets its PUBLIC facts refreshed:
  name, name_kana, corporation, address, phone, fax, url (and location only when the city has none);
- the CITY'S OWN fields are never touched: id, role, functions, targets, services, area, emergency,
  vacancy, hours, after_hours_phone, registered_on, updated, note. (services stay the city's: a 拠点
  document lists the services that matter to the 拠点, not every 指定 the 事業所 holds);
- a 事業所 not yet in providers.yaml is not a 拠点 participant just because it exists: it is listed in
  the report, and added only with `--add-new ROLE` (e.g. 拠点等登録事業所), with its area found from its
  address (an area name of site_config.yml in it) or left out with a message;
- providers.yaml is edited as text: every line that does not change stays byte for byte (comments,
  order, quoting), so the pull request shows exactly what WAM changed. Nothing is ever removed:
  providers with a provider_number that the CSV does not have are listed in the report.

The result must pass the same validation as `kyoten validate`; with --write it replaces providers.yaml
(a temporary file and a rename) only then.
"""

from __future__ import annotations

import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kyoten.model.config import CONFIG_FILE, load_config
from kyoten.model.content import load_readings
from kyoten.tools.importer import ImportError_, _Dumper, _Flow, _FlowMap, _dump, _halfwidth_kana, _norm_header, read_table
from kyoten.japanese.places import PREFECTURE, prefecture_of_code
from kyoten.japanese.readings import Reader, slug, to_hiragana
from kyoten.model.registry import PROVIDER, PROVIDERS_FILE, load_providers
from kyoten.model.schema import corporate_check_digit
from kyoten.render.output import write_atomic
from kyoten.model.source import Report, load_yaml
from kyoten.model.vocab import ROLE_VOCAB, SERVICE_VOCAB

from kyoten.tools.exits import EXIT_DATA, EXIT_OK, EXIT_USAGE

# WAM NET column (NFKC, no spaces) -> our name
COLUMNS = {
    "都道府県コード又は市区町村コード": "code",
    "事業所番号": "number",
    "事業所の名称": "name",
    "事業所の名称_かな": "name_kana",
    "事業所住所(市区町村)": "municipality",
    "事業所住所(番地以降)": "street",
    "事業所電話番号": "phone",
    "事業所fax番号": "fax",
    "事業所url": "url",
    "事業所緯度": "lat",
    "事業所経度": "lon",
    "法人の名称": "corporation",
    "法人番号": "corporate_number",
    "サービス種別": "service",
    "定員": "capacity",
}
REFRESHED = ("name", "name_kana", "corporation", "corporate_number", "address", "phone", "fax", "url", "capacity")
LABELS = {"name": "事業所名", "name_kana": "よみ", "corporation": "運営法人", "corporate_number": "法人番号",
          "address": "所在地", "phone": "電話番号", "fax": "FAX番号", "url": "ウェブサイト", "capacity": "定員",
          "location": "緯度経度"}
# WAM NET's names of services that kyoten's vocabulary spells otherwise
SERVICE_ALIASES = {
    "福祉型障害児入所施設": "shogaiji-nyusho", "医療型障害児入所施設": "shogaiji-nyusho",
    "医療型児童発達支援": "jido-hattatsu", "地域相談支援(地域移行)": "chiiki-iko", "地域相談支援(地域定着)": "chiiki-teichaku",
    "地域移行支援": "chiiki-iko", "地域定着支援": "chiiki-teichaku",
}
def in_city(municipality: str, code: str, city: str, prefecture: str) -> bool:
    """Whether a row's 事業所住所（市区町村） is the city: its prefecture (written, else from the row's
    code) and its city exactly, a 政令市's 区 included (府中市 of 東京都 is not 府中市 of 広島県; 東大和市
    is not 大和市)."""
    text = _norm(municipality).replace(" ", "")
    m = PREFECTURE.match(text)
    pref = m.group(1) if m else prefecture_of_code(code)
    rest = text[m.end():] if m else text
    if pref is not None and pref != prefecture:
        return False
    return rest == city or (city.endswith("市") and rest.startswith(city) and rest.endswith("区")
                            and len(rest) > len(city) + 1)


@dataclass
class Office:
    """One 事業所 of the CSV (its rows merged)."""
    number: str
    rows: list[str] = field(default_factory=list)  # where it came from: 'FILE:ROW'
    facts: dict[str, str] = field(default_factory=dict)
    services: list[str] = field(default_factory=list)
    location: tuple[float, float] | None = None
    capacities: dict[str, str] = field(default_factory=dict)  # 定員 by row ('FILE:ROW'), when given


def _corporate_number(text: str, where: str, messages: list[str]) -> str:
    """A 法人番号 kyoten accepts (13 digits, 国税庁's check digit), else '' with a warning."""
    digits = re.sub(r"\D", "", _norm(text))
    if not digits:
        return ""
    if len(digits) == 13 and int(digits[0]) == corporate_check_digit(digits[1:]):
        return digits
    messages.append(f"{where}: 警告: 法人番号「{text}」は正しい法人番号ではない（13桁でないか、検査用数字が合わない）ため、"
                    "取り込みません (corporate_number)")
    return ""


def _capacity(text: str) -> str:
    """定員 as kyoten keeps it: a positive whole number, else '' (相談支援 rows have 0 or nothing)."""
    t = unicodedata.normalize("NFKC", text).strip().removesuffix("人")
    return t if t.isdigit() and int(t) > 0 else ""


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def _service_id(name: str) -> str | None:
    text = _norm(name)
    term = SERVICE_VOCAB.lookup(text) or SERVICE_VOCAB.lookup(re.sub(r"[()]", "", text))
    return term.id if term else SERVICE_ALIASES.get(text)


def read_offices(paths: list[Path], city: str, prefecture: str, messages: list[str]) -> tuple[dict[str, Office], int]:
    """The city's 事業所 of the CSVs by 事業所番号, and the number of rows of other places."""
    offices: dict[str, Office] = {}
    other = 0
    for path in paths:
        table = read_table(path)
        rows = [(n, cells) for n, cells in table.rows if any(cells)]
        if not rows:
            raise ImportError_(f"{table.name}: 行がありません")
        head_no, head = rows[0]
        cols = {COLUMNS[_norm_header(h)]: i for i, h in enumerate(head) if _norm_header(h) in COLUMNS}
        for need, label in (("number", "事業所番号"), ("name", "事業所の名称"), ("municipality", "事業所住所（市区町村）")):
            if need not in cols:
                raise ImportError_(f"{table.name}:{head_no}: 列「{label}」がありません。WAM NETのオープンデータのCSVですか "
                                   f"(column: {label})")
        for n, cells in rows[1:]:
            def cell(key: str) -> str:
                i = cols.get(key)
                return _halfwidth_kana(cells[i]).strip() if i is not None and i < len(cells) else ""

            if not in_city(cell("municipality"), cell("code"), city, prefecture):
                other += 1
                continue
            number = unicodedata.normalize("NFKC", cell("number")).strip()
            if not re.fullmatch(r"\d{10}", number):
                messages.append(f"{table.name}:{n}: 警告: 事業所番号「{number}」が10桁の数字ではないため読みません (事業所番号)")
                continue
            office = offices.setdefault(number, Office(number))
            office.rows.append(f"{table.name}:{n}")
            municipality = PREFECTURE.sub("", _norm(cell("municipality")))
            facts = {
                "name": _norm(cell("name")), "corporation": _norm(cell("corporation")),
                "address": (municipality + _norm(cell("street"))) if cell("street") else "",
                "phone": _norm(cell("phone")), "fax": _norm(cell("fax")), "url": cell("url"),
                "name_kana": to_hiragana(_norm(cell("name_kana"))),
                "corporate_number": _corporate_number(cell("corporate_number"), f"{table.name}:{n}", messages),
            }
            for k, v in facts.items():
                if v and k not in office.facts:
                    office.facts[k] = v
            if _capacity(cell("capacity")):
                office.capacities[f"{table.name}:{n}"] = _capacity(cell("capacity"))
            service = cell("service")
            if service:
                sid = _service_id(service)
                if sid is None:
                    messages.append(f"{table.name}:{n}: 警告: サービス種別「{service}」は kyoten の語彙にないため入れません (services)")
                elif sid not in office.services:
                    office.services.append(sid)
            try:
                lat, lon = float(cell("lat")), float(cell("lon"))
                if office.location is None and lat and lon:
                    office.location = (lat, lon)
            except ValueError:
                pass
    for office in offices.values():  # one 定員 for the 事業所; a 多機能型's rows may each state it
        values = set(office.capacities.values())
        if len(values) == 1:
            office.facts["capacity"] = values.pop()
        elif values:
            messages.append(f"{office.rows[0]}: 警告: 事業所番号 {office.number} の定員が行によって違う（"
                            + "、".join(f"{v}人（{where}）" for where, v in office.capacities.items())
                            + "）ため、定員は取り込みません。providers.yaml の capacity に手で書いてください (capacity)")
    return offices, other


def _same(key: str, old: str, new: str) -> bool:
    """Whether a field already says what WAM NET says: phone numbers by their digits; names and other
    text ignoring spaces, full-width and half-width (見本 ヘルパー is 見本ヘルパー), and NFKC width."""
    if key in ("phone", "fax", "corporate_number", "capacity"):
        return re.sub(r"\D", "", _norm(old)) == re.sub(r"\D", "", _norm(new))
    return _norm(old).replace(" ", "") == _norm(new).replace(" ", "")


class _Quoted(str):
    """Written in double quotes: a 事業所番号 stays a string with its leading 0 in any YAML reader."""


_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def _typed(key: str, value: str):
    """A WAM NET text as providers.yaml writes it: 定員 a number, numbers that are strings in quotes."""
    if key == "capacity":
        return int(value)
    return _Quoted(value) if key == "corporate_number" else value


def _scalar_line(key: str, value) -> str:
    """`key: value` as kyoten's importer writes it (quoted where YAML needs it)."""
    return _dump({key: _typed(key, value) if isinstance(value, str) else value})[2:].rstrip("\n")


@dataclass
class Change:
    pid: str
    name: str
    fields: list[tuple[str, str, str]]  # (field, old, new)


def merge(site_dir: Path, offices: dict[str, Office], add_role: str | None, messages: list[str]
          ) -> tuple[str, list[Change], list[tuple[str, str]], list[str], int]:
    """(new providers.yaml text, changes, added (id, name), names of providers not in the CSV, unchanged)."""
    report = Report()
    config = load_config(site_dir, report)
    path = site_dir / PROVIDERS_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    root = load_yaml(path, report, site_dir) if path.is_file() else None
    if report.errors or config is None:
        raise ImportError_(f"{site_dir}: サイトのデータに誤りがあります。先に kyoten validate で直してください")
    reader = Reader(load_readings(site_dir, Report()))  # as load_site makes it: ids derive alike
    reader.add_defaults({config.city_name: config.city_name_kana or "", **{a.name: a.name_kana or "" for a in config.areas}})
    lines = text.splitlines(keepends=True)
    if root is not None and root.kind == "seq" and lines[root.loc.line - 1][root.loc.col - 1:].startswith("["):
        # the `[]` kyoten init writes (a list in brackets): the 事業所 added below are block items, so the
        # brackets go (their line too when nothing else is on it); a filled [..] list is not edited
        if root.value:
            raise ImportError_(f"{PROVIDERS_FILE}:{root.loc.line}: 事業所の一覧が [ ] で囲んだ書き方のため、取り込めません。"
                               "「- name: …」の形に書き直してください (providers: a block list)")
        i, col = root.loc.line - 1, root.loc.col - 1
        line = lines[i]
        rest = re.sub(r"^\[\s*\]", "", line[col:])
        lines[i] = "" if not (line[:col] + rest).strip() else line[:col] + rest.lstrip()
    edits: dict[int, str] = {}  # 0-based line -> replacement text of the whole line
    inserts: dict[int, list[str]] = {}  # 0-based line -> lines to put before it
    changes: list[Change] = []
    seen: set[str] = set()
    ids: set[str] = set()
    missing: list[str] = []
    unchanged = 0
    for pnode in (root.value if root is not None and root.kind == "seq" else []):
        if pnode.kind != "map":
            continue
        fields = pnode.value
        pid = fields["id"].value if "id" in fields and fields["id"].kind == "scalar" else ""
        if not pid and "name" in fields:
            pid = slug(fields["name_kana"].value if "name_kana" in fields else fields["name"].value, reader)
        ids.add(pid)
        number_node = fields.get("provider_number")
        name = fields["name"].value if "name" in fields else pid
        if number_node is None or number_node.kind != "scalar":
            continue
        number = unicodedata.normalize("NFKC", number_node.value).strip()
        office = offices.get(number)
        if office is None:
            missing.append(f"{name}（{number}）")
            continue
        seen.add(number)
        changed: list[tuple[str, str, str]] = []
        keys = list(fields)
        key_col = pnode.key_locs[keys[0]].col
        second = pnode.key_locs[keys[1]].line - 1 if len(keys) > 1 else None
        for key in REFRESHED:
            new = office.facts.get(key)
            if not new:
                continue
            node = fields.get(key)
            if node is None:
                where = second if second is not None else pnode.loc.line  # after the first field
                inserts.setdefault(where, []).append(" " * (key_col - 1) + _scalar_line(key, new) + "\n")
                changed.append((key, "", new))
                continue
            if node.kind != "scalar" or _same(key, node.value, new):
                continue
            i = node.loc.line - 1
            line = lines[i]
            head = line[:node.loc.col - 1]
            tail = line[node.loc.col - 1:].rstrip("\r\n")
            comment = re.search(r"\s+#.*$", tail)
            value_text = tail[:comment.start()] if comment else tail
            try:
                simple = yaml.safe_load(value_text) == node.value or str(yaml.safe_load(value_text)) == node.value
            except yaml.YAMLError:
                simple = False
            if not simple or not head.rstrip().endswith(":"):
                messages.append(f"{PROVIDERS_FILE}:{node.loc.line}: 警告: 「{name}」の{LABELS[key]}は複数行のため更新していません。"
                                f"WAM NET: {new} ({key})")
                continue
            newline = line[len(line.rstrip("\r\n")):]
            edits[i] = head + _scalar_line(key, new).split(": ", 1)[1] + (comment.group() if comment else "") + newline
            changed.append((key, node.value, new))
        if office.location and "location" not in fields:
            lat, lon = office.location
            where = second if second is not None else pnode.loc.line
            inserts.setdefault(where, []).append(" " * (key_col - 1) + _dump({"location": {"lat": lat, "lon": lon}})[2:])
            changed.append(("location", "", f"{lat}, {lon}"))
        renamed = any(key in ("name", "name_kana") for key, _, _ in changed)
        if renamed and "id" not in fields:  # keep the page address: write the id the old name gave
            pid = slug(fields["name_kana"].value if "name_kana" in fields else name, reader)
            i, col = pnode.loc.line - 1, pnode.key_locs[keys[0]].col
            line = edits.get(i, lines[i])
            edits[i] = line[:col - 1] + f"id: {pid}\n" + " " * (col - 1) + line[col - 1:]
        if changed:
            changes.append(Change(pid, name, changed))
        else:
            unchanged += 1
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, []))
        out.append(edits.get(i, line))
    out.extend(inserts.get(len(lines), []))
    if out and not out[-1].endswith("\n"):
        out[-1] += "\n"
    added: list[tuple[str, str]] = []
    new_offices = [o for n, o in sorted(offices.items()) if n not in seen]
    if new_offices and add_role is None:
        messages.append(f"providers.yamlにない事業所が{len(new_offices)}件あります。拠点に登録した事業所であれば、"
                        "--add-new 拠点等登録事業所 のように役割を指定すると追加します:")
        messages.extend(f"  {o.facts.get('name', '')}（{o.number}、{o.facts.get('address', '')}）" for o in new_offices)
    elif new_offices:
        areas = sorted(config.areas, key=lambda a: -len(a.name))
        for o in new_offices:
            address = o.facts.get("address", "")
            area = next((a.id for a in areas if a.name in address or a.name.removesuffix("地区") in address), None)
            if area is None and len(config.areas) == 1:
                area = config.areas[0].id
            if area is None:
                messages.append(f"{o.rows[0]}: 警告: 「{o.facts.get('name')}」の地区を住所「{address}」から決められないため、"
                                "追加していません。providers.yaml に手で書いてください (area)")
                continue
            pid = slug(o.facts.get("name_kana") or o.facts["name"], reader)
            base, k = pid, 2
            while pid in ids:
                pid, k = f"{base}-{k}", k + 1
            ids.add(pid)
            rec = {"id": pid, "name": o.facts["name"], "name_kana": o.facts.get("name_kana"), "role": add_role,
                   "corporation": o.facts.get("corporation"), "provider_number": _Quoted(o.number),
                   "corporate_number": _Quoted(o.facts["corporate_number"]) if o.facts.get("corporate_number") else None,
                   "capacity": int(o.facts["capacity"]) if o.facts.get("capacity") else None,
                   "services": [SERVICE_VOCAB.by_id[sid].label for sid in o.services],
                   "area": area, "address": address or None,
                   "location": {"lat": o.location[0], "lon": o.location[1]} if o.location else None,
                   "phone": o.facts.get("phone"), "fax": o.facts.get("fax"), "url": o.facts.get("url")}
            order = list(PROVIDER.fields)
            rec = {key: rec[key] for key in sorted(rec, key=order.index) if rec[key]}
            flow = {k: _Flow(v) if isinstance(v, list) else _FlowMap(v) if isinstance(v, dict) else v
                    for k, v in rec.items()}
            out.append(yaml.dump([flow], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                                 default_flow_style=False, width=10_000))
            added.append((pid, o.facts["name"]))
    return "".join(out), changes, added, missing, unchanged


def run_wam(files: list[Path], site_dir: Path, city: str | None, add_role: str | None, write: bool) -> int:
    if not (site_dir / CONFIG_FILE).is_file():
        print(f"{site_dir}: site_config.yml がありません。--site でサイトのフォルダを指定してください (not a site folder)",
              file=sys.stderr)
        return EXIT_USAGE
    for f in files:
        if not f.is_file():
            print(f"{f}: ファイルが見つかりません", file=sys.stderr)
            return EXIT_USAGE
    if add_role is not None:
        term = ROLE_VOCAB.lookup(add_role)
        if term is None:
            print(f"--add-new: 役割「{add_role}」はありません（{'、'.join(ROLE_VOCAB.labels())}）", file=sys.stderr)
            return EXIT_USAGE
        add_role = term.label
    messages: list[str] = []
    try:
        config = load_config(site_dir, Report())
        city = _norm(city or (config.city_name if config else "")).replace(" ", "")
        written = PREFECTURE.match(city)
        prefecture = (written.group(1) if written else None) or (config.prefecture if config else None) or (
            prefecture_of_code(config.city_code) if config else None)
        city = city[written.end():] if written else city
        if not prefecture:
            print("エラー: 市の都道府県がわかりません。site_config.yml の city.prefecture に書くか、--city 千葉県千葉市 の形で"
                  "指定してください（ほかの都道府県の同じ名前の市の行を取り込まないため） (city.prefecture)", file=sys.stderr)
            return EXIT_USAGE
        offices, other = read_offices(files, city, prefecture, messages)
        text, changes, added, missing, unchanged = merge(site_dir, offices, add_role, messages)
    except ImportError_ as e:
        print(f"エラー: {e}", file=sys.stderr)
        return EXIT_DATA
    # the result must pass kyoten's own validation before it is shown or written
    with tempfile.TemporaryDirectory(prefix="kyoten-wam-") as tmp:
        (Path(tmp) / PROVIDERS_FILE).write_text(text, encoding="utf-8")
        check = Report()
        config = load_config(site_dir, Report())
        load_providers(Path(tmp), config, Reader(load_readings(site_dir, Report())), check)
    for m in messages:
        print(m, file=sys.stderr)
    for c in changes:
        print(f"更新: {c.name}（{c.pid}）", file=sys.stderr)
        for key, old, new in c.fields:
            print(f"  {LABELS[key]}: {old or '（なし）'} → {new}", file=sys.stderr)
    for pid, name in added:
        print(f"追加: {name}（{pid}）", file=sys.stderr)
    if missing:
        print(f"WAM NETのCSVにない事業所 {len(missing)}件（削除はしていません）: " + "、".join(missing), file=sys.stderr)
    counts: dict[str, int] = {}
    for c in changes:
        for key, _, _ in c.fields:
            counts[LABELS[key]] = counts.get(LABELS[key], 0) + 1
    detail = "（" + "、".join(f"{k} {v}" for k, v in counts.items()) + "）" if counts else ""
    print(f"{city}の事業所 {len(offices)}件：追加 {len(added)}件、更新 {len(changes)}件{detail}、変更なし {unchanged}件、"
          f"ほかの市区町村の行 {other}行、CSVにない事業所 {len(missing)}件", file=sys.stderr)
    if check.errors:
        for d in check.errors:
            print(f"エラー: 結果が検査に通りません: {d}", file=sys.stderr)
        print("providers.yaml は変更していません。", file=sys.stderr)
        return EXIT_DATA
    if not write:
        sys.stdout.write(text)
        return EXIT_OK
    target = site_dir / PROVIDERS_FILE
    write_atomic(target, text.encode("utf-8"))  # keeps providers.yaml's mode; fsync before the rename
    print(f"{target} を書き換えました。git diff で確かめてからコミットしてください。", file=sys.stderr)
    return EXIT_OK
