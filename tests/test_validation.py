"""Validation: every error at once, as FILE:LINE:COL: エラー: … (key: expected), exit 1."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from kyoten.tools.cli import main as kyoten
from kyoten.model.site import load_site
from kyoten.model.source import DataError

CONFIG = textwrap.dedent("""\
    city: {name: 千葉市, code: "121002"}
    site: {base_url: "https://example.jp/kyoten"}
    areas:
      - {id: chuo, name: 中央区}
      - {id: mihama, name: 美浜区}
    contacts:
      - {name: 障害福祉課, phone: 043-245-5111, when: 平日}
      - {name: 夜間窓口, phone: 043-000-0000, when: 夜間・休日}
    map:
      center: {lat: 35.6, lon: 140.1}
      zoom: 12
      bounds: {south: 35.5, west: 140.0, north: 35.7, east: 140.3}
    """)

GOOD = textwrap.dedent("""\
    - name: 中央基幹相談支援センター
      role: 基幹相談支援センター
      area: chuo
      phone: 043-245-5111
    """)


def make_site(tmp_path: Path, providers: str, config: str = CONFIG) -> Path:
    (tmp_path / "site_config.yml").write_text(config, encoding="utf-8")
    (tmp_path / "providers.yaml").write_text(providers, encoding="utf-8")
    return tmp_path


def errors(tmp_path: Path, providers: str, config: str = CONFIG) -> list[str]:
    try:
        load_site(make_site(tmp_path, providers, config))
    except DataError as e:
        return [str(d) for d in e.diagnostics]
    return []


def one(tmp_path, providers, config=CONFIG) -> str:
    errs = errors(tmp_path, providers, config)
    assert len(errs) == 1, errs
    return errs[0]


def test_good_site_loads(tmp_path):
    site = load_site(make_site(tmp_path, GOOD))
    (p,) = site.providers
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", p.id) and p.id.startswith("chu")
    assert p.reading == "ちゅうおうきかんそうだんしえんせんたー"
    assert site.config.base_url == "https://example.jp/kyoten/"


def test_yaml_syntax_error_has_file_line_col(tmp_path):
    e = one(tmp_path, GOOD + "- name: [unclosed\n")
    assert e.startswith("providers.yaml:6:") and "YAMLの書き方に誤りがあります" in e and "(yaml:" in e


def test_tab_indentation(tmp_path):
    e = one(tmp_path, GOOD.replace("  role", "\trole"))
    assert e.startswith("providers.yaml:2:") and "タブ文字" in e


def test_unknown_field_suggests_the_right_one(tmp_path):
    e = one(tmp_path, GOOD + "  adress: 千葉市中央区1-1\n")
    assert e.startswith("providers.yaml:5:3:") and "「adress」" in e and "「address」" in e


def test_missing_required_field(tmp_path):
    e = one(tmp_path, GOOD.replace("  role: 基幹相談支援センター\n", ""))
    assert e.startswith("providers.yaml:1:3:") and "必須の項目 role" in e


def test_wrong_type(tmp_path):
    e = one(tmp_path, GOOD + "  services: {a: b}\n")
    assert e.startswith("providers.yaml:5:13:") and "リスト" in e


def test_duplicate_ids(tmp_path):
    e = one(tmp_path, "- id: a\n  " + GOOD[2:] + "- id: a\n  " + GOOD[2:])
    assert e.startswith("providers.yaml:6:7:") and "重複" in e and "1行目" in e


def test_duplicate_derived_ids_ask_for_an_id(tmp_path):
    e = one(tmp_path, GOOD + GOOD)
    assert "id を書いて区別してください" in e


@pytest.mark.parametrize("field,value,words", [
    ("area", "nishi", "site_config.yml の areas にありません"),
    ("role", "相談所", "使える値ではありません"),
    ("services", "[訪問看護]", "使える値ではありません"),
    ("functions", "[相談, 見守り]", "使える値ではありません"),
    ("targets", "[高齢者]", "使える値ではありません"),
])
def test_unknown_vocabulary(tmp_path, field, value, words):
    src = GOOD.replace("  area: chuo\n", "") if field == "area" else GOOD.replace("  role: 基幹相談支援センター\n", "") if field == "role" else GOOD
    e = one(tmp_path, src + f"  {field}: {value}\n")
    assert e.startswith(f"providers.yaml:{src.count(chr(10)) + 1}:") and words in e


def test_near_miss_vocabulary_is_suggested(tmp_path):
    e = one(tmp_path, GOOD + "  services: [計画相談]\n")
    assert "「計画相談支援」のことですか" in e


def test_vocabulary_aliases_are_normalised(tmp_path):
    site = load_site(make_site(tmp_path, GOOD + "  functions: [緊急時の受け入れ・対応, ①相談]\n  services: [ショートステイ]\n"))
    assert site.providers[0].functions == ("consultation", "emergency")
    assert site.providers[0].services == ("tanki-nyusho",)


@pytest.mark.parametrize("phone", ["03-1234", "abc", "1234567890", "043-245-5111-1", "0-0-0", "090-1234-56789", "--0432455111"])
def test_malformed_phone(tmp_path, phone):
    e = one(tmp_path, GOOD.replace("043-245-5111", phone))
    assert e.startswith("providers.yaml:4:10:") and "電話番号の形式ではありません" in e and "043-245-5111" in e


def test_full_width_phone_is_normalised(tmp_path):
    site = load_site(make_site(tmp_path, GOOD.replace("043-245-5111", "０４３－２４５－５１１１") + "  after_hours_phone: ０９０ー１２３４ー５６７８\n"))
    assert site.providers[0].phone == "043-245-5111"
    assert site.providers[0].after_hours_phone == "090-1234-5678"


@pytest.mark.parametrize("number", ['"12345"', '"12345678901"', '"12345abcde"'])
def test_provider_number_must_be_ten_digits(tmp_path, number):
    e = one(tmp_path, GOOD + f"  provider_number: {number}\n")
    assert e.startswith("providers.yaml:5:20:") and "10桁" in e


def test_provider_number_keeps_leading_zero(tmp_path):
    site = load_site(make_site(tmp_path, GOOD + "  provider_number: 0123456789\n"))
    assert site.providers[0].provider_number == "0123456789"


def test_coordinates_outside_the_city(tmp_path):
    e = one(tmp_path, GOOD + "  location: {lat: 43.06, lon: 141.35}\n")
    assert e.startswith("providers.yaml:5:13:") and "市の範囲" in e


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.jp/", "example.jp", "https://"])
def test_bad_urls(tmp_path, url):
    e = one(tmp_path, GOOD + f'  url: "{url}"\n')
    assert e.startswith("providers.yaml:5:8:") and "URL" in e


@pytest.mark.parametrize("date", ["2023-02-30", "2023-13-01", "令和5年", "2023/2/29"])
def test_dates_that_do_not_exist(tmp_path, date):
    e = one(tmp_path, GOOD + f"  registered_on: {date}\n")
    assert e.startswith("providers.yaml:5:18:")


def test_every_error_is_reported_at_once(tmp_path):
    src = (GOOD.replace("043-245-5111", "03-1234").replace("area: chuo", "area: nowhere")
           + "  url: javascript:alert(1)\n  registered_on: 2023-02-30\n  colour: red\n")
    errs = errors(tmp_path, src + GOOD.replace("基幹相談支援センター\n", "基幹\n").replace("中央", "西"))
    assert len(errs) == 6, errs
    assert [e.split(":")[1] for e in errs] == ["3", "4", "5", "6", "7", "9"]


def test_config_errors(tmp_path):
    bad = CONFIG.replace('"121002"', '"121003"').replace("zoom: 12", "zoom: 30").replace("043-000-0000", "夜間")
    errs = errors(tmp_path, GOOD, bad)
    assert len(errs) == 3, errs
    assert any("site_config.yml:1:" in e and "全国地方公共団体コード" in e for e in errs)
    assert any("zoom" in e and "1から18" in e for e in errs)
    assert any("電話番号" in e for e in errs)


def test_aliases_are_refused(tmp_path):
    e = one(tmp_path, "- &a\n  name: x\n- *a\n")
    assert "アンカー" in e or "エイリアス" in e


def test_shift_jis_file(tmp_path):
    make_site(tmp_path, "")
    (tmp_path / "providers.yaml").write_bytes(GOOD.encode("cp932"))
    with pytest.raises(DataError) as e:
        load_site(tmp_path)
    assert "Shift_JIS" in str(e.value)


def test_script_in_a_name_comes_out_escaped(tmp_path):
    site = make_site(tmp_path, GOOD.replace("中央基幹相談支援センター", '"<script>alert(1)</script>センター"'))
    assert kyoten(["build", str(site)]) == 0
    html = (site / "site" / "providers" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;センター" in html


def test_cli_exit_codes(tmp_path, capsys):
    site = make_site(tmp_path, GOOD.replace("chuo", "nowhere"))
    assert kyoten(["validate", str(site)]) == 1
    assert "providers.yaml:3:9: エラー:" in capsys.readouterr().err
    assert kyoten(["build", str(site)]) == 1
    assert not (site / "site").exists()
    assert kyoten(["frobnicate"]) == 2
    assert kyoten(["validate", str(tmp_path / "nothing")]) == 2


@pytest.mark.parametrize("digits,shown", [("0332642111", "03-3264-2111"), ("0612345678", "06-1234-5678"),
                                          ("0432455111", "043-245-5111"), ("0476911234", "0476-91-1234"),
                                          ("09012345678", "090-1234-5678"), ("0120123456", "0120-123-456")])
def test_digits_only_phones_are_hyphenated_by_the_numbering_plan(tmp_path, digits, shown):
    """Issue 19: 0332642111 was shown as 033-264-2111; Tokyo's area code is 03."""
    site = load_site(make_site(tmp_path, GOOD.replace("043-245-5111", f'"{digits}"')))
    assert site.providers[0].phone == shown
