"""kyoten import --format wam (issue 10): WAM NET open-data CSVs merged into providers.yaml."""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

import yaml

from conftest import ROOT, copy_site
from kyoten.tools.cli import main as kyoten
from kyoten.model.site import load_site

HEADER = ["都道府県コード又は市区町村コード", "NO（※システム内の固有の番号、連番）", "指定機関名", "法人の名称", "法人の名称_かな",
          "法人番号", "法人住所（市区町村）", "法人住所（番地以降）", "サービス種別", "事業所の名称", "事業所の名称_かな", "事業所番号",
          "事業所住所（市区町村）", "事業所住所（番地以降）", "事業所電話番号", "事業所FAX番号", "事業所URL", "事業所緯度", "事業所経度",
          "利用可能な時間帯（平日）", "定員"]


def row(number: str, name: str, kana: str, municipality: str, street: str, phone: str, service: str,
        corporation: str = "", url: str = "", lat: str = "", lon: str = "") -> list[str]:
    cells = dict.fromkeys(HEADER, "")
    cells.update({"事業所番号": number, "事業所の名称": name, "事業所の名称_かな": kana, "事業所住所（市区町村）": municipality,
                  "事業所住所（番地以降）": street, "事業所電話番号": phone, "サービス種別": service, "法人の名称": corporation,
                  "事業所URL": url, "事業所緯度": lat, "事業所経度": lon, "都道府県コード又は市区町村コード": "999997"})
    return [cells[h] for h in HEADER]


