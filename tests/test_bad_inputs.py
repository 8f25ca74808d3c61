"""The bad-input corpus (issue 7): malformed and hostile site data in tests/data/bad/<case>/.

Each case folder holds only the file(s) that differ from the shared good base `_base/` (a file named
REMOVE lists base files to delete) and `expected.txt`: the exact stderr of `kyoten build`, i.e. every
`FILE:LINE:COL: エラー: …` line and the summary. Each must exit 1, print exactly that, never a traceback,
and leave the previous site/ untouched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build, parse

from kyoten.render.output import MARK, MARK_TEXT

BAD = Path(__file__).resolve().parent / "data" / "bad"
BASE = BAD / "_base"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_"))
OVERLAY_SKIP = {"expected.txt", "REMOVE"}


def make_case(case: str, dst: Path) -> Path:
    """The base site with the case's files laid over it."""
    shutil.copytree(BASE, dst)
    src = BAD / case
    for f in sorted(src.rglob("*")):
        rel = f.relative_to(src)
        if f.is_file() and rel.as_posix() not in OVERLAY_SKIP:
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dst / rel)
    if (src / "REMOVE").exists():
        for name in (src / "REMOVE").read_text(encoding="utf-8").split():
            (dst / name).unlink()
    return dst


def _previous_site(out: Path) -> dict[str, bytes]:
    out.mkdir(parents=True)
    (out / MARK).write_text(MARK_TEXT, encoding="utf-8")  # a site kyoten made: build may replace it
    (out / "index.html").write_text("<p>前回のサイト</p>\n", encoding="utf-8")
    return _snapshot(out)


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_corpus_is_large_enough():
    assert len(CASES) >= 40
    for case in CASES:
        assert (BAD / case / "expected.txt").is_file(), case


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_exactly(case, tmp_path, capsys):
    site = make_case(case, tmp_path / "src")
    out = tmp_path / "site"
    before = _previous_site(out)
    try:
        code = build(site, out)
    except BaseException as e:  # a traceback would reach the city staff: that is the bug
        pytest.fail(f"{case}: {type(e).__name__}: {e}")
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    expected = (BAD / case / "expected.txt").read_text(encoding="utf-8")
    assert err == expected
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]  # no temp folder left behind


