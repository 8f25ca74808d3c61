"""Issue 18: the accessibility page declares no more than was tested.

The 対応度 follows from the results people recorded in content/accessibility.yml (never from kyoten's own
automated tests, which run on the demo, not on the site being built); criteria nobody tested stay 未確認;
a bad record is an error with its file:line; the automated-test facts the page states stay true.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, build, parse, text
from kyoten.model.accessibility import CRITERIA, LEVELS, criteria_up_to, declared
from kyoten.model.site import load_site
from kyoten.model.source import DataError
from kyoten.pages.accessibility import AXE_CORE_VERSION, AXE_RULES, AXE_TAGS, KYOTEN_CHECKS

BASE = ROOT / "tests" / "data" / "bad" / "_base"
A = [c.number for c in CRITERIA if c.level == "A"]
AA = [c.number for c in CRITERIA if c.level == "AA"]
RANK = {"配慮": 0, "一部準拠": 1, "準拠": 2}
PAGES = ("index.html",)


# --- the criteria and the automated-test facts -------------------------------------------------------

def test_all_38_criteria_of_jis_x_8341_3_level_aa():
    assert (len(A), len(AA), len({c.number for c in CRITERIA})) == (25, 13, 38)


def test_every_kyoten_check_names_a_test_that_exists():
    for number, checks in KYOTEN_CHECKS.items():
        assert number in {c.number for c in CRITERIA}
        for check in checks:
            for ref in check.tests:
                file, name = ref.split("::")
                source = (ROOT / file).read_text(encoding="utf-8")
                assert re.search(rf"^def {re.escape(name)}\(", source, re.M), f"{number}: {ref} does not exist"


def test_axe_version_and_tags_are_what_the_test_suite_runs():
    package = json.loads((ROOT / "tests" / "browser" / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["axe-core"] == AXE_CORE_VERSION
    assert {"wcag22aa", "best-practice"} <= set(AXE_TAGS)  # what tests/test_conformance.py runs everywhere


def test_axe_rule_map_is_what_axe_core_reports():
    """AXE_RULES is axe-core's own wcagNNN tagging of its (non-experimental) rules under AXE_TAGS."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: `make test` installs it with axe-core (tests/browser)")
    script = ("const axe=require(process.argv[1]);const m={};"
              "for(const r of axe.getRules(JSON.parse(process.argv[2]))){if(r.tags.includes('experimental'))continue;"
              "for(const t of r.tags){const x=t.match(/^wcag(\\d)(\\d)(\\d+)$/);"
              "if(x)(m[x[1]+'.'+x[2]+'.'+x[3]]=m[x[1]+'.'+x[2]+'.'+x[3]]||[]).push(r.ruleId);}}"
              "console.log(JSON.stringify(m));")
    out = subprocess.run([node, "-e", script, str(ROOT / "tests" / "browser" / "node_modules" / "axe-core"),
                          json.dumps(AXE_TAGS)], capture_output=True, text=True, check=True).stdout
    reported = {sc: tuple(rules) for sc, rules in json.loads(out).items() if sc in {c.number for c in CRITERIA}}
    assert reported == AXE_RULES


# --- the 対応度 is never higher than the results allow ------------------------------------------------

def _results(**marks):
    """criterion → result from keyword groups: a_pass=[...] etc."""
    out = {}
    for key, numbers in marks.items():
        for n in numbers:
            out[n] = key.split("_")[1]
    return out


