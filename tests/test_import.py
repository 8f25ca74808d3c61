"""kyoten import (issue 7): Excel and CSV lists → providers.yaml that passes kyoten validate."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl

from kyoten.tools.cli import main as kyoten
from kyoten.model.site import load_site

BASE = Path(__file__).resolve().parent / "data" / "bad" / "_base"

HEADER = ["事業所名", "ふりがな", "役割", "サービス種別", "機能", "対象", "地区", "所在地", "電話番号", "緯度", "経度",
          "緊急時の受入", "空床数", "拠点登録日", "事業所番号", "ホームページ", "備考"]


def _site(tmp_path: Path) -> Path:
    return shutil.copytree(BASE, tmp_path / "site")


def _round_trip(site: Path, yaml_text: str, capsys) -> int:
    (site / "providers.yaml").write_text(yaml_text, encoding="utf-8")
    code = kyoten(["validate", str(site)])
    capsys.readouterr()
    return code


def test_xlsx_import_round_trips_through_validate(tmp_path, capsys):
    site = _site(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "拠点一覧"
    ws.append(["楓市 地域生活支援拠点等 登録事業所一覧"])  # a title row above the header, as sheets often have
    ws.append([])
    ws.append(HEADER)
    ws.append(["見本基幹相談支援センター", "ミホンキカンソウダンシエンセンター", "基幹相談支援センター", "相談支援事業（委託）、計画相談支援",
               "相談、地域の体制づくり", "身体・知的", "中央地区", "見本市中央1-1", "043-000-3333", 35.70, 140.10,
               None, None, dt.datetime(2023, 4, 1), 1210100001, "https://example.jp/kikan/", None])
    ws.append(["見本ショートステイ", "ﾐﾎﾝｼｮｰﾄｽﾃｲ", "拠点等登録事業所", "短期入所", "緊急時の受入・対応", "身体", "北地区", None,
               "0430004444", 35.71, 140.11, "あり", 2, "2023/10/1", None, None, "空きは電話でお問い合わせください。"])
    ws.append(["見本グループホーム", None, "拠点等登録事業所", "共同生活援助", "体験の機会・場", None, "北地区", None,
               "043-000-5555", None, None, "なし", None, None, None, None, None])
    xlsx = tmp_path / "一覧.xlsx"
    wb.save(xlsx)
    # the header is on row 3 here; title row must be skipped
    code = kyoten(["import", str(xlsx), "--site", str(site)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "3件を書き出しました。" in err
    assert _round_trip(site, out, capsys) == 0
    s = load_site(site)
    by_name = {p.name: p for p in s.providers}
    assert set(by_name) == {"見本基幹相談支援センター", "見本ショートステイ", "見本グループホーム"}
    kikan = by_name["見本基幹相談支援センター"]
    assert kikan.reading == "みほんきかんそうだんしえんせんたー"
    assert kikan.services == ("ippan-sodan", "keikaku-sodan") and kikan.targets == ("physical", "intellectual")
    assert kikan.functions == ("consultation", "community")
    assert kikan.location == (35.70, 140.10) and kikan.provider_number == "1210100001"
    assert kikan.registered_on == dt.date(2023, 4, 1) and kikan.area == "chuo"
    short = by_name["見本ショートステイ"]
    assert short.reading == "みほんしょーとすてい"
    assert short.phone == "043-000-4444"
    assert short.emergency.accepts is True and short.emergency.beds == 2
    assert short.registered_on == dt.date(2023, 10, 1)
    assert by_name["見本グループホーム"].emergency.accepts is False
    assert out.splitlines()[0] == "# yaml-language-server: $schema=schemas/providers.schema.json"


def test_xlsx_phone_stored_as_a_number_gets_a_hint(tmp_path, capsys):
    site = _site(tmp_path)
    wb = openpyxl.Workbook()
    wb.active.append(["事業所名", "役割", "地区", "電話番号"])
    wb.active.append(["見本基幹相談支援センター", "基幹相談支援センター", "中央地区", 430003333])  # Excel dropped the 0
    xlsx = tmp_path / "list.xlsx"
    wb.save(xlsx)
    assert kyoten(["import", str(xlsx), "--site", str(site)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == (
        "list.xlsx[Sheet]:2:4: エラー: 2行目（列「電話番号」）: phone「430003333」は電話番号の形式ではありません。"
        "Excelで先頭の0が消えていませんか（セルの書式を「文字列」にしてください） (phone: expected e.g. 043-245-5111)")
    assert "見本基幹" not in out


def test_cp932_csv_reports_bad_rows_by_row_number_and_leaves_them_out(tmp_path, capsys):
    site = _site(tmp_path)
    rows = [
        "事業所名,役割,機能,地区,電話番号,緯度,経度,登録日,メモ",
        "見本基幹相談支援センター,基幹相談支援センター,相談,中央地区,043-000-3333,35.7,140.1,2023/4/1,",
        "電話の短い事業所,拠点等登録事業所,相談,北地区,043-000-44,,,,",
        "日付のない日の事業所,拠点等登録事業所,相談,北地区,,,,2023/2/30,",
        "見本ショートステイ（ﾃｽﾄ）,拠点等登録事業所,緊急時の受入・対応,北地区,,35.71,140.11,,",
        "南の事業所,拠点,見守り,南地区,,95,140,,",
    ]
    csv_path = tmp_path / "一覧.csv"
    csv_path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp932"))
    code = kyoten(["import", str(csv_path), "--site", str(site)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines() == [
        "一覧.csv:1: 警告: 列「メモ」は読み込みません (column: unknown header)",
        "一覧.csv:3:5: エラー: 3行目（列「電話番号」）: phone「043-000-44」は電話番号の形式ではありません (phone: expected e.g. 043-245-5111)",
        "一覧.csv:4:8: エラー: 4行目（列「登録日」）: registered_on「2023-02-30」という日付は存在しません (registered_on: a real calendar date)",
        "一覧.csv:6:2: エラー: 6行目（列「役割」）: role「拠点」は使える値ではありません (role: one of: 基幹相談支援センター, 拠点等登録事業所, 緊急一時保護受託事業所, 地域活動支援センター)",
        "一覧.csv:6:3: エラー: 6行目（列「機能」）: functions[1]「見守り」は使える値ではありません (functions[1]: one of: 相談, 緊急時の受入・対応, 体験の機会・場, 専門的人材の確保・養成, 地域の体制づくり)",
        "一覧.csv:6:4: エラー: 6行目（列「地区」）: 地区「南地区」は site_config.yml の areas にありません (area: one of: 中央地区, 北地区)",
        "一覧.csv:6:6: エラー: 6行目（列「緯度」）: lat「95」は-90から90の範囲で書いてください (lat: between -90 and 90)",
        "2件を書き出しました。3件は誤りがあるため書き出していません。",
    ]
    assert "電話の短い" not in out and "南の事業所" not in out and "日付のない" not in out
    assert _round_trip(site, out, capsys) == 0
    assert [p.name for p in load_site(site).providers] == ["見本基幹相談支援センター", "見本ショートステイ（テスト）"]


def test_utf8_bom_csv_and_missing_name_column(tmp_path, capsys):
    site = _site(tmp_path)
    ok = tmp_path / "bom.csv"
    ok.write_bytes("\ufeff事業所名,役割,地区\n見本基幹相談支援センター,基幹相談支援センター,中央地区\n".encode("utf-8"))
    assert kyoten(["import", str(ok), "--site", str(site)]) == 0
    out, _ = capsys.readouterr()
    assert "  name: 見本基幹相談支援センター\n" in out and "  area: chuo\n" in out
    no_name = tmp_path / "noname.csv"
    no_name.write_text("施設,電話番号\nx,043-000-1111\n", encoding="utf-8")
    assert kyoten(["import", str(no_name), "--site", str(site)]) == 1
    assert "事業所名の列がありません" in capsys.readouterr().err


def test_the_open_data_csv_imports_back_into_the_same_registry(root_site, tmp_path, capsys):
    """Round trip: the demo city's providers.csv → kyoten import → the same providers."""
    from conftest import ROOT, copy_site
    site = copy_site(ROOT, tmp_path / "site")
    code = kyoten(["import", str(root_site / "opendata" / "providers.csv"), "--site", str(site)])
    out, err = capsys.readouterr()
    assert code == 0 and "44件を書き出しました。" in err
    assert _round_trip(site, out, capsys) == 0
    fields = ("id", "name", "reading", "role", "corporation", "provider_number", "services", "functions", "targets",
              "area", "address", "location", "phone", "after_hours_phone", "fax", "hours", "registered_on", "url", "note")
    before = {p.id: p for p in load_site(ROOT).providers}
    after = {p.id: p for p in load_site(site).providers}
    assert set(after) == set(before)
    for pid, p in before.items():
        assert {f: getattr(after[pid], f) for f in fields} == {f: getattr(p, f) for f in fields}, pid
        assert (after[pid].emergency is None) == (p.emergency is None)


