"""Issue 15: the 加算 table is data with sources. A units figure is published only with its 出典 and 時点; a
加算 nobody could check names where to check it; documents are names, URLs or files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_site, parse, text
from kyoten.model.site import load_site
from kyoten.model.source import DataError

ROW_HEAD = textwrap.dedent("""\
    additions:
      - name: 地域生活支援拠点等機能強化加算
        services: 計画相談支援
    """)


def _site_with(tmp_path: Path, additions: str, documents: str = "documents: [登録届出書]\n") -> Path:
    site = copy_site(ROOT, tmp_path / "site")
    fp = site / "content" / "for-providers.yml"
    body = fp.read_text(encoding="utf-8")
    start, end = body.index("additions:"), body.index("steps:")
    body = body[:start] + additions + body[end:]
    start, end = body.index("documents:"), body.index("benefits:")
    fp.write_text(body[:start] + documents + body[end:], encoding="utf-8")
    return site


def _errors(site: Path) -> list[str]:
    try:
        load_site(site)
    except DataError as e:
        return [str(d) for d in e.diagnostics]
    return []


def _line_of(site: Path, needle: str) -> int:
    lines = (site / "content" / "for-providers.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if needle in ln)


def test_units_without_a_source_are_refused_with_file_and_line(tmp_path):
    site = _site_with(tmp_path, ROW_HEAD + "    units: 500単位／月\n    as_of: 令和6年4月1日\n")
    errs = _errors(site)
    line = _line_of(site, "units: 500単位")
    assert len(errs) == 1 and errs[0].startswith(f"content/for-providers.yml:{line}:5: エラー:"), errs
    assert "出典" in errs[0] and "(units: units need source)" in errs[0]


def test_units_without_their_time_are_refused(tmp_path):
    site = _site_with(tmp_path, ROW_HEAD + "    units: 500単位／月\n    source: {title: 報酬算定構造, kind: 告示}\n")
    errs = _errors(site)
    assert len(errs) == 1 and "時点" in errs[0] and "units need as_of" in errs[0], errs


def test_a_row_without_units_must_say_where_to_check(tmp_path):
    errs = _errors(_site_with(tmp_path, ROW_HEAD))
    assert len(errs) == 1 and "check_in" in errs[0], errs
    assert _errors(_site_with(tmp_path / "b", ROW_HEAD + "    check_in: {title: 報酬告示}\n")) == []


def test_a_document_file_must_exist_under_content(tmp_path):
    docs = "documents:\n  - {title: 届出書, file: files/todokede.xlsx}\n  - {title: 要綱, url: 'https://example.jp/yoko'}\n"
    site = _site_with(tmp_path, "", docs)
    errs = _errors(site)
    assert len(errs) == 1 and "files/todokede.xlsx" in errs[0] and errs[0].startswith("content/for-providers.yml:"), errs
    (site / "content" / "files").mkdir()
    (site / "content" / "files" / "todokede.xlsx").write_bytes(b"PK\x03\x04")
    assert _errors(site) == []
    out = tmp_path / "out"
    assert build(site, out) == 0
    doc = parse(out / "for-providers" / "index.html")
    assert [text(a) for a in doc.xpath('//main//a[@href="../files/todokede.xlsx"]')] == ["届出書"]
    assert doc.xpath('//main//a[@href="https://example.jp/yoko"]')
    assert (out / "files" / "todokede.xlsx").exists()


def test_every_published_units_figure_shows_its_source_and_time(root_site):
    fp = load_site(ROOT).guidance.for_providers
    doc = parse(root_site / "for-providers" / "index.html")
    rows = doc.xpath('//table[caption[contains(., "加算")]]/tbody/tr')
    assert len(rows) == len(fp["additions"]) >= 6
    names = [text(r.xpath("./th")[0]) for r in rows]
    for want in ("地域生活支援拠点等機能強化加算", "緊急時対応加算", "緊急時支援加算", "短期入所", "日中活動系"):
        assert any(want in n for n in names), want
    for row, a in zip(rows, fp["additions"]):
        units, source = text(row.xpath("./td")[1]), text(row.xpath("./td")[3])
        if a.get("units"):
            assert units == a["units"] and f"出典：{a['source']['title']}" in source and f"時点：{a['as_of']}" in source
            if a["source"]["kind"] == "commentary":
                assert "告示・通知ではなく" in source
        else:
            assert "このサイトでは確かめていません" in units and row.xpath("./td[2]//a/@href") == [a["check_in"]["url"]]
            assert not any(c.isdigit() and "単位" in units for c in units)  # no number where none was checked