CASES = [  # (target, results, pages, plan) → expected
    ("AA", {}, (), False, "JIS X 8341-3:2016 の適合レベルAAに配慮"),
    ("AA", {}, PAGES, True, "JIS X 8341-3:2016 の適合レベルAAに配慮"),
    ("AA", _results(x_pass=A + AA), PAGES, False, "JIS X 8341-3:2016 の適合レベルAAに準拠"),
    ("AA", _results(x_pass=A + AA[1:], x_na=AA[:1]), PAGES, False, "JIS X 8341-3:2016 の適合レベルAAに準拠"),
    ("AA", _results(x_na=A + AA), PAGES, False, "JIS X 8341-3:2016 の適合レベルAAに準拠"),
    ("AA", _results(x_pass=A + AA), (), True, "JIS X 8341-3:2016 の適合レベルAAに配慮"),  # no tested pages
    ("AA", _results(x_pass=A + AA[1:]), PAGES, True, "JIS X 8341-3:2016 の適合レベルAAに一部準拠"),  # one untested
    ("AA", _results(x_pass=A + AA[1:]), PAGES, False, "JIS X 8341-3:2016 の適合レベルAAに配慮"),  # no plan
    ("AA", _results(x_pass=A + AA[1:], x_fail=AA[:1]), PAGES, True, "JIS X 8341-3:2016 の適合レベルAAに一部準拠"),
    ("AA", _results(x_pass=A), PAGES, True, "JIS X 8341-3:2016 の適合レベルAAに一部準拠"),
    ("AA", _results(x_pass=A[1:] + AA), PAGES, True, "JIS X 8341-3:2016 の適合レベルAに一部準拠"),  # A untested
    ("AA", _results(x_pass=A[1:] + AA, x_fail=A[:1]), PAGES, True, "JIS X 8341-3:2016 の適合レベルAに一部準拠"),
    ("AA", _results(x_pass=AA), PAGES, True, "JIS X 8341-3:2016 の適合レベルAAに配慮"),  # nothing of A met
    ("AA", _results(x_fail=A + AA), PAGES, True, "JIS X 8341-3:2016 の適合レベルAAに配慮"),
    ("A", _results(x_pass=A), PAGES, False, "JIS X 8341-3:2016 の適合レベルAに準拠"),
    ("A", _results(x_pass=A[1:]), PAGES, True, "JIS X 8341-3:2016 の適合レベルAに一部準拠"),
    ("A", _results(x_pass=A[1:]), PAGES, False, "JIS X 8341-3:2016 の適合レベルAに配慮"),
    ("A", _results(x_pass=A[:1]), PAGES, True, "JIS X 8341-3:2016 の適合レベルAに一部準拠"),
    ("A", _results(x_fail=A), PAGES, True, "JIS X 8341-3:2016 の適合レベルAに配慮"),
    ("AA", _results(x_na=A[:3], x_fail=A[3:4]), PAGES, True, "JIS X 8341-3:2016 の適合レベルAAに配慮"),  # only 適用なし
    ("AA", _results(x_na=A[:3], x_pass=A[3:4]), PAGES, True, "JIS X 8341-3:2016 の適合レベルAに一部準拠"),
]


@pytest.mark.parametrize("target,results,pages,plan,expected", CASES)
def test_declared_table(target, results, pages, plan, expected):
    assert str(declared(target, results, pages, plan)) == expected


def _allowed(d, target, results, pages, plan) -> bool:
    """What the rules allow, written separately from `declared`: is the claim backed by the results?"""
    ok = lambda n: results.get(n) in ("pass", "na")  # noqa: E731
    if LEVELS.index(d.level) > LEVELS.index(target):
        return False
    if d.degree == "準拠":
        return bool(pages) and all(ok(c.number) for c in criteria_up_to(d.level))
    if d.degree == "一部準拠":
        below = [c.number for c in CRITERIA if LEVELS.index(c.level) < LEVELS.index(d.level)]
        return (plan and bool(pages) and all(ok(n) for n in below)
                and any(results.get(c.number) == "pass" for c in criteria_up_to(d.level)))
    return True


def _strength(d) -> tuple:
    """配慮 < 一部準拠 A < 準拠 A, 一部準拠 AA < 準拠 AA (A's criteria are part of AA's)."""
    return (0,) if d.degree == "配慮" else (1, LEVELS.index(d.level), RANK[d.degree])


def test_declared_is_never_higher_than_the_results_over_many_combinations():
    rnd = random.Random(18)
    for _ in range(3000):
        target = rnd.choice(LEVELS)
        weights = rnd.choice([(1, 0, 0, 0), (8, 1, 1, 1), (1, 1, 1, 1), (20, 0, 1, 1), (20, 1, 0, 1)])
        results = {}
        for c in CRITERIA:
            mark = rnd.choices(["pass", "na", "fail", None], weights)[0]
            if mark:
                results[c.number] = mark
        pages, plan = rnd.choice([PAGES, ()]), rnd.random() < 0.7
        d = declared(target, results, pages, plan)
        assert _allowed(d, target, results, pages, plan), (d, target, results, pages, plan)
        # taking a result away, or making it ×, never raises the claim
        if results:
            n = rnd.choice(sorted(results))
            for worse in ({**results, n: "fail"}, {k: v for k, v in results.items() if k != n}):
                w = declared(target, worse, pages, plan)
                assert _strength(w) <= _strength(d), (d, w)


# --- the YAML: good records, and bad ones as errors with file:line --------------------------------------

def _site(tmp_path: Path, yml: str) -> Path:
    site = tmp_path / "site"
    shutil.copytree(BASE, site)
    (site / "content" / "accessibility.yml").write_text(yml, encoding="utf-8")
    return site


def _errors(tmp_path: Path, yml: str) -> list[str]:
    with pytest.raises(DataError) as e:
        load_site(_site(tmp_path, yml))
    return [str(d) for d in e.value.diagnostics]


GOOD_RECORD = """\
  - criterion: 1.3.3
    result: 適合
    tester: 障害福祉課 ウェブ担当職員
    date: 2027-01-15
    method: 目視（Windows 11、Chrome 131）
"""
HEAD = "target: AA\nselection: 選択\npages:\n  - index.html\n  - directory/index.html\nplan: 残りを試験します。\ntests:\n"


