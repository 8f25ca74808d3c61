"""kyoten deploy: publish the site only after a clean, strict build.

To a folder: the same output guard as `build` (output.py); the new site is copied next to the target and
exchanged with it atomically (a reader never sees half a site; on failure the old site stays). To `user@host:path`: rsync over SSH.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys
from pathlib import Path

from kyoten.tools.exits import EXIT_DATA, EXIT_OK, EXIT_USAGE
_REMOTE = re.compile(r"^(?:[^@/\s:]+@)?[A-Za-z0-9.\-]+:(?!//)")  # user@host:path or host:path, not C:\ or URLs


def is_remote(target: str) -> bool:
    return bool(_REMOTE.match(target)) and not re.match(r"^[A-Za-z]:[\\/]", target)


def rsync_command(built: Path, target: str, dry_run: bool) -> list[str]:
    """The rsync command line: mirror the built folder (deleting what the site no longer has)."""
    cmd = ["rsync", "--recursive", "--links", "--times", "--compress", "--delete", "--checksum",
           "--chmod=D755,F644", "--itemize-changes", "-e", "ssh"]
    if dry_run:
        cmd.append("--dry-run")
    return cmd + [str(built).rstrip("/") + "/", target.rstrip("/") + "/"]


def _changes(built: Path, target: Path) -> tuple[list[str], list[str], list[str]]:
    new = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    old = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} if target.is_dir() else set()
    added = sorted(new - old)
    removed = sorted(old - new)
    changed = sorted(f for f in new & old if not filecmp.cmp(built / f, target / f, shallow=False))
    return added, changed, removed


def deploy_local(site_dir: Path, built: Path, target: Path, dry_run: bool, force: bool = False) -> int:
    from kyoten.render.output import OutputRefused, check_output, new_folder, output_lock, replace

    if not target.resolve().parent.is_dir():
        print(f"エラー: {target.resolve().parent} というフォルダがありません (the target's parent folder must exist)",
              file=sys.stderr)
        return EXIT_USAGE
    try:  # the same guard as build's output folder (issue 14)
        target = check_output(site_dir, target, force, what="公開先")
    except OutputRefused as e:
        print(f"エラー: {e}", file=sys.stderr)
        return EXIT_USAGE
    added, changed, removed = _changes(built, target)
    print(f"{target}: 追加{len(added)}件、更新{len(changed)}件、削除{len(removed)}件", file=sys.stderr)
    if dry_run:
        for label, files in (("追加", added), ("更新", changed), ("削除", removed)):
            for f in files:
                print(f"  {label}: {f}", file=sys.stderr)
        print("（--dry-run のため、何も変えていません）", file=sys.stderr)
        return EXIT_OK
    with output_lock(target):
        staged: Path | None = new_folder(target)
        try:
            shutil.copytree(built, staged, dirs_exist_ok=True, symlinks=True)
            replace(staged, target)
            staged = None
        finally:
            if staged is not None:
                shutil.rmtree(staged, ignore_errors=True)
    print(f"公開しました: {target}", file=sys.stderr)
    return EXIT_OK


def deploy_remote(built: Path, target: str, dry_run: bool) -> int:
    if shutil.which("rsync") is None:
        print("エラー: rsync が見つかりません。rsync をインストールしてください (apt-get install rsync)", file=sys.stderr)
        return EXIT_USAGE
    cmd = rsync_command(built, target, dry_run)
    print("$ " + " ".join(cmd), file=sys.stderr)
    r = subprocess.run(cmd)
    if r.returncode != 0:
        print(f"エラー: rsync が失敗しました（終了コード {r.returncode}）。公開先の一部だけが更新された可能性があります。"
              "もう一度実行してください", file=sys.stderr)
        return EXIT_DATA
    print("（--dry-run のため、何も送っていません）" if dry_run else f"公開しました: {target}", file=sys.stderr)
    return EXIT_OK


def run_deploy(site_dir: Path, target: str, dry_run: bool, force: bool = False) -> int:
    from kyoten.tools.build import build

    if not (site_dir / "site_config.yml").is_file():
        print(f"{site_dir}: site_config.yml がありません。サイトのフォルダを指定してください (not a site folder)",
              file=sys.stderr)
        return EXIT_USAGE
    if not is_remote(target):  # refuse a wrong target before the build, not after it
        from kyoten.render.output import OutputRefused, check_output
        try:
            check_output(site_dir, Path(target), force, what="公開先")
        except OutputRefused as e:
            print(f"エラー: {e}", file=sys.stderr)
            return EXIT_USAGE
    built = site_dir / "site"
    code = build(site_dir, built, strict=True)
    if code != 0:
        print("ビルドが成功しなかったため、公開していません。", file=sys.stderr)
        return code
    if is_remote(target):
        return deploy_remote(built.resolve(), target, dry_run)
    return deploy_local(site_dir, built.resolve(), Path(target), dry_run, force)
