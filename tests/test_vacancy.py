"""kyoten vacancy (issue 19): one provider's 空き状況 changes and nothing else; every value from an issue
form is checked, and a wrong one is a Japanese line with exit code 2 and an untouched providers.yaml."""

from __future__ import annotations

import datetime as dt
import difflib

import pytest

from conftest import ROOT, copy_site
from kyoten.model.site import load_site
from kyoten.tools.cli import main as kyoten
from kyoten.tools.vacancy import parse_issue_form

TODAY = dt.date.today().isoformat()


@pytest.fixture()
def site(tmp_path):
    return copy_site(ROOT, tmp_path / "site")


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def provider(site, pid):
    return next(p for p in load_site(site).providers if p.id == pid)


def test_adds_one_line_to_a_provider_without_vacancy(site, capsys):
    path = site / "providers.yaml"
    before = path.read_text(encoding="utf-8")
    old = {p.id: p for p in load_site(site).providers}
    assert kyoten(["vacancy", str(site), "--provider", "9900000004", "--beds", "2", "--date", TODAY]) == 0
    err = capsys.readouterr().err
    assert "空床2床" in err and "短期入所・緊急一時保護受託事業所として載っていません" in err  # 9900000004 is a 相談 office
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [f"+  vacancy: {{beds: 2, as_of: {TODAY}}}"]
    new = {p.id: p for p in load_site(site).providers}
    (pid,) = [i for i in new if new[i].vacancy != old[i].vacancy]
    assert new[pid].provider_number == "9900000004" and new[pid].vacancy.beds == 2
    assert new[pid].vacancy.as_of.isoformat() == TODAY


def test_replaces_only_the_vacancy_line_and_keeps_comments(site):
    path = site / "providers.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  vacancy: {beds: 1, as_of: 2026-11-20, note: 12月は年末年始の予約で埋まりやすくなります。}",
        "  # 空き状況は毎週金曜日に確かめます\n"
        "  vacancy: {beds: 1, as_of: 2026-11-20, note: 12月は年末年始の予約で埋まりやすくなります。}  # 事業所から電話")
    path.write_text(text, encoding="utf-8")
    assert kyoten(["vacancy", str(site), "--provider", "shootosutei-kaede", "--beds", "０", "--date", TODAY,
                   "--note", "女性のみ"]) == 0
    after = path.read_text(encoding="utf-8")
    assert changed_lines(text, after) == [
        "-  vacancy: {beds: 1, as_of: 2026-11-20, note: 12月は年末年始の予約で埋まりやすくなります。}  # 事業所から電話",
        f'+  vacancy: {{beds: 0, as_of: {TODAY}, note: "女性のみ"}}  # 事業所から電話']
    assert "# 空き状況は毎週金曜日に確かめます" in after
    v = provider(site, "shootosutei-kaede").vacancy
    assert (v.beds, v.note) == (0, "女性のみ")


def test_block_style_vacancy_keeps_its_form(site):
    path = site / "providers.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  vacancy: {beds: 1, as_of: 2026-11-20, note: 12月は年末年始の予約で埋まりやすくなります。}",
        "  vacancy:   # 事業所から\n    beds: 1\n    as_of: 2026-11-20\n    note: 12月は埋まりやすくなります。\n"
        "  # 次の行からは登録の情報")
    path.write_text(text, encoding="utf-8")
    assert kyoten(["vacancy", str(site), "--provider", "shootosutei-kaede", "--beds", "3", "--date", TODAY]) == 0
    assert changed_lines(text, path.read_text(encoding="utf-8")) == [
        "-    beds: 1", "-    as_of: 2026-11-20", "-    note: 12月は埋まりやすくなります。", "+    beds: 3", f"+    as_of: {TODAY}"]
    v = provider(site, "shootosutei-kaede").vacancy
    assert (v.beds, v.note, v.as_of.isoformat()) == (3, None, TODAY)