def test_good_records_are_read(tmp_path):
    site = load_site(_site(tmp_path, HEAD + GOOD_RECORD + GOOD_RECORD.replace("1.3.3", "1.2.4").replace("適合", "適用なし")))
    a = site.accessibility
    assert [(r.criterion, r.result, r.pages) for r in a.records] == [
        ("1.3.3", "pass", ("index.html", "directory/index.html")),
        ("1.2.4", "na", ("index.html", "directory/index.html"))]
    assert a.selection == "chosen" and a.period[0] == a.period[1]


@pytest.mark.parametrize("case,yml,expected", [
    ("unknown criterion", HEAD + GOOD_RECORD.replace("1.3.3", "1.4.6"),
     "content/accessibility.yml:8:16: エラー: criterion「1.4.6」は使える値ではありません"),
    ("bad result", HEAD + GOOD_RECORD.replace("result: 適合", "result: たぶん"),
     "content/accessibility.yml:9:13: エラー: result「たぶん」は使える値ではありません"),
    ("twice", HEAD + GOOD_RECORD + GOOD_RECORD,
     "content/accessibility.yml:13:5: エラー: 達成基準 1.3.3 の記録が2つあります（8行目にもあります）。1つにまとめてください"
     " (criterion: one record per criterion)"),
    ("no tester", HEAD + GOOD_RECORD.replace("    tester: 障害福祉課 ウェブ担当職員\n", ""),
     "content/accessibility.yml:8:5: エラー: testsに必須の項目 tester がありません"),
    ("bad date", HEAD + GOOD_RECORD.replace("2027-01-15", "2027-02-30"),
     "content/accessibility.yml:11:11: エラー: date「2027-02-30」という日付は存在しません"),
    ("page not listed", HEAD + GOOD_RECORD + "    pages: [search/index.html]\n",
     "content/accessibility.yml:13:13: エラー: ページ「search/index.html」が、試験したページの一覧（pages）にありません"),
    ("bad page path", HEAD.replace("  - index.html", "  - /index.html") + GOOD_RECORD,
     "content/accessibility.yml:4:5: エラー: pages[1]「/index.html」はサイトの先頭からのページのパスで書いてください"),
    ("records without pages", "target: AA\ntests:\n" + GOOD_RECORD,
     "content/accessibility.yml:2:1: エラー: 人による試験の記録（tests）があるときは、試験したページ（pages）と"),
    ("bad target", "target: AAA\n",
     "content/accessibility.yml:1:9: エラー: target「AAA」は使える値ではありません"),
])
def test_a_bad_record_is_an_error_with_its_line(tmp_path, case, yml, expected):
    errors = _errors(tmp_path, yml)
    assert any(e.startswith(expected) for e in errors), (case, errors)


# --- the built pages ---------------------------------------------------------------------------------

def _page(site: Path):
    doc = parse(site / "accessibility" / "index.html")
    rows = doc.xpath("(//main//table[caption])[1]/tbody/tr")
    table = {text(r.xpath("./th")[0]): [text(td) for td in r.xpath("./td")] for r in rows}
    return doc, text(doc.xpath("//main")[0]), table


MARK = {"〇": "pass", "×": "fail", "－": "na"}


def _facts(doc) -> dict[str, str]:
    return {text(d.xpath("./dt")[0]): text(d.xpath("./dd")[0]) for d in doc.xpath("//main//dl/div")}


def _check_consistent(doc, table):
    """The page's own table backs the 対応度 it shows (the page is checked, not only the function)."""
    results = {n: MARK[cells[2]] for n, cells in table.items() if cells[2] in MARK}
    assert all(cells[2] in (*MARK, "未確認") and cells[1] in ("はい", "いいえ", "未確認") for cells in table.values())
    pages = tuple(doc.xpath("//ul[@class='tested-pages']/li/a/@href"))
    plan = any(text(h) == "今後の対応方針" for h in doc.xpath("//main//h3"))
    shown = text(doc.xpath("//*[@id='declared']")[0])
    level = re.search(r"適合レベル(AA|A)に", shown).group(1)
    degree = shown.rsplit("に", 1)[1]
    target = "AA" if len(table) == 38 else "A"
    assert _allowed(type("D", (), {"degree": degree, "level": level})(), target, results, pages, plan), shown
    return shown