def test_unreadable_files_get_a_clear_message(tmp_path, capsys):
    broken = tmp_path / "一覧.xlsx"
    broken.write_text("これはExcelファイルではありません", encoding="utf-8")
    assert kyoten(["import", str(broken)]) == 1
    assert capsys.readouterr().err == "エラー: 一覧.xlsx: Excelファイルとして読めません (BadZipFile)\n"
    garbled = tmp_path / "一覧.csv"
    garbled.write_bytes("事業所名\n".encode("utf-8") + b"\x81 \xef\xff\n")
    assert kyoten(["import", str(garbled)]) == 1
    assert capsys.readouterr().err == "エラー: 一覧.csv: 文字コードがUTF-8でもShift_JIS（cp932）でもありません\n"
    other = tmp_path / "一覧.pdf"
    other.write_bytes(b"x")
    assert kyoten(["import", str(other)]) == 1
    assert ".xlsx、.xls、.ods または .csv" in capsys.readouterr().err
    for name in ("一覧.ods", "一覧.xls"):  # a broken file of each reader: one line, never a traceback
        (tmp_path / name).write_bytes(b"x")
        assert kyoten(["import", str(tmp_path / name)]) == 1
        assert capsys.readouterr().err.startswith(f"エラー: {name}: ")


def test_excel_unicode_text_utf16_with_tabs(tmp_path, capsys):
    """Excel's 「Unicode テキスト」 export: UTF-16 with a BOM, columns separated by tabs."""
    site = _site(tmp_path)
    txt = tmp_path / "一覧.txt"
    txt.write_bytes("事業所名\t役割\t地区\t電話番号\r\n見本基幹相談支援センター\t基幹相談支援センター\t中央地区\t043-000-3333\r\n"
                    .encode("utf-16"))
    assert kyoten(["import", str(txt), "--site", str(site)]) == 0
    out, _ = capsys.readouterr()
    assert "  name: 見本基幹相談支援センター\n" in out and "  phone: 043-000-3333\n" in out
    assert _round_trip(site, out, capsys) == 0