@pytest.mark.parametrize(("args", "message"), [
    (["--provider", "9999999999", "--beds", "1"], "「9999999999」の事業所はサイトにありません"),
    (["--provider", "no-such-place", "--beds", "1"], "「no-such-place」の事業所はサイトにありません"),
    (["--provider", "$(rm -rf ~)", "--beds", "1"], "10桁の事業所番号か、半角英数字の id で書いてください"),
    (["--provider", "9900000004", "--beds", "-1"], "空いている床数「-1」は 0〜999 の数字で書いてください"),
    (["--provider", "9900000004", "--beds", "1000"], "空いている床数「1000」は 0〜999 の数字で書いてください"),
    (["--provider", "9900000004", "--beds", "二"], "空いている床数「二」は 0〜999 の数字で書いてください"),
    (["--provider", "9900000004", "--beds", "1", "--date", "2026-13-01"], "日付として読めません"),
    (["--provider", "9900000004", "--beds", "1", "--date", "2999-01-01"], "先の日付です"),
    (["--provider", "9900000004", "--beds", "1", "--date", TODAY, "--note", "★"], "200文字までで書いてください"),
])
def test_a_wrong_value_is_one_japanese_line_and_nothing_is_written(site, capsys, args, message):
    before = (site / "providers.yaml").read_bytes()
    if "--date" not in args:
        args = [*args, "--date", TODAY]
    assert kyoten(["vacancy", str(site), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("エラー: ") and "Traceback" not in err
    assert (site / "providers.yaml").read_bytes() == before


def test_a_site_with_errors_is_not_touched(site, capsys):
    path = site / "providers.yaml"
    text = path.read_text(encoding="utf-8").replace("phone: 043-013-1481", "phone: 03-1234", 1)
    path.write_text(text, encoding="utf-8")
    assert kyoten(["vacancy", str(site), "--provider", "9900000004", "--beds", "1", "--date", TODAY]) == 1
    assert "先に kyoten validate で直してください" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text


ISSUE = f"""### 事業所番号またはID

９９００００００１３

### 空いている床数

1床

### いつの時点か

{TODAY}

### 補足

_No response_"""


def test_issue_form_body_as_github_writes_it(site, tmp_path, capsys):
    assert parse_issue_form(ISSUE) == {"provider": "９９００００００１３", "beds": "1床", "date": TODAY}
    body = tmp_path / "issue.md"
    body.write_text(ISSUE, encoding="utf-8")
    assert kyoten(["vacancy", str(site), "--issue-form", str(body)]) == 0
    v = provider(site, "shootosutei-kaede").vacancy
    assert (v.beds, v.note, v.as_of.isoformat()) == (1, None, TODAY)
    err = capsys.readouterr().err
    assert "ショートステイかえで" in err and "載っていません" not in err
    assert kyoten(["vacancy", str(site), "--issue-form", str(body)]) == 0  # the same again: nothing to change
    assert "変更はありません" in capsys.readouterr().err
    body.write_text(ISSUE.replace("1床", "たくさん"), encoding="utf-8")
    assert kyoten(["vacancy", str(site), "--issue-form", str(body)]) == 2
    body.write_text("### 空いている床数\n\n1", encoding="utf-8")
    assert kyoten(["vacancy", str(site), "--issue-form", str(body)]) == 2
    err = capsys.readouterr().err
    assert "事業所番号またはIDを書いてください" in err and "いつの時点かを書いてください" in err


def test_crlf_and_bom_stay(site):
    path = site / "providers.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert kyoten(["vacancy", str(site), "--provider", "9900000004", "--beds", "1", "--date", TODAY]) == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    assert changed_lines(text, raw.decode("utf-8-sig").replace("\r\n", "\n")) == [f"+  vacancy: {{beds: 1, as_of: {TODAY}}}"]


@pytest.mark.parametrize("slip", ["another_provider", "wrong_beds"])
def test_an_edit_that_changes_more_than_the_vacancy_is_not_written(site, capsys, monkeypatch, slip):
    """kyoten checks its own edit by loading the new text: were it ever to change another provider, or the
    vacancy to other than asked, nothing is written and exit code 1 says so."""
    from kyoten.tools import vacancy as mod

    edit = mod.edit_text

    def slipped(old, *args):
        new = edit(old, *args)
        if slip == "another_provider":
            return new.replace("043-037-2369", "043-037-2360", 1)
        return new.replace("beds: 0,", "beds: 9,", 1)

    monkeypatch.setattr(mod, "edit_text", slipped)
    path = site / "providers.yaml"
    before = path.read_bytes()
    assert "043-037-2369" in before.decode("utf-8")
    assert kyoten(["vacancy", str(site), "--provider", "shootosutei-kaede", "--beds", "0", "--date", TODAY]) == 1
    assert "空き状況だけを変えることができなかったため、何も書いていません" in capsys.readouterr().err
    assert path.read_bytes() == before