def current_rows(site: Path) -> list[list[str]]:
    """A row per numbered provider with exactly the facts providers.yaml has (WAM agrees with the city)."""
    rows = []
    for p in yaml.load((site / "providers.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader):
        if p.get("provider_number"):
            street = p.get("address", "").removeprefix("楓市")
            rows.append(row(p["provider_number"], p["name"], p.get("name_kana", ""), "千葉県楓市", street,
                            p.get("phone", ""), "", p.get("corporation", ""), p.get("url", "")))
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str = "cp932") -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([HEADER, *rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_merge_refreshes_public_facts_keeps_city_fields_and_adds_new_offices(tmp_path: Path, capsys):
    site = copy_site(ROOT, tmp_path / "city")
    before_text = (site / "providers.yaml").read_text(encoding="utf-8")
    before = {p.provider_number: p for p in load_site(site).providers if p.provider_number}
    aozora = before["9900000004"]
    rows = [r for r in current_rows(site) if r[HEADER.index("事業所番号")] not in ("9900000004", "9900000005")]
    rows += [
        # one 事業所 in two rows (two services); its phone changed at WAM NET
        row("9900000004", aozora.name, "ｿｳﾀﾞﾝｼｴﾝｾﾝﾀｰｱｵｿﾞﾗ", "千葉県楓市", aozora.address.removeprefix("楓市"), "043-004-9999",
            "計画相談支援", aozora.corporation),
        row("9900000004", aozora.name, "", "千葉県楓市", "", "", "障害児相談支援"),
        # a new 事業所 (leading zero kept, half-width kana, its area named in its address)
        row("0123456789", "見本ヘルパーステーション", "ﾐﾎﾝﾍﾙﾊﾟｰｽﾃｰｼｮﾝ", "千葉県楓市", "中央1丁目2番3号", "043-000-7777",
            "居宅介護", "株式会社見本", "https://example.jp/helper/", "35.7001", "140.1001"),
        row("0123456789", "見本ヘルパーステーション", "", "千葉県楓市", "", "", "重度訪問介護"),
        # another city's 事業所: ignored
        row("9911111111", "隣町の事業所", "ﾄﾅﾘﾏﾁ", "千葉県見本町", "1番地", "043-000-8888", "短期入所"),
    ]
    csv_path = write_csv(tmp_path / "wam.csv", rows)
    code = kyoten(["import", "--format", "wam", str(csv_path), "--site", str(site), "--add-new", "拠点等登録事業所", "--write"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "更新: 相談支援センターあおぞら" in err and "電話番号: 043-004-1148 → 043-004-9999" in err
    assert "追加: 見本ヘルパーステーション" in err
    assert "ほかの市区町村の行 1行" in err
    assert "CSVにない事業所 1件" in err  # 9900000005 is the one left out of the CSV
    assert "ひだまり相談室（9900000005）" in err

    after_text = (site / "providers.yaml").read_text(encoding="utf-8")
    diff = [l for l in difflib.unified_diff(before_text.splitlines(), after_text.splitlines(), lineterm="", n=0)
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    removed = [l for l in diff if l.startswith("-")]
    assert removed == ["-  phone: 043-004-1148"]  # exactly one line of the city's file changed
    assert "+  phone: 043-004-9999" in diff
    assert after_text.startswith(before_text.replace("  phone: 043-004-1148\n", "  phone: 043-004-9999\n"))

    after = {p.provider_number: p for p in load_site(site).providers if p.provider_number}
    new = after["9900000004"]
    assert new.phone == "043-004-9999"
    for kept in ("id", "role", "functions", "targets", "services", "area", "emergency", "registered_on", "hours"):
        assert getattr(new, kept) == getattr(aozora, kept), kept
    helper = after["0123456789"]
    assert helper.role == "registered" and helper.area == "chuo"
    assert helper.services == ("kyotaku-kaigo", "judo-homon-kaigo")
    assert helper.reading == "みほんへるぱーすてーしょん" and helper.location == (35.7001, 140.1001)
    assert helper.functions == ()  # the city's to fill in
    assert "9911111111" not in after
    assert '  provider_number: "0123456789"' in after_text and "  services: [居宅介護, 重度訪問介護]" in after_text
    assert kyoten(["validate", str(site)]) == 0


def test_a_csv_that_agrees_with_the_city_changes_no_byte(tmp_path: Path, capsys):
    site = copy_site(ROOT, tmp_path / "city")
    before = (site / "providers.yaml").read_bytes()
    (site / "providers.yaml").chmod(0o664)  # issue 14: --write left it at 0600 (mkstemp's mode)
    csv_path = write_csv(tmp_path / "wam.csv", current_rows(site), encoding="utf-8-sig")  # UTF-8 with BOM too
    assert kyoten(["import", "--format", "wam", str(csv_path), "--site", str(site), "--write"]) == 0
    err = capsys.readouterr().err
    assert "追加 0件、更新 0件" in err and "CSVにない事業所 0件" in err
    assert (site / "providers.yaml").read_bytes() == before
    assert (site / "providers.yaml").stat().st_mode & 0o777 == 0o664
    assert not [p.name for p in site.iterdir() if p.name.startswith(".providers")]


def test_new_offices_are_only_listed_unless_a_role_is_given(tmp_path: Path, capsys):
    site = copy_site(ROOT, tmp_path / "city")
    before = (site / "providers.yaml").read_bytes()
    csv_path = write_csv(tmp_path / "wam.csv", [row("0123456789", "見本ヘルパーステーション", "", "楓市", "中央1丁目", "", "居宅介護")])
    assert kyoten(["import", "--format", "wam", str(csv_path), "--site", str(site)]) == 0
    out, err = capsys.readouterr()
    assert "providers.yamlにない事業所が1件あります" in err and "見本ヘルパーステーション（0123456789" in err
    assert out.encode("utf-8") == before  # stdout: the merged file, here unchanged
    assert (site / "providers.yaml").read_bytes() == before


def test_a_renamed_provider_keeps_its_page_address(tmp_path: Path, capsys):
    site = copy_site(ROOT, tmp_path / "city")
    old = {p.provider_number: p for p in load_site(site).providers if p.provider_number}["9900000005"]
    assert "id: " + old.id not in (site / "providers.yaml").read_text(encoding="utf-8")  # its id comes from its name
    csv_path = write_csv(tmp_path / "wam.csv", [row("9900000005", "ひだまり相談支援室", "ﾋﾀﾞﾏﾘｿｳﾀﾞﾝｼｴﾝｼﾂ", "楓市",
                                                    (old.address or "").removeprefix("楓市"), old.phone or "", "")])
    assert kyoten(["import", "--format", "wam", str(csv_path), "--site", str(site), "--write"]) == 0
    err = capsys.readouterr().err
    assert "事業所名: ひだまり相談室 → ひだまり相談支援室" in err
    new = {p.provider_number: p for p in load_site(site).providers if p.provider_number}["9900000005"]
    assert new.name == "ひだまり相談支援室" and new.id == old.id and new.role == old.role


def test_a_csv_without_the_number_column_is_refused_and_nothing_is_written(tmp_path: Path, capsys):
    site = copy_site(ROOT, tmp_path / "city")
    before = (site / "providers.yaml").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_bytes("事業所の名称,事業所住所（市区町村）\r\n見本,楓市\r\n".encode("cp932"))
    assert kyoten(["import", "--format", "wam", str(bad), "--site", str(site), "--write"]) == 1
    err = capsys.readouterr().err
    assert "bad.csv:1: 列「事業所番号」がありません" in err
    assert (site / "providers.yaml").read_bytes() == before


def test_rows_are_the_city_by_prefecture_and_exact_name(tmp_path: Path, capsys):
    """Issue 19: 府中市 of 東京都 and of 広島県, 大和市 inside 東大和市, a 政令市's 区, a prefecture only
    the row's code gives: only the city's own rows are taken."""
    from kyoten.tools.wam import in_city, prefecture_of_code

    assert prefecture_of_code("132063") == "東京都" and prefecture_of_code("999997") is None
    assert in_city("東京都府中市", "", "府中市", "東京都") and not in_city("広島県府中市", "", "府中市", "東京都")
    assert not in_city("府中市", "342084", "府中市", "東京都")  # the row's code names 広島県
    assert in_city("神奈川県大和市", "", "大和市", "神奈川県") and not in_city("東京都東大和市", "", "大和市", "神奈川県")
    assert not in_city("神奈川県東大和市", "", "大和市", "神奈川県")
    assert in_city("千葉県千葉市中央区", "", "千葉市", "千葉県") and not in_city("千葉県千葉市原", "", "千葉市", "千葉県")
    assert not in_city("北海道楓市", "", "楓市", "千葉県") and in_city("楓市", "", "楓市", "千葉県")
    site = copy_site(ROOT, tmp_path / "city")
    csv_path = write_csv(tmp_path / "wam.csv", [
        row("0123456780", "北の事業所", "", "北海道楓市", "1番地", "011-000-0000", "居宅介護"),
        row("0123456781", "千葉の事業所", "", "千葉県楓市", "中央1丁目", "043-000-7777", "居宅介護"),
    ])
    assert kyoten(["import", "--format", "wam", str(csv_path), "--site", str(site), "--add-new", "拠点等登録事業所"]) == 0
    out = capsys.readouterr()
    assert "千葉の事業所" in out.out and "北の事業所" not in out.out
    assert "ほかの市区町村の行 1行" in out.err


def test_names_are_compared_ignoring_spaces(tmp_path: Path, capsys):
    """WAM NET writes 相談支援センター　あおぞら where the city wrote 相談支援センターあおぞら: the same name."""
    site = copy_site(ROOT, tmp_path / "city")
    before = (site / "providers.yaml").read_bytes()
    rows = current_rows(site)
    for r in rows:
        name = r[HEADER.index("事業所の名称")]
        r[HEADER.index("事業所の名称")] = name[:3] + "　" + name[3:-1] + " " + name[-1]
        r[HEADER.index("法人の名称")] = r[HEADER.index("法人の名称")].replace("法人", "法人 ")
    assert kyoten(["import", "--format", "wam", str(write_csv(tmp_path / "wam.csv", rows)), "--site", str(site),
                   "--write"]) == 0
    assert "追加 0件、更新 0件" in capsys.readouterr().err
    assert (site / "providers.yaml").read_bytes() == before


def test_capacity_and_corporate_number_are_kept_and_checked(tmp_path: Path, capsys):
    site = copy_site(ROOT, tmp_path / "city")
    rows = [r for r in current_rows(site) if r[HEADER.index("事業所番号")] == "9900000004"]
    good = list(rows[0])
    good[HEADER.index("法人番号")], good[HEADER.index("定員")] = "7000012050002", "12"
    assert kyoten(["import", "--format", "wam", str(write_csv(tmp_path / "a.csv", [good])), "--site", str(site),
                   "--write"]) == 0
    err = capsys.readouterr().err
    assert "法人番号: （なし） → 7000012050002" in err and "定員: （なし） → 12" in err
    text = (site / "providers.yaml").read_text(encoding="utf-8")
    assert '  corporate_number: "7000012050002"\n' in text and "  capacity: 12\n" in text
    p = {p.provider_number: p for p in load_site(site).providers}["9900000004"]
    assert (p.corporate_number, p.capacity) == ("7000012050002", 12)
    # a wrong check digit is not taken; two rows of one 事業所 with different 定員 give no 定員
    bad, other = list(good), list(good)
    bad[HEADER.index("法人番号")], bad[HEADER.index("定員")] = "8000012050002", "15"
    other[HEADER.index("定員")] = "20"
    site2 = copy_site(ROOT, tmp_path / "city2")
    assert kyoten(["import", "--format", "wam", str(write_csv(tmp_path / "b.csv", [bad, other])), "--site",
                   str(site2), "--write"]) == 0
    err = capsys.readouterr().err
    assert "法人番号「8000012050002」は正しい法人番号ではない" in err
    assert "定員が行によって違う（15人（b.csv:2）、20人（b.csv:3））" in err
    p = {p.provider_number: p for p in load_site(site2).providers}["9900000004"]
    assert p.capacity is None and p.corporate_number == "7000012050002"  # the second row's number is right
