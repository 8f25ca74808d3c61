"""kyoten import: an Excel (.xlsx, .xls), OpenDocument (.ods) or CSV list of 事業所 → providers.yaml text on stdout.

Japanese column headers are mapped to fields; every row is checked by the very same validation as
`kyoten validate` (the rows are written as YAML and loaded with registry.load_providers), and each
error is reported by the sheet's row number. Rows with errors are left out of the output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kyoten.model.config import CONFIG_FILE, load_config
from kyoten.model.content import load_readings
from kyoten.japanese.formats import parse_date
from kyoten.japanese.places import prefecture_of_code
from kyoten.japanese.readings import Reader, to_hiragana
from kyoten.model.registry import PROVIDER, PROVIDERS_FILE, load_providers
from kyoten.tools.schemas import modeline
from kyoten.model.source import DataError, Report, read_bytes

from kyoten.tools.exits import EXIT_DATA, EXIT_OK, EXIT_USAGE

def _norm_header(h: str) -> str:
    return unicodedata.normalize("NFKC", h).replace(" ", "").replace("　", "").lower()


# header (normalised by _norm_header: NFKC, no spaces) -> field; "location.lat" etc. for nested fields
HEADERS: dict[str, str] = {}
for _field, _names in {
    "id": ("ID", "id", "識別子"),
    "name": ("事業所名", "名称", "施設名", "事業所の名称"),
    "name_kana": ("事業所名かな", "事業所名カナ", "事業所名_カナ", "名称_カナ", "ふりがな", "フリガナ", "よみ", "読み",
                  "事業所名(かな)", "事業所名(ふりがな)"),
    "role": ("役割", "拠点での役割", "種別", "拠点の種別"),
    "corporation": ("法人名", "運営法人", "法人の名称", "設置法人"),
    "corporate_number": ("法人番号",),
    "capacity": ("定員", "利用定員"),
    "provider_number": ("事業所番号", "指定事業所番号"),
    "services": ("サービス種別", "サービスの種類", "サービス", "障害福祉サービス等"),
    "functions": ("機能", "拠点の機能", "担う機能", "拠点機能"),
    "targets": ("対象", "主な対象", "対象者", "対象者種別"),
    "area": ("地区", "地区名", "圏域", "区"),
    "address": ("所在地", "住所", "所在地_連結表記"),
    "location.lat": ("緯度",),
    "location.lon": ("経度",),
    "phone": ("電話番号", "電話", "TEL", "代表電話"),
    "after_hours_phone": ("夜間・休日の電話番号", "夜間休日電話番号", "夜間・休日電話", "夜間電話"),
    "fax": ("FAX", "FAX番号", "ファクス", "ファクス番号"),
    "hours": ("受付時間", "営業時間", "利用可能日時特記事項"),
    "emergency.accepts": ("緊急時の受入", "緊急時の受入れ", "緊急受入", "緊急時受入"),
    "emergency.beds": ("緊急用の床数", "空床数", "緊急用床数", "受入可能人数"),
    "registered_on": ("拠点登録日", "登録日"),
    "url": ("URL", "ホームページ", "ウェブサイト", "ホームページアドレス"),
    "note": ("備考",),
}.items():
    for _n in _names:
        HEADERS[_norm_header(_n)] = _field

# columns of kyoten's own open-data CSV (exports/opendata.py) that it derives from the fields above: read
# back without a warning when the sheet has 所在地_連結表記 (the address they were split from)
DERIVED = ("全国地方公共団体コード", "地方公共団体名", "名称_英語", "所在地_全国地方公共団体コード", "町字ID",
           "所在地_都道府県", "所在地_市区町村", "所在地_町字", "所在地_番地以下", "建物名等(方書)", "内線番号",
           "利用可能曜日", "開始時間", "終了時間", "ページURL")
LIST_FIELDS = {"services", "functions", "targets"}
_PHONES = {"phone", "after_hours_phone", "fax"}
_SPLIT = re.compile(r"[、,;，；\n／/]+")
_YES = {"あり", "有", "○", "〇", "◯", "可", "はい", "true", "yes", "1"}
_NO = {"なし", "無", "×", "✕", "-", "不可", "いいえ", "false", "no", "0"}


def _halfwidth_kana(text: str) -> str:
    """ﾐﾎﾝ (half-width katakana, as old systems export it) -> ミホン; other characters unchanged."""
    return re.sub(r"[\uff61-\uff9f]+", lambda m: unicodedata.normalize("NFKC", m[0]), text)


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return _halfwidth_kana(str(v)).strip()


@dataclass
class Table:
    name: str  # what errors call the file, e.g. 一覧.xlsx or 一覧.xlsx[シート1]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (sheet row number, cells)


class ImportError_(Exception):
    """The file itself cannot be read (not a row problem)."""


def read_table(path: Path, sheet: str | None = None) -> Table:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds for a broken file
            raise ImportError_(f"{path.name}: Excelファイルとして読めません ({type(e).__name__})") from None
        try:
            if sheet is not None and sheet not in wb.sheetnames:
                raise ImportError_(f"{path.name}: シート「{sheet}」がありません（{', '.join(wb.sheetnames)}）")
            ws = wb[sheet] if sheet else wb.worksheets[0]
            table = Table(f"{path.name}[{ws.title}]")
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                table.rows.append((i, [_cell_text(v) for v in row]))
        finally:
            wb.close()
        return table
    if suffix == ".xls":  # Excel 97-2003, as older office PCs still save
        import xlrd
        try:
            book = xlrd.open_workbook(path, on_demand=True)
        except Exception as e:  # xlrd raises XLRDError, CompoundDocError, struct.error … for a broken file
            raise ImportError_(f"{path.name}: Excel（.xls）ファイルとして読めません ({type(e).__name__})") from None
        try:
            names = book.sheet_names()
            if sheet is not None and sheet not in names:
                raise ImportError_(f"{path.name}: シート「{sheet}」がありません（{', '.join(names)}）")
            ws = book.sheet_by_name(sheet) if sheet else book.sheet_by_index(0)
            table = Table(f"{path.name}[{ws.name}]")
            for i in range(ws.nrows):
                cells = []
                for cell in ws.row(i):
                    if cell.ctype == xlrd.XL_CELL_DATE:  # a date is a number with a date format in .xls
                        cells.append(_cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        cells.append(_cell_text(bool(cell.value)))
                    else:
                        cells.append(_cell_text(cell.value if cell.ctype != xlrd.XL_CELL_ERROR else None))
                table.rows.append((i + 1, cells))
        finally:
            book.release_resources()
        return table
    if suffix == ".ods":  # LibreOffice Calc, and what some municipal systems export
        return _read_ods(path, sheet)
    if suffix in (".csv", ".txt"):
        report = Report()
        raw = read_bytes(path, path.name, report)  # a regular file of at most 32 MB (no FIFO, no /dev/zero)
        if raw is None:
            raise ImportError_(str(report.errors[0]))
        # Excel writes UTF-8 (with BOM), Shift_JIS (cp932) or, as "Unicode テキスト", UTF-16 with tabs
        encodings = ("utf-16",) if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "cp932")
        for enc in encodings:
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportError_(f"{path.name}: 文字コードがUTF-8でもShift_JIS（cp932）でもありません")
        table = Table(path.name)
        first = text.split("\n", 1)[0]
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
        # csv.reader counts lines inside quoted cells too: the row number is the reader's line number
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        start = 1
        try:
            for cells in reader:
                table.rows.append((start, [_halfwidth_kana(c).strip() for c in cells]))
                start = reader.line_num + 1
        except csv.Error as e:  # e.g. a cell over csv's 128 KB field limit, a NUL byte
            raise ImportError_(f"{path.name}:{start}: CSVとして読めません。引用符の閉じ忘れや、長すぎるセルがないか確かめてください ({e})"
                               ) from None
        return table
    raise ImportError_(f"{path.name}: .xlsx、.xls、.ods または .csv のファイルを指定してください")


def _read_ods(path: Path, sheet: str | None) -> Table:
    """An OpenDocument spreadsheet through odfpy: cell values from their office:value attributes (numbers,
    dates as ISO), text from their paragraphs; repeated rows and columns expanded (a trailing run of
    empty ones, as Calc writes to the sheet's end, is dropped)."""
    from odf.namespaces import OFFICENS, TABLENS, TEXTNS
    from odf.opendocument import load
    from odf.table import Table as Sheet, TableRow

    try:
        doc = load(str(path))
    except Exception as e:  # odfpy raises zipfile, XML and KeyError kinds for a broken file
        raise ImportError_(f"{path.name}: ODS（.ods）ファイルとして読めません ({type(e).__name__})") from None
    tables = doc.spreadsheet.getElementsByType(Sheet)
    names = [t.getAttrNS(TABLENS, "name") for t in tables]
    if not tables:
        raise ImportError_(f"{path.name}: シートがありません")
    if sheet is not None and sheet not in names:
        raise ImportError_(f"{path.name}: シート「{sheet}」がありません（{', '.join(names)}）")
    ws = tables[names.index(sheet)] if sheet else tables[0]
    table = Table(f"{path.name}[{ws.getAttrNS(TABLENS, 'name')}]")

    def text_of(node) -> str:
        out = []
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                out.append(child.data)
            elif child.qname == (TEXTNS, "s"):  # <text:s text:c="3"/>: runs of spaces
                out.append(" " * int(child.getAttrNS(TEXTNS, "c") or 1))
            elif child.qname == (TEXTNS, "line-break"):
                out.append("\n")
            else:
                out.append(text_of(child))
        return "".join(out)

    number = 0
    for row in ws.getElementsByType(TableRow):
        cells: list[str] = []
        for cell in row.childNodes:
            if cell.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
                continue
            kind = cell.getAttrNS(OFFICENS, "value-type")
            if kind in ("float", "percentage", "currency"):
                value = _cell_text(float(cell.getAttrNS(OFFICENS, "value")))
            elif kind == "date":
                value = (cell.getAttrNS(OFFICENS, "date-value") or "")[:10]
            elif kind == "boolean":
                value = _cell_text(cell.getAttrNS(OFFICENS, "boolean-value") == "true")
            else:
                value = _halfwidth_kana("\n".join(text_of(p) for p in cell.childNodes
                                                  if p.qname == (TEXTNS, "p"))).strip()
            repeat = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
            cells.extend([value] * (repeat if value or repeat < 1000 else 0))
        while cells and not cells[-1]:
            cells.pop()
        repeat = int(row.getAttrNS(TABLENS, "number-rows-repeated") or 1)
        for _ in range(repeat if cells or repeat < 1000 else 0):
            number += 1
            table.rows.append((number, list(cells)))
        if not cells and repeat >= 1000:
            number += repeat
    return table


def _value(fieldname: str, text: str):
    if fieldname in LIST_FIELDS:
        # 対象 and サービス labels have no ・, so 身体・知的 and 居宅介護・重度訪問介護 are two (機能 labels have ・)
        split = re.compile(_SPLIT.pattern[:-2] + "・]+") if fieldname in ("targets", "services") else _SPLIT
        return [t.strip() for t in split.split(text) if t.strip()]
    if fieldname == "name_kana":  # katakana (also half-width) in the sheet, hiragana in kyoten
        text = unicodedata.normalize("NFKC", text)
        return to_hiragana(text)
    if fieldname == "emergency.accepts":
        t = unicodedata.normalize("NFKC", text).strip().lower()
        return True if t in _YES else False if t in _NO else text
    if fieldname in ("location.lat", "location.lon", "emergency.beds", "capacity"):
        try:
            num = float(unicodedata.normalize("NFKC", text))
            return int(num) if num.is_integer() else num
        except ValueError:
            return text
    if fieldname == "registered_on":  # 2023/4/1 as Excel shows it, 令和5年4月1日 as staff type it -> 2023-04-01
        day = parse_date(text)
        if day is not None:
            return day.isoformat()
        m = re.fullmatch(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})", unicodedata.normalize("NFKC", text).strip())
        if m:  # 2023/2/30: the validator then says this date does not exist
            return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    return text