@pytest.mark.parametrize("case", ["yaml-alias-bomb", "yaml-deep-nesting", "encoding-utf16-notepad"])
def test_hostile_cases_through_the_real_command(case, tmp_path):
    """The installed command in a fresh process: exit 1, the expected text, no traceback."""
    site = make_case(case, tmp_path / "src")
    r = subprocess.run([sys.executable, "-m", "kyoten.tools.cli", "validate", str(site)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    want = [line for line in (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines() if ": エラー: " in line]
    assert [line for line in r.stderr.splitlines() if ": エラー: " in line] == want


def test_hundred_megabyte_file_is_refused_before_reading(tmp_path, capsys):
    site = shutil.copytree(BASE, tmp_path / "src")
    big = site / "providers.yaml"
    line = b"- {id: x, name: \xe8\xa6\x8b\xe6\x9c\xac, role: \xe7\x9b\xb8\xe8\xab\x87, area: chuo}\n"
    with big.open("wb") as f:
        for _ in range(100 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    size = big.stat().st_size
    assert size >= 100 * 1024 * 1024
    out = tmp_path / "site"
    before = _previous_site(out)
    assert build(site, out) == 1
    err = capsys.readouterr().err
    assert err == (f"providers.yaml:1:1: エラー: ファイルが大きすぎます（{size:,}バイト）。32MB以下にしてください"
                   f" (file: at most {32 * 1024 * 1024} bytes)\n1件のエラーがあります。サイトは作られていません。\n")
    assert _snapshot(out) == before


# --- accepted inputs that look suspicious -------------------------------------------------------------

def test_utf8_bom_is_accepted(tmp_path):
    """Windows Notepad writes a UTF-8 BOM; it is accepted silently (source.read_text)."""
    site = shutil.copytree(BASE, tmp_path / "src")
    for name in ("providers.yaml", "site_config.yml", "content/functions.yml"):
        p = site / name
        p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    assert build(site, tmp_path / "out") == 0
    assert "見本基幹相談支援センター" in (tmp_path / "out" / "providers" / "mihon-kikan" / "index.html").read_text("utf-8")


def test_script_in_names_comes_out_escaped(tmp_path, capsys):
    site = shutil.copytree(BASE, tmp_path / "src")
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    p = site / "providers.yaml"
    text = p.read_text(encoding="utf-8").replace("name: 見本基幹相談支援センター", f"name: '{evil}'")
    text = text.replace("  phone: 043-000-3333\n", f"  phone: 043-000-3333\n  note: '{evil}'\n  hours: '\"><svg onload=alert(1)>'\n")
    p.write_text(text, encoding="utf-8")
    cfg = site / "site_config.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("name: 障害福祉課", "name: '<b>障害福祉課</b>'"), encoding="utf-8")
    out = tmp_path / "out"
    assert build(site, out) == 0
    for f in out.rglob("*.html"):
        doc = parse(f)
        assert not [s for s in doc.iter("script") if "alert" in (s.text or "")], f
        assert not doc.xpath("//img[@onerror] | //svg[@onload] | //*[@onload] | //b[text()='障害福祉課']"), f
        raw = f.read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<svg onload" not in raw, f
    page = out / "providers" / "mihon-kikan" / "index.html"
    assert "&lt;script&gt;alert(" in page.read_text(encoding="utf-8")
    assert evil in parse(page).xpath("string(//h1)")
    # the open data carry the text as data, the map's GeoJSON as a JSON string
    import json
    geo = json.loads((out / "opendata" / "providers.geojson").read_text(encoding="utf-8"))
    assert geo["features"][0]["properties"]["name"] == evil


def test_formula_in_names_does_not_run_in_excel(tmp_path):
    """CSV injection: a cell starting with = + - @ is written with a leading ' in providers.csv."""
    import csv
    import io
    import json
    site = shutil.copytree(BASE, tmp_path / "src")
    p = site / "providers.yaml"
    formula = '=HYPERLINK("https://example.invalid/","開く")'
    text = p.read_text(encoding="utf-8").replace("name: 見本基幹相談支援センター", f"name: '{formula}'")
    p.write_text(text.replace("  phone: 043-000-3333\n", "  phone: 043-000-3333\n  note: '@SUM(1+1)'\n"), encoding="utf-8")
    out = tmp_path / "out"
    assert build(site, out) == 0
    rows = {r["ID"]: r for r in csv.DictReader(io.StringIO(
        (out / "opendata" / "providers.csv").read_text(encoding="utf-8-sig"), newline=""))}
    assert rows["mihon-kikan"]["名称"] == "'" + formula and rows["mihon-kikan"]["備考"] == "'@SUM(1+1)"
    assert rows["mihon-kikan"]["緯度"] == "35.7"
    doc = json.loads((out / "opendata" / "providers.json").read_text(encoding="utf-8"))
    assert next(r for r in doc["providers"] if r["ID"] == "mihon-kikan")["名称"] == formula


@pytest.mark.browser
def test_script_in_names_never_runs_in_a_browser(tmp_path, chromium):
    """The hostile names are shown as text; no dialog opens on the pages that show them."""
    site = shutil.copytree(BASE, tmp_path / "src")
    p = site / "providers.yaml"
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    p.write_text(p.read_text(encoding="utf-8").replace("name: 見本基幹相談支援センター", f"name: '{evil}'"),
                 encoding="utf-8")
    out = tmp_path / "out"
    assert build(site, out) == 0
    context = chromium.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for rel in ("index.html", "providers/index.html", "providers/mihon-kikan/index.html", "areas/chuo/index.html",
                    "functions/consultation/index.html"):
            page.goto((out / rel).as_uri())
            page.wait_for_load_state("load")
            if rel.startswith("providers/mihon"):
                assert page.locator("h1").inner_text() == evil
        assert dialogs == []
    finally:
        context.close()
