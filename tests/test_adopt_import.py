"""Issue 19, end to end: a city that `kyoten init` has just made imports WAM NET's open
data (障害福祉サービス等情報公表システム, 29 columns) as downloaded, in UTF-8 with BOM and in Shift_JIS, and
the result validates and builds, `kyoten diff` shows the commit that imported it, and the workflows
`init` wrote pass actionlint. Same-named and contained city names (府中市 of 東京都 and of 広島県, 大和市
and 東大和市), a 政令市's 区 and a 多機能型 事業所 in two rows are all in one file."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import build
from test_init import actionlint, git
from kyoten.model.site import load_site
from kyoten.tools.cli import main as kyoten

COLUMNS = ["都道府県コード又は市区町村コード", "NO（※システム内の固有の番号、連番）", "指定機関名", "法人の名称", "法人の名称_かな",
           "法人番号", "法人住所（市区町村）", "法人住所（番地以降）", "法人電話番号", "法人FAX番号", "法人URL", "サービス種別",
           "事業所の名称", "事業所の名称_かな", "事業所番号", "事業所住所（市区町村）", "事業所住所（番地以降）", "事業所電話番号",
           "事業所FAX番号", "事業所URL", "事業所緯度", "事業所経度", "利用可能な時間帯（平日）", "（土曜）", "（日曜）", "（祝日）",
           "定休日", "利用可能曜日特記事項（留意事項）", "定員"]
assert len(COLUMNS) == 29


def wam_row(code: str, service: str, name: str, kana: str, number: str, municipality: str, street: str, phone: str,
            lat: str, lon: str, capacity: str = "", corporate_number: str = "") -> list[str]:
    cells = dict.fromkeys(COLUMNS, "")
    cells.update({
        "都道府県コード又は市区町村コード": code, "NO（※システム内の固有の番号、連番）": number + service[:2],
        "指定機関名": municipality, "法人の名称": "社会福祉法人見本会", "法人の名称_かな": "ｼｬｶｲﾌｸｼﾎｳｼﾞﾝﾐﾎﾝｶｲ",
        "法人番号": corporate_number, "法人住所（市区町村）": municipality, "法人住所（番地以降）": street,
        "サービス種別": service, "事業所の名称": name, "事業所の名称_かな": kana, "事業所番号": number,
        "事業所住所（市区町村）": municipality, "事業所住所（番地以降）": street, "事業所電話番号": phone,
        "事業所緯度": lat, "事業所経度": lon, "利用可能な時間帯（平日）": "09:00～17:00", "定休日": "土日祝",
        "定員": capacity,
    })
    return [cells[c] for c in COLUMNS]


ROWS = [
    # 東京都府中市 (132063): a 多機能型 事業所 in two rows (two services, one 定員), and one more 事業所
    wam_row("132063", "放課後等デイサービス", "多機能型事業所　みほん", "ﾀｷﾉｳｶﾞﾀｼﾞｷﾞｮｳｼｮﾐﾎﾝ", "1350000011", "東京都府中市",
            "宮西町1丁目1番地", "0423641111", "35.6689", "139.4776", "10", "7000012050002"),
    wam_row("132063", "児童発達支援", "多機能型事業所 みほん", "", "1350000011", "東京都府中市", "宮西町1丁目1番地", "",
            "", "", "10"),
    wam_row("132063", "短期入所", "府中ショートステイ見本", "ﾌﾁｭｳｼｮｰﾄｽﾃｲﾐﾎﾝ", "1310000022", "東京都府中市", "寿町2-2",
            "042-364-2222", "35.6700", "139.4800", "4"),
    # 広島県府中市 (342084): the same city name in another prefecture
    wam_row("342084", "居宅介護", "備後の事業所", "ﾋﾞﾝｺﾞ", "3410000033", "広島県府中市", "府川町1", "0847-43-1111",
            "34.5683", "133.2364"),
    # 東京都東大和市 (132233) contains 大和市; 神奈川県大和市 (142131) is 大和市
    wam_row("132233", "生活介護", "東大和の事業所", "ﾋｶﾞｼﾔﾏﾄ", "1310000044", "東京都東大和市", "中央1-1", "042-563-2111",
            "35.7456", "139.4265", "20"),
    wam_row("142131", "共同生活援助", "大和の事業所", "ﾔﾏﾄ", "1410000055", "神奈川県大和市", "下鶴間1-1", "046-260-5111",
            "35.4873", "139.4581", "6"),
    # 千葉市 (121002), a 政令市: its 区 are the city; 市原市 is not
    wam_row("121011", "計画相談支援", "中央区の相談室", "ﾁｭｳｵｳｸ", "1210000066", "千葉県千葉市中央区", "千葉港1-1",
            "043-245-5111", "35.6073", "140.1063"),
    wam_row("122190", "計画相談支援", "市原の相談室", "ｲﾁﾊﾗ", "1210000077", "千葉県市原市", "国分寺台中央1-1",
            "0436-22-1111", "35.4980", "140.1155"),
]


def write_wam(path: Path, encoding: str) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows([COLUMNS, *ROWS])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_a_new_city_imports_wam_open_data_validates_and_builds(tmp_path: Path, encoding: str, capsys):
    wam = write_wam(tmp_path / "wam.csv", encoding)
    assert wam.read_bytes().startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    expected = {"府中市": ("132063", {"1350000011", "1310000022"}), "大和市": ("142131", {"1410000055"}),
                "千葉市": ("121002", {"1210000066"})}
    for city, (code, numbers) in expected.items():
        site = tmp_path / code
        assert kyoten(["init", str(site), "--city", city, "--code", code, "--phone", "042-364-4111",
                       "--department", "障害福祉課"]) == 0
        capsys.readouterr()
        assert yaml.safe_load((site / "providers.yaml").read_text(encoding="utf-8")) == []  # what init writes
        git(site, "init", "-q", "-b", "main")
        git(site, "add", "-A")
        git(site, "commit", "-q", "-m", "kyoten init")
        code_ = kyoten(["import", "--format", "wam", str(wam), "--site", str(site), "--add-new", "拠点等登録事業所",
                        "--write"])
        err = capsys.readouterr().err
        assert code_ == 0, err
        assert f"{city}の事業所 {len(numbers)}件：追加 {len(numbers)}件" in err
        assert f"ほかの市区町村の行 {len(ROWS) - sum(r[COLUMNS.index('事業所番号')] in numbers for r in ROWS)}行" in err
        providers = load_site(site).providers
        assert {p.provider_number for p in providers} == numbers, city
        assert kyoten(["validate", str(site)]) == 0
        capsys.readouterr()
        assert build(site, tmp_path / f"out-{code}") == 0, capsys.readouterr().err
        capsys.readouterr()
        for p in providers:
            assert (tmp_path / f"out-{code}" / "providers" / p.id / "index.html").is_file()
        # the pull request a city would open: the diff of the two commits, and the workflows init wrote
        git(site, "add", "-A")
        git(site, "commit", "-q", "-m", "import WAM NET")
        assert kyoten(["diff", "HEAD~1", "HEAD", "--site", str(site)]) == 0
        diff = capsys.readouterr().out
        assert f"追加 {len(numbers)}件" in diff and all(p.name in diff and p.phone in diff for p in providers)
        workflows = sorted(str(f) for f in (site / ".github" / "workflows").glob("*.yml"))
        lint = subprocess.run([actionlint(), "-no-color", *workflows], capture_output=True, text=True)
        assert len(workflows) == 4 and lint.returncode == 0, lint.stdout
        if city == "府中市":
            multi = next(p for p in providers if p.provider_number == "1350000011")
            assert multi.name == "多機能型事業所 みほん"  # the first row's name (spaces as NFKC makes them)
            assert multi.services == ("hokago-day", "jido-hattatsu") and multi.capacity == 10
            assert multi.corporate_number == "7000012050002" and multi.phone == "042-364-1111"
            assert multi.reading == "たきのうがたじぎょうしょみほん" and multi.location == (35.6689, 139.4776)
            raw = (tmp_path / f"out-{code}" / "opendata" / "providers.csv").read_text(encoding="utf-8-sig")
            row = next(r for r in csv.DictReader(io.StringIO(raw, newline="")) if r["事業所番号"] == "1350000011")
            assert row["所在地_連結表記"] == "東京都府中市宮西町1丁目1番地" and row["定員"] == "10"
            assert row["法人番号"] == "7000012050002" and row["所在地_都道府県"] == "東京都"
        if city == "千葉市":
            assert providers[0].address == "千葉市中央区千葉港1-1"
    # a second import of the same file changes nothing (the 事業所 are matched by number, names ignoring spaces)
    site = tmp_path / "132063"
    before = (site / "providers.yaml").read_bytes()
    assert kyoten(["import", "--format", "wam", str(wam), "--site", str(site), "--write"]) == 0
    assert "追加 0件、更新 0件" in capsys.readouterr().err
    assert (site / "providers.yaml").read_bytes() == before