def test_the_demo_shows_every_criterion_unchecked_and_claims_only_consideration(root_site: Path):
    doc, main, table = _page(root_site)
    assert [n for n in table] == [c.number for c in CRITERIA]
    assert all(cells[1:] == ["未確認", "未確認"] and "人による試験" not in cells[0] for cells in table.values())
    assert _check_consistent(doc, table) == "JIS X 8341-3:2016 の適合レベルAAに配慮"
    assert "目標とする適合レベル JIS X 8341-3:2016 の適合レベルAAに準拠すること" in main.replace("レベルJIS", "レベル JIS")
    assert "（WCAG 2.0 レベルA、WCAG 2.0 レベルAA、WCAG 2.1 レベルA、WCAG 2.1 レベルAA、WCAG 2.2 レベルAA、axe-core が勧める作り方（ベストプラクティス）の規則。" in main
    assert "axe-core 4.14.1" in main and "wcag21aa" in main and "このサイトのページを試験したものではありません" in main
    facts = _facts(doc)
    assert facts["試験実施期間"] == facts["試験したページの選び方"] == "人による試験は、まだ行っていません。"
    assert facts["依存したウェブコンテンツ技術"] == "HTML、CSS、JavaScript、SVG、PDF"  # charts; flyers and the form
    assert not re.search(r"test_\w+|tests/", main)  # no pytest names shown to citizens
    reference = {text(r.xpath("./th")[0]): text(r.xpath("./td")[0])
                 for r in doc.xpath("(//main//table[caption])[2]/tbody/tr")}
    assert text(doc.xpath("(//main//table)[2]/caption")[0]) == "達成基準ごとの、kyoten のテーマの自動試験（参考）"
    assert reference["1.1.1"].startswith("axe-core の規則 7件（aria-meter-name、")
    assert reference["1.3.3"] == "自動試験はありません（人による確認が必要です）"
    assert [a.get("href") for a in doc.xpath("//main//a[contains(@href, 'waic.jp')]")] == \
        ["https://waic.jp/docs/jis2016/compliance-guidelines/202104/"]
    assert "../accessibility/index.html" in doc.xpath("//footer//a/@href")


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("matsudo") / "site"
    assert build(ROOT / "examples" / "matsudo", out) == 0
    return out


def test_an_example_does_not_speak_for_the_city(example_site: Path):
    doc, main, table = _page(example_site)
    assert main.startswith("ウェブアクセシビリティ方針 方針 このサイト（kyoten による再現例）は、")
    assert "松戸市は" not in main and "障害福祉課まで" not in main
    assert all(cells[1:] == ["未確認", "未確認"] for cells in table.values())
    assert _check_consistent(doc, table) == "JIS X 8341-3:2016 の適合レベルAAに配慮"


@pytest.mark.parametrize("records,expected", [
    ({n: "適合" for n in A + AA}, "JIS X 8341-3:2016 の適合レベルAAに準拠"),
    ({**{n: "適合" for n in A}, AA[0]: "不適合"}, "JIS X 8341-3:2016 の適合レベルAAに一部準拠"),
    ({**{n: "適合" for n in A[1:] + AA}, A[0]: "不適合"}, "JIS X 8341-3:2016 の適合レベルAに一部準拠"),
])
def test_a_built_site_with_records_declares_what_they_allow(tmp_path, records, expected):
    yml = HEAD + "".join(GOOD_RECORD.replace("1.3.3", n).replace("適合", r) for n, r in records.items())
    out = tmp_path / "out"
    assert build(_site(tmp_path, yml), out) == 0
    doc, main, table = _page(out)
    assert _check_consistent(doc, table) == expected
    assert table[A[0]][1:] == ["はい", "×" if records[A[0]] == "不適合" else "〇"]
    assert table[A[0]][0] == "非テキストコンテンツ（A） 人による試験：目視（Windows 11、Chrome 131）（障害福祉課 ウェブ担当職員、令和9年1月15日）"
    facts = _facts(doc)
    assert (facts["試験実施期間"], facts["試験したページの選び方"]) == ("令和9年1月15日", "選択")
    assert facts["依存したウェブコンテンツ技術"] == "HTML、CSS、JavaScript"  # no chart, flyer or form here
    assert [(a.get("href"), a.text) for a in doc.xpath("//ul[@class='tested-pages']/li/a")] == [
        ("../index.html", "https://example.jp/mihon/index.html"),
        ("../directory/index.html", "https://example.jp/mihon/directory/index.html")]


def test_documented_axe_exceptions_are_listed_on_the_page(tmp_path, monkeypatch):
    from kyoten.pages import accessibility
    monkeypatch.setattr(accessibility, "EXCEPTIONS", (accessibility.AxeException(
        "target-size", ("2.5.8",), "地図の拡大・縮小のボタン", "地図の部品の大きさで、同じ操作は一覧からもできます"),))
    out = tmp_path / "out"
    assert build(_site(tmp_path, "target: AA\n"), out) == 0
    items = [text(li) for li in parse(out / "accessibility" / "index.html").xpath("//ul[@class='exceptions']/li")]
    assert items == ["target-size（達成基準 2.5.8）：地図の拡大・縮小のボタン。地図の部品の大きさで、同じ操作は一覧からもできます"]