def _record(header: list[str | None], cells: list[str], area_ids: dict[str, str], prefecture: str = "",
            city: str = "") -> dict:
    rec: dict = {}
    for fieldname, text in zip(header, cells):
        if fieldname is None or not text:
            continue
        value = _value(fieldname, text)
        if fieldname == "area":
            value = area_ids.get(value, value)
        if fieldname == "address" and prefecture and value.startswith(prefecture + city):
            value = value.removeprefix(prefecture)  # the city's own prefecture (open data writes it) goes
        if "." in fieldname:
            outer, inner = fieldname.split(".")
            rec.setdefault(outer, {})[inner] = value
        else:
            rec[fieldname] = value
    order = list(PROVIDER.fields)
    return {k: rec[k] for k in sorted(rec, key=order.index)}


class _Flow(list):
    pass


class _FlowMap(dict):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))


def _dump(rec: dict) -> str:
    """One record as a list item: fields one per line, lists and location/emergency on one line."""
    flow = {k: _Flow(v) if isinstance(v, list) else _FlowMap(v) if isinstance(v, dict) else v for k, v in rec.items()}
    return yaml.dump([flow], Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=10_000)


def convert(table: Table, site_dir: Path | None) -> tuple[str, list[str], int, int]:
    """(YAML of the valid rows, messages for stderr, rows left out, rows written)."""
    messages: list = []  # (row, col, text)
    report = Report()
    config = load_config(site_dir, report) if site_dir else None
    readings = load_readings(site_dir, report) if site_dir else {}
    if report.errors:
        raise ImportError_(f"{site_dir / CONFIG_FILE}: サイトの設定に誤りがあります。先に kyoten validate で直してください")
    area_ids = {a.name: a.id for a in config.areas} if config else {}
    for a in (config.areas if config else ()):  # 中央 for 中央地区 (or 中央区), when no other area reads so
        short = re.sub(r"(地区|区)$", "", a.name)
        if short and short != a.name and sum(re.sub(r"(地区|区)$", "", b.name) == short for b in config.areas) == 1:
            area_ids.setdefault(short, a.id)
    rows = [(n, cells) for n, cells in table.rows if any(cells)]
    if not rows:
        raise ImportError_(f"{table.name}: 行がありません")
    # the header is the first row with a 事業所名 column (sheets often have a title row above it)
    start = next((i for i, (_, cells) in enumerate(rows[:20])
                  if any(HEADERS.get(_norm_header(c)) == "name" for c in cells)), 0)
    rows = rows[start:]
    head_no, head_cells = rows[0]
    header: list[str | None] = [HEADERS.get(_norm_header(h)) for h in head_cells]
    columns = {f: i + 1 for i, f in enumerate(header) if f is not None}
    derived = {_norm_header(d) for d in DERIVED} if _norm_header("所在地_連結表記") in map(_norm_header, head_cells) else set()
    for h, f in zip(head_cells, header):
        if f is None and h and _norm_header(h) not in derived:
            messages.append((head_no, 0, f"{table.name}:{head_no}: 警告: 列「{h}」は読み込みません (column: unknown header)"))
    if "name" not in columns:
        raise ImportError_(f"{table.name}:{head_no}: 事業所名の列がありません（見出しを「事業所名」にしてください）")

    chunks: list[tuple[int, dict, str]] = []  # (sheet row, record, yaml)
    for n, cells in rows[1:]:
        rec = _record(header, cells, area_ids, (config.prefecture or prefecture_of_code(config.city_code) or "")
                      if config else "", config.city_name if config else "")
        chunks.append((n, rec, _dump(rec)))
    with tempfile.TemporaryDirectory(prefix="kyoten-import-") as tmp:
        text = "".join(c for _, _, c in chunks)
        (Path(tmp) / PROVIDERS_FILE).write_text(text, encoding="utf-8")
        line_to_row: list[int] = []
        for n, _, c in chunks:
            line_to_row.extend([n] * c.count("\n"))
        check = Report()
        providers = load_providers(Path(tmp), config, Reader(readings), check)
    bad: set[int] = set()
    for d in check.items:
        row = line_to_row[d.line - 1] if 0 < d.line <= len(line_to_row) else head_no
        key = d.key.split("[")[0]
        col = columns.get(key) or columns.get(f"location.{key}") or columns.get(f"emergency.{key}") or 1
        head = head_cells[col - 1] if col - 1 < len(head_cells) else ""
        level = "警告" if d.warning else "エラー"
        detail = f"{d.key}: {d.hint}" if d.hint else d.key
        message = d.message
        if key == "area" and config is not None:  # the sheet has area names, site_config.yml their ids
            typed = next((r.get("area") for n, r, _ in chunks if n == row), "")
            message = f"地区「{typed}」は site_config.yml の areas にありません"
            detail = "area: one of: " + ", ".join(a.name for a in config.areas)
        typed_phone = next((r.get(key) for n, r, _ in chunks if n == row), None) if key in _PHONES else None
        if isinstance(typed_phone, str) and typed_phone.isdigit() and not typed_phone.startswith("0"):
            message += "。Excelで先頭の0が消えていませんか（セルの書式を「文字列」にしてください）"
        messages.append((row, col, f"{table.name}:{row}:{col}: {level}: {row}行目（列「{head}」）: {message} ({detail})"))
        if not d.warning:
            bad.add(row)
    if config is None:
        messages.append((0, 0, "警告: サイトのフォルダ（--site）を指定しなかったため、地区が site_config.yml にあるかは確かめていません"))
    ids = {p.line: p.id for p in providers}
    out = [modeline(PROVIDERS_FILE), f"# kyoten import {Path(table.name.split('[')[0]).name} で作りました。"]
    line = 1
    kept = 0
    for n, rec, c in chunks:
        if n not in bad:
            if "id" not in rec and line in ids:  # write the id: page URLs stay the same when a name changes
                rec = {"id": ids[line], **rec}
            out.append(_dump(rec).rstrip("\n"))
            kept += 1
        line += c.count("\n")
    messages.sort(key=lambda m: (m[0], m[1]))
    return "\n".join(out) + "\n", [m[2] for m in messages], len(chunks) - kept, kept


def run_import(path: Path, site_dir: Path | None, sheet: str | None) -> int:
    if site_dir is None and Path(CONFIG_FILE).is_file():
        site_dir = Path(".")
    if not path.is_file():
        print(f"{path}: ファイルが見つかりません", file=sys.stderr)
        return EXIT_USAGE
    try:
        table = read_table(path, sheet)
        text, messages, left_out, kept = convert(table, site_dir)
    except ImportError_ as e:
        print(f"エラー: {e}", file=sys.stderr)
        return EXIT_DATA
    except DataError as e:  # pragma: no cover - convert reports through Report, never raises
        print(e, file=sys.stderr)
        return EXIT_DATA
    sys.stdout.write(text)
    for m in messages:
        print(m, file=sys.stderr)
    print(f"{kept}件を書き出しました。" + (f"{left_out}件は誤りがあるため書き出していません。" if left_out else ""),
          file=sys.stderr)
    return EXIT_DATA if left_out else EXIT_OK
