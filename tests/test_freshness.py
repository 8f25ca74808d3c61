"""Issue 10: 空き状況 with 時点 (fresh and stale against the data date), 更新日, and `kyoten diff`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ROOT, build, copy_site, parse, text
from kyoten.tools.cli import main as kyoten
from kyoten.model.site import load_site
from test_validation import CONFIG, GOOD, make_site

VACANCY = GOOD + "  vacancy: {beds: 2, as_of: 2026-11-20, note: 平日のみ}\n  emergency: {accepts: true}\n"


def _with_date(config: str, date: str) -> str:
    return config.replace('site: {base_url: "https://example.jp/kyoten"}',
                          f'site: {{base_url: "https://example.jp/kyoten", data_date: {date}}}')


def test_fresh_vacancy_shows_beds_and_date(tmp_path, capsys):
    site = make_site(tmp_path, VACANCY, _with_date(CONFIG, "2026-12-01"))
    assert kyoten(["build", str(site)]) == 0
    assert "警告" not in capsys.readouterr().err
    page = next((site / "site" / "providers").glob("*/index.html"))
    body = text(parse(page).xpath("//main")[0])
    assert "空床 2床（令和8年11月20日時点）" in body
    assert "古くなっている可能性" not in body


def test_stale_vacancy_is_marked_and_warned(tmp_path, capsys):
    site = make_site(tmp_path, VACANCY, _with_date(CONFIG, "2027-01-05"))  # 46 days later
    assert kyoten(["validate", str(site)]) == 0
    err = capsys.readouterr().err
    assert "providers.yaml:1:3: 警告:" in err and "30日より古く" in err
    assert kyoten(["build", str(site)]) == 0
    page = next((site / "site" / "providers").glob("*/index.html"))
    body = text(parse(page).xpath("//main")[0])
    assert "空床 2床（令和8年11月20日時点）" in body
    assert "最新の状況はお電話でご確認ください" in body
    # stale_after_days is the city's choice
    (tmp_path / "b").mkdir()
    site2 = make_site(tmp_path / "b", VACANCY, _with_date(CONFIG, "2027-01-05").replace(
        "data_date: 2027-01-05", "data_date: 2027-01-05, stale_after_days: 60"))
    assert not load_site(site2).is_stale(load_site(site2).providers[0])


def test_directory_filters_emergency_acceptance(root_site: Path):
    site = load_site(ROOT)
    doc = parse(root_site / "providers" / "emergency" / "index.html")
    listed = {text(a) for a in doc.xpath('//*[contains(@class,"provider-card__name")]/a')}
    assert listed == {p.name for p in site.providers if p.emergency and p.emergency.accepts}
    directory = parse(root_site / "providers" / "index.html")
    assert directory.xpath('//*[@data-facet="emergency"]//a[@data-value="accepts"]')


def _git(repo: Path, *args: str, date: str = "2026-04-01T10:00:00+09:00") -> str:
    """git in a test repository, with a fixed author and commit date."""
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.jp", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example.jp", "PATH": "/usr/bin:/bin",
                               "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}).stdout


def _committed_demo(tmp_path: Path) -> tuple[Path, Path]:
    """A git repository holding a copy of the demo city in `city/`, committed once (2026-04-01)."""
    repo = tmp_path / "repo"
    site = copy_site(ROOT, repo / "city")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    return repo, site


def test_updated_date_comes_from_git_history_per_provider(tmp_path):
    repo, site = _committed_demo(tmp_path)
    yaml_ = (site / "providers.yaml").read_text(encoding="utf-8")
    (site / "providers.yaml").write_text(yaml_.replace("hours: 月〜土 9:00〜18:00", "hours: 月〜金 9:00〜18:00", 1),
                                         encoding="utf-8")
    _git(repo, "commit", "-qam", "second", date="2026-05-12T10:00:00+09:00")
    loaded = load_site(site)
    dates = {p.name: loaded.provider_updated(p) for p in loaded.providers}
    assert sorted(set(map(str, dates.values()))) == ["2026-04-01", "2026-05-12"]
    assert list(dates.values()).count(__import__("datetime").date(2026, 5, 12)) == 1
    out = tmp_path / "out"
    assert build(site, out) == 0
    newest = next(p for p, d in dates.items() if str(d) == "2026-05-12")
    pid = next(p.id for p in loaded.providers if p.name == newest)
    assert "更新日：令和8年5月12日" in text(parse(out / "providers" / pid / "index.html").xpath("//main")[0])
    other = next(p.id for p in loaded.providers if p.name != newest)
    assert "更新日：令和8年4月1日" in text(parse(out / "providers" / other / "index.html").xpath("//main")[0])


def test_diff_between_two_revisions_names_each_change(tmp_path, capsys):
    repo, site = _committed_demo(tmp_path)
    yaml_ = (site / "providers.yaml").read_text(encoding="utf-8")
    first_block_end = yaml_.index("\n\n", yaml_.index("- id: kaede-kikan-hokubu"))
    yaml_ = yaml_.replace("phone: 043-001-1037", "phone: 043-001-2222", 1)  # 楓市中央基幹相談支援センター
    yaml_ = yaml_[:first_block_end] + ("\n\n- id: new-one\n  name: 新しい相談室\n  role: 拠点等登録事業所\n  area: tobu\n"
                                      "  phone: 043-005-1234\n  after_hours_phone: 090-0000-1234\n"
                                      "  functions: [相談]\n  services: [計画相談支援]\n"
                                      "  emergency: {accepts: true}\n") + yaml_[first_block_end:]
    start = yaml_.index("- name: やまびこ荘")
    yaml_ = yaml_[:start] + yaml_[yaml_.index("\n\n", start) + 2:]  # remove やまびこ荘
    (site / "providers.yaml").write_text(yaml_, encoding="utf-8")
    (site / "content" / "reports").mkdir(exist_ok=True)
    (site / "content" / "reports" / "2031.yml").write_text("title: 令和13年度\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "second")
    assert kyoten(["diff", "HEAD~1", "HEAD", "--site", str(site)]) == 0
    md = capsys.readouterr().out
    assert "追加 1件、削除 1件、変更 1件" in md
    assert "- 新しい相談室（拠点等登録事業所、id: `new-one`）" in md
    for row in ("| 地区 | 東部地区 |", "| 電話 | 043-005-1234 |", "| 夜間・休日の電話 | 090-0000-1234 |",
                "| 担う機能 | 相談 |", "| サービス | 計画相談支援 |", "| 緊急時の受入れ | 受入れあり |"):
        assert "  " + row in md, row  # issue 19: what a reviewer checks of an added 事業所
    assert "- やまびこ荘" in md
    assert "| 電話 | 043-001-1037 | 043-001-2222 |" in md
    assert "- 追加：`content/reports/2031.yml`（運用状況の報告）" in md
    # two folders work too, and an unknown revision is a usage error
    assert kyoten(["diff", str(ROOT), str(ROOT)]) == 0
    assert "データに変更はありません。" in capsys.readouterr().out
    assert kyoten(["diff", "nope", "HEAD", "--site", str(site)]) == 2
