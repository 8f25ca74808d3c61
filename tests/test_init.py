"""kyoten init (issue 7): a new city's folder builds at once, invents nothing, says what to fill in."""

from __future__ import annotations

import re

from conftest import build, parse
from kyoten.tools.cli import main as kyoten
from kyoten.tools.schemas import all_schemas, modeline


def test_init_builds_at_once_and_shows_only_the_given_number(tmp_path, capsys):
    new = tmp_path / "mihon"
    assert kyoten(["init", str(new), "--city", "見本町", "--code", "999997", "--phone", "0470-00-0000"]) == 0
    err = capsys.readouterr().err
    assert "site_config.yml の「★」の行を直す" in err and "kyoten import" in err
    cfg = (new / "site_config.yml").read_text(encoding="utf-8")
    assert cfg.splitlines()[0] == modeline("site_config.yml") and "★" in cfg and "sample_data: true" in cfg
    assert (new / "providers.yaml").read_text(encoding="utf-8").splitlines()[0] == modeline("providers.yaml")
    assert {p.name: p.read_text(encoding="utf-8") for p in (new / "schemas").iterdir()} == all_schemas()
    out = tmp_path / "out"
    assert build(new, out) == 0
    err = capsys.readouterr().err
    assert "夜間・休日の連絡先がありません" in err  # the warning tells them what is still missing
    assert "0事業所のサイトを作りました" in err
    for f in out.rglob("*.html"):
        html = f.read_text(encoding="utf-8")
        assert set(re.findall(r'href="tel:([^"]+)"', html)) <= {"0470000000", "0470-00-0000"}, f
    assert 'href="tel:0470000000"' in (out / "index.html").read_text(encoding="utf-8")
    home = parse(out / "index.html")
    assert "サンプル" in home.text_content()
    assert "見本町" in home.xpath("string(//title)")


def test_init_refuses_bad_code_missing_phone_and_used_folder(tmp_path, capsys):
    assert kyoten(["init", str(tmp_path / "a"), "--city", "見本町", "--code", "999990", "--phone", "0470-00-0000"]) == 2
    assert "全国地方公共団体コード「999990」が正しくありません" in capsys.readouterr().err
    assert kyoten(["init", str(tmp_path / "b"), "--city", "見本町", "--code", "999997"]) == 2
    assert "--phone に担当課の電話番号を書いてください" in capsys.readouterr().err
    assert kyoten(["init", str(tmp_path / "c"), "--city", "見本町", "--code", "999997", "--phone", "12345"]) == 2
    assert "電話番号の形式ではありません" in capsys.readouterr().err
    used = tmp_path / "used"
    used.mkdir()
    (used / "memo.txt").write_text("x", encoding="utf-8")
    assert kyoten(["init", str(used), "--city", "見本町", "--code", "999997", "--phone", "0470-00-0000"]) == 2
    assert "空ではありません" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists() and not (tmp_path / "c").exists()
