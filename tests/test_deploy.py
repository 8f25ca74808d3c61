"""kyoten deploy (issue 7): only after a clean strict build; folder = atomic swap; remote = rsync."""

from __future__ import annotations

import shutil
from pathlib import Path

from kyoten.tools.cli import main as kyoten
from kyoten.tools.deploy import is_remote, rsync_command

BASE = Path(__file__).resolve().parent / "data" / "bad" / "_base"


def test_deploy_to_a_folder_replaces_it_whole(tmp_path, capsys):
    site = shutil.copytree(BASE, tmp_path / "src")
    target = tmp_path / "www" / "kyoten"
    target.mkdir(parents=True)
    (target / "old.html").write_text("古いページ", encoding="utf-8")
    # a folder that is not a kyoten site is not replaced without --force
    assert kyoten(["deploy", str(site), "--to", str(target)]) == 2
    assert "kyoten が作っていないファイルがあります" in capsys.readouterr().err
    assert sorted(p.name for p in target.iterdir()) == ["old.html"]
    assert kyoten(["deploy", str(site), "--to", str(target), "--dry-run", "--force"]) == 0
    err = capsys.readouterr().err
    assert "削除: old.html" in err and "追加: index.html" in err and "何も変えていません" in err
    assert sorted(p.name for p in target.iterdir()) == ["old.html"]
    assert kyoten(["deploy", str(site), "--to", str(target), "--force"]) == 0
    assert not (target / "old.html").exists()
    (site / "providers.yaml").write_text((site / "providers.yaml").read_text(encoding="utf-8").replace(
        "見本ショートステイ", "見本短期入所"), encoding="utf-8")
    assert kyoten(["deploy", str(site), "--to", str(target)]) == 0  # now a kyoten site: no --force needed
    assert "見本短期入所" in (target / "providers" / "mihon-short" / "index.html").read_text(encoding="utf-8")
    assert (target / "index.html").read_bytes() == (site / "site" / "index.html").read_bytes()
    assert (target / "opendata" / "providers.csv").is_file()
    assert sorted(p.name for p in (tmp_path / "www").iterdir()) == ["kyoten"]  # no staging folder left


def test_deploy_refuses_after_a_failed_build(tmp_path, capsys):
    site = shutil.copytree(BASE, tmp_path / "src")
    (site / "providers.yaml").write_text("- name: x\n  role: 基幹センター\n  area: chuo\n", encoding="utf-8")
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_text("公開中のサイト", encoding="utf-8")
    assert kyoten(["deploy", str(site), "--to", str(target), "--force"]) == 1
    assert "ビルドが成功しなかったため、公開していません。" in capsys.readouterr().err
    assert (target / "index.html").read_text(encoding="utf-8") == "公開中のサイト"


def test_remote_targets_and_rsync_command():
    assert is_remote("kyoten@www.city.example.lg.jp:/var/www/html/kyoten")
    assert is_remote("web01:public_html/kyoten")
    assert not is_remote("/var/www/html/kyoten") and not is_remote("C:\\inetpub\\kyoten") and not is_remote("site")
    assert not is_remote("https://example.jp/")
    cmd = rsync_command(Path("/src/site"), "u@h:/var/www/kyoten", dry_run=True)
    assert cmd[0] == "rsync" and "--delete" in cmd and "--dry-run" in cmd and cmd[cmd.index("-e") + 1] == "ssh"
    assert cmd[-2:] == ["/src/site/", "u@h:/var/www/kyoten/"]
    assert "--dry-run" not in rsync_command(Path("/src/site"), "u@h:/x", dry_run=False)


def test_rsync_command_mirrors_a_folder(tmp_path, capsys):
    """The exact rsync command deploy runs, pointed at a local folder (rsync needs no SSH for that)."""
    import subprocess
    site = shutil.copytree(BASE, tmp_path / "src")
    assert kyoten(["build", str(site)]) == 0
    target = tmp_path / "www"
    target.mkdir()
    (target / "stale.html").write_text("消えるページ", encoding="utf-8")
    dry = subprocess.run(rsync_command(site / "site", str(target), dry_run=True), capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert "*deleting   stale.html" in dry.stdout and "index.html" in dry.stdout
    assert sorted(p.name for p in target.iterdir()) == ["stale.html"]
    r = subprocess.run(rsync_command(site / "site", str(target), dry_run=False), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    built = sorted(p.relative_to(site / "site").as_posix() for p in (site / "site").rglob("*") if p.is_file())
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == built
    assert (target / "index.html").read_bytes() == (site / "site" / "index.html").read_bytes()
    assert oct((target / "index.html").stat().st_mode & 0o777) == "0o644"