def test_staff_habits_wareki_dates_nakaguro_and_areas_without_chiku(tmp_path, capsys):
    """Issue 19: 令和6年4月1日 and R6.4.1 are dates, 居宅介護・重度訪問介護 is two services, 中央 is 中央地区."""
    site = _site(tmp_path)
    csv_path = tmp_path / "list.csv"
    csv_path.write_text("事業所名,役割,サービス種別,地区,電話番号,拠点登録日\n"
                        "見本ヘルパー,拠点等登録事業所,居宅介護・重度訪問介護,中央,043-000-5555,令和6年4月1日\n"
                        "見本ヘルパー北,拠点等登録事業所,居宅介護,北,043-000-5556,R6.4.2\n", encoding="utf-8")
    assert kyoten(["import", str(csv_path), "--site", str(site)]) == 0
    out, _ = capsys.readouterr()
    assert "  services: [居宅介護, 重度訪問介護]\n" in out
    assert "  area: chuo\n" in out and "  area: kita\n" in out
    assert "  registered_on: '2024-04-01'\n" in out and "  registered_on: '2024-04-02'\n" in out
    assert _round_trip(site, out, capsys) == 0


def _sheet_rows() -> list[list]:
    return [["楓市 拠点一覧（.xls / .ods）"], [],
            ["事業所名", "ふりがな", "役割", "サービス種別", "機能", "地区", "電話番号", "緊急時の受入", "空床数", "拠点登録日",
             "事業所番号", "法人番号", "定員"],
            ["見本ショートステイ", "ﾐﾎﾝｼｮｰﾄｽﾃｲ", "拠点等登録事業所", "短期入所・生活介護", "緊急時の受入・対応", "北", "0430004444",
             "あり", 2, dt.date(2024, 4, 1), "1210100002", "7000012050002", 20]]


def _check_sheet_import(path: Path, site: Path, capsys) -> None:
    code = kyoten(["import", str(path), "--site", str(site)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "1件を書き出しました。" in err and "警告" not in err
    assert _round_trip(site, out, capsys) == 0
    p = load_site(site).providers[0]
    assert (p.name, p.reading, p.role, p.area) == ("見本ショートステイ", "みほんしょーとすてい", "registered", "kita")
    assert p.services == ("tanki-nyusho", "seikatsu-kaigo") and p.phone == "043-000-4444"
    assert p.emergency.accepts and p.emergency.beds == 2 and p.registered_on == dt.date(2024, 4, 1)
    assert (p.provider_number, p.corporate_number, p.capacity) == ("1210100002", "7000012050002", 20)


def test_xls_import(tmp_path, capsys):
    """.xls (Excel 97-2003) is written here with xlwt, the writer of that format; dates are real date cells."""
    import xlwt
    site = _site(tmp_path)
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("拠点一覧")
    date_style = xlwt.easyxf(num_format_str="yyyy/m/d")
    for r, row in enumerate(_sheet_rows()):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write(r, c, dt.datetime(value.year, value.month, value.day), date_style)
            else:
                ws.write(r, c, value)
    wb.save(str(tmp_path / "一覧.xls"))
    _check_sheet_import(tmp_path / "一覧.xls", site, capsys)
    assert kyoten(["import", str(tmp_path / "一覧.xls"), "--sheet", "なし"]) == 1
    assert "シート「なし」がありません（拠点一覧）" in capsys.readouterr().err


def test_ods_import(tmp_path, capsys):
    """.ods written with odfpy as LibreOffice writes it: typed cells (float, date), a repeated empty run."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P
    site = _site(tmp_path)
    doc = OpenDocumentSpreadsheet()
    sheet = Table(name="拠点一覧")
    for row in _sheet_rows():
        tr = TableRow()
        for value in row:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            elif isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=f"{value.year}/{value.month}/{value.day}"))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            tr.addElement(cell)
        tr.addElement(TableCell(numbercolumnsrepeated=16000))  # Calc's empty run to the sheet's edge
        sheet.addElement(tr)
    sheet.addElement(TableRow(numberrowsrepeated=1048000))
    doc.spreadsheet.addElement(sheet)
    doc.save(str(tmp_path / "一覧.ods"))
    _check_sheet_import(tmp_path / "一覧.ods", site, capsys)
