"""Issue 14: no command destroys the city's repository, publishes a file of the build machine or answers
bad input with a traceback. One test (or a few) per numbered problem of the issue; each failed on the
main of that day."""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, build, kyoten

from kyoten.render.output import MARK, replace, new_folder, sweep

BASE = ROOT / "tests" / "data" / "bad" / "_base"
PY = [sys.executable, "-m", "kyoten.tools.cli"]


@pytest.fixture()
def site(tmp_path) -> Path:
    return shutil.copytree(BASE, tmp_path / "city")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- 1. build -d OUT deleted whatever OUT was -------------------------------------------------------

@pytest.mark.parametrize("out", [".", "content", "..", "providers.yaml", "content/sub", ".git"])
def test_build_refuses_the_site_folder_its_data_and_what_contains_it(site, out, capsys):
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = _tree(site.parent)
    assert build(site, site / out) == 2
    err = capsys.readouterr().err
    assert "エラー:" in err and "Traceback" not in err and str((site / out).resolve()) in err
    assert _tree(site.parent) == before  # nothing deleted, nothing written


def test_build_refuses_a_folder_of_another_application_unless_forced(site, tmp_path, capsys):
    www = tmp_path / "www"
    www.mkdir()
    (www / "other-app.php").write_text("<?php ?>")
    (www / ".htaccess").write_text("Deny from all")
    assert build(site, www) == 2
    assert "kyoten が作っていないファイルがあります" in capsys.readouterr().err
    assert sorted(p.name for p in www.iterdir()) == [".htaccess", "other-app.php"]
    plain = tmp_path / "file.txt"
    plain.write_text("a file")
    assert build(site, plain) == 2 and plain.read_text() == "a file"
    assert "ファイルです" in capsys.readouterr().err
    assert build(site, www, "--force") == 0  # said on purpose
    assert (www / "index.html").is_file() and not (www / "other-app.php").exists()
    assert build(site, www) == 0  # now kyoten's own: replaced without --force


def test_force_never_replaces_root_home_or_the_current_folder(site, tmp_path, monkeypatch, capsys):
    work = tmp_path / "work"
    (work / "inner").mkdir(parents=True)
    (work / "keep.txt").write_text("keep")
    monkeypatch.chdir(work / "inner")
    for out in ("/", str(Path.home()), str(work)):
        assert build(site, Path(out), "--force") == 2
        err = capsys.readouterr().err
        assert "書き出しません" in err if out == "/" else "--force を付けても置き換えません" in err
    assert (work / "keep.txt").read_text() == "keep"


def test_deploy_refuses_the_site_folder(site, capsys):
    before = _tree(site)
    assert kyoten(["deploy", str(site), "--to", str(site), "--force"]) == 2
    assert "サイトのフォルダ" in capsys.readouterr().err
    assert _tree(site) == before


# --- 2. symlinks were followed and published ----------------------------------------------------------

@pytest.mark.parametrize("name,target", [
    ("content/env.txt", "/proc/self/environ"),
    ("content/leak.txt", "/etc/passwd"),
    ("content/dir", "../../outside"),
    ("content/page.md", "../../secret.txt"),
    ("providers.yaml", "../secret.txt"),
])
def test_symlinks_are_refused_not_published(site, tmp_path, name, target, capsys):
    (tmp_path / "secret.txt").write_text("SECRET=hunter2\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "key.txt").write_text("SECRET=hunter2\n")
    link = site / name
    if link.exists():
        link.unlink()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    out = tmp_path / "out"
    assert build(site, out) == 1
    err = capsys.readouterr().err
    assert f"{name}:1:1: エラー: シンボリックリンクです" in err
    assert not out.exists()
    assert kyoten(["validate", str(site)]) == 1  # validate says the same, before any build


def test_special_files_are_refused_without_hanging(site, tmp_path, capsys):
    os.mkfifo(site / "content" / "pipe.md")  # reading a FIFO would block for ever
    (site / "content" / "functions.yml").unlink()
    os.mkfifo(site / "content" / "functions.yml")
    assert kyoten(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert "content/functions.yml:1:1: エラー: 普通のファイルではなく" in err
    assert "content/pipe.md:1:1: エラー: 普通のファイルではなくデバイスやFIFOなどの特殊なファイルです" in err


def test_a_data_file_that_is_a_folder_or_points_at_dev_zero(site, capsys):
    (site / "providers.yaml").unlink()
    (site / "providers.yaml").mkdir()
    assert kyoten(["validate", str(site)]) == 1
    assert "providers.yaml:1:1: エラー: 普通のファイルではなくフォルダです" in capsys.readouterr().err
    (site / "providers.yaml").rmdir()
    (site / "providers.yaml").symlink_to("/dev/zero")  # read until memory runs out, before
    assert kyoten(["validate", str(site)]) == 1
    assert "シンボリックリンクです" in capsys.readouterr().err


# --- 3. two pages, one address --------------------------------------------------------------------

@pytest.mark.parametrize("pid", ["emergency", "services", "page", "con", "aux", "nul"])
def test_reserved_and_device_names_cannot_be_ids(site, pid, capsys):
    text = (site / "providers.yaml").read_text(encoding="utf-8").replace("id: mihon-short", f"id: {pid}")
    (site / "providers.yaml").write_text(text, encoding="utf-8")
    assert kyoten(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"providers.yaml:8:7: エラー: id「{pid}」は" in err and "使えません" in err


def test_a_generated_id_equal_to_a_listing_folder_is_refused(site, capsys):
    text = (site / "providers.yaml").read_text(encoding="utf-8").replace(
        "- id: mihon-short\n  name: 見本ショートステイ\n", "- name: Emergency\n")
    (site / "providers.yaml").write_text(text, encoding="utf-8")
    assert kyoten(["validate", str(site)]) == 1
    assert "id「emergency」はサイトの一覧ページが使うフォルダ名なので使えません（名前から作ったidです" in capsys.readouterr().err


# --- 4. tracebacks instead of Japanese errors -------------------------------------------------------

def _no_traceback(r: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in r.stderr, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    return "\n".join(lines)


def test_areas_left_empty_is_an_error(site, capsys):
    text = (site / "site_config.yml").read_text(encoding="utf-8")
    start, end = text.index("areas:"), text.index("contacts:")
    (site / "site_config.yml").write_text(text[:start] + "areas:\n" + text[end:], encoding="utf-8")
    assert kyoten(["validate", str(site)]) == 1
    assert "site_config.yml:8:1: エラー: areas が空です" in capsys.readouterr().err


@pytest.mark.parametrize("encoding,message", [("cp932", "Shift_JIS"), ("utf-16", "UTF-16")])
def test_markdown_in_another_encoding_is_an_error_in_validate_and_build(site, tmp_path, encoding, message, capsys):
    (site / "content" / "about.md").write_bytes("# このサイトについて\n\n本文です。\n".encode(encoding))
    assert kyoten(["validate", str(site)]) == 1
    assert f"content/about.md:1:1: エラー: 文字コードが{message}" in capsys.readouterr().err
    assert build(site, tmp_path / "out") == 1


def test_front_matter_is_read_like_yaml(site, tmp_path, capsys):
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n# 本文\n"
    (site / "content" / "bomb.md").write_text(bomb, encoding="utf-8")
    (site / "content" / "tpl.md").write_text("---\ntemplate: ../../etc/passwd\n---\n# 本文\n", encoding="utf-8")
    (site / "content" / "js.md").write_text("# 本文\n\n[押してください](javascript:alert(1))\n", encoding="utf-8")
    t0 = time.monotonic()
    assert kyoten(["validate", str(site)]) == 1
    assert time.monotonic() - t0 < 10  # 78 s and 3.2 GB before
    err = capsys.readouterr().err
    assert "content/bomb.md:2:4: エラー: YAMLのアンカー" in err
    assert "content/tpl.md:2:11: エラー: テンプレート「../../etc/passwd」はテーマにも overrides/ にもありません" in err
    assert "content/js.md:3:11: エラー: 「javascript:」で始まるリンクは使えません" in err
    assert build(site, tmp_path / "out") == 1


def test_a_broken_override_template_is_one_line(site, tmp_path):
    (site / "overrides").mkdir()
    (site / "overrides" / "base.html").write_text('<!doctype html>\n{% block content %}\n{{ oops(\n')
    r = subprocess.run([*PY, "build", str(site), "-d", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    err = _no_traceback(r)
    assert "テンプレートの書き方に誤りがあります" in err and "overrides/base.html:3" in err


def test_a_file_size_limit_is_one_line_and_leaves_the_previous_site(site, tmp_path):
    out = tmp_path / "out"
    assert build(site, out) == 0
    before = _tree(out)

    def limit():  # ulimit -f: 64 KB per file
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    r = subprocess.run([*PY, "build", str(site), "-d", str(out)], capture_output=True, text=True, timeout=120,
                       preexec_fn=limit)
    assert r.returncode == 3, r.stderr
    assert "ファイルの大きさの上限を超えました" in _no_traceback(r)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city", "out"]


def test_an_os_error_is_one_line_with_exit_3(site, tmp_path, monkeypatch, capsys):
    import kyoten.render.output as output

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "out"))

    monkeypatch.setattr(output, "replace", full)
    monkeypatch.setattr("kyoten.tools.build.replace", full)
    assert build(site, tmp_path / "out") == 3
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("エラー:") and "ディスクの空きがありません" in err and "ENOSPC" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city"]  # the temp folder was removed


def test_serve_on_a_busy_port_or_a_port_out_of_range(site):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = subprocess.run([*PY, "serve", str(site), "-p", str(port)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 3 and "そのポートは別のプログラムが使っています" in _no_traceback(r)
    r = subprocess.run([*PY, "serve", str(site), "-p", "70000"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "1〜65535" in _no_traceback(r)


def test_a_huge_csv_cell_in_import_is_an_error(tmp_path):
    csv = tmp_path / "list.csv"
    csv.write_text('事業所名,電話番号\n"' + "あ" * 200_000 + '",043-000-1111\n', encoding="utf-8")
    r = subprocess.run([*PY, "import", str(csv)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert "list.csv:2: CSVとして読めません" in _no_traceback(r)


def _slow_site(tmp_path: Path, n: int = 600) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import make_site

    return make_site(tmp_path / "big", n)


@pytest.fixture(scope="module")
def slow_site(tmp_path_factory) -> Path:
    return _slow_site(tmp_path_factory.mktemp("slow"), 5000)  # about 5 s to build on 2 cores


@pytest.mark.parametrize("sig,code,word", [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")])
def test_interrupt_is_one_line_and_leaves_nothing(slow_site, tmp_path, sig, code, word):
    site = slow_site
    out = tmp_path / "out"
    p = subprocess.Popen([*PY, "build", str(site), "-d", str(out)], stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "KYOTEN_WORKERS": "2"})
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.kyoten-new-*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the pages are being written (the model is loaded by then)
    time.sleep(0.5)
    p.send_signal(sig)
    _, err = p.communicate(timeout=60)
    assert p.returncode == code, err
    assert "Traceback" not in err and word in err, err
    assert list(tmp_path.iterdir()) == [], err  # no OUT, no temp folder
    deadline = time.monotonic() + 5  # a killed worker is gone once the kernel has reaped it
    while _processes_with(str(out)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_with(str(out)) == [], err


# --- 5. leftovers and races ----------------------------------------------------------------------

def _processes_with(token: str) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if token in (d / "cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(d.name))
            except OSError:
                pass
    return pids


def test_kill_at_random_points_leaves_old_or_new_and_no_orphans(tmp_path):
    """SIGKILL and SIGTERM at seeded random moments of a two-process build: OUT is always the previous site
    or the complete new one; the next run leaves no hidden folder; no worker outlives its parent."""
    import random

    site = _slow_site(tmp_path)
    out = tmp_path / "www" / "out"
    env = {**os.environ, "KYOTEN_WORKERS": "2"}
    cmd = [*PY, "build", str(site), "-d", str(out)]
    assert subprocess.run(cmd, env=env, capture_output=True, timeout=300).returncode == 0
    complete = set(_tree(out))
    (out / "marker-old.txt").write_text("old")  # tells the old site from the new
    t0 = time.monotonic()
    subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    full = time.monotonic() - t0
    (out / "marker-old.txt").write_text("old")
    rnd = random.Random(14)
    results = {"old": 0, "new": 0}
    for round_ in range(int(os.environ.get("KYOTEN_KILL_ROUNDS", "4"))):
        sig = (signal.SIGKILL, signal.SIGTERM)[round_ % 2]
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.2, full * 1.2))  # some land after the swap
        p.send_signal(sig)
        p.wait(timeout=60)
        time.sleep(0.3)
        assert _processes_with(str(out)) == [], "a worker outlived its parent"
        files = set(_tree(out))
        if (out / "marker-old.txt").exists():
            results["old"] += 1
        else:
            assert files == complete, "OUT is neither the old site nor the complete new one"
            results["new"] += 1
        (out / "marker-old.txt").write_text("old")
    assert subprocess.run(cmd, env=env, capture_output=True, timeout=300).returncode == 0
    assert sorted(x.name for x in out.parent.iterdir()) == ["out"]  # every dead run's folder was swept
    assert set(_tree(out)) == complete
    print(results)


def test_a_run_killed_between_the_two_renames_is_put_back(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("old")
    old = out.with_name(f".{out.name}.kyoten-old-12345")
    out.rename(old)  # what a fallback swap leaves when killed between its renames
    sweep(out)
    assert (out / "index.html").read_text() == "old" and not old.exists()


def test_concurrent_builds_into_one_folder_wait_for_each_other(site, tmp_path):
    out = tmp_path / "out"
    procs = [subprocess.Popen([*PY, "build", str(site), "-d", str(out)], stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert (out / "index.html").is_file() and (out / MARK).is_file()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["city", "out"]


def test_exchange_never_leaves_no_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.html").write_text("old")
    new = new_folder(out)
    (new / "a.html").write_text("new")
    replace(new, out)
    assert (out / "a.html").read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# --- 6. permissions -----------------------------------------------------------------------------------

def test_output_gets_the_umask_mode(site, tmp_path):
    old = os.umask(0o022)
    try:
        assert build(site, tmp_path / "out") == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "out" / "index.html").stat().st_mode) == 0o644


def test_rewritten_files_keep_their_mode(tmp_path):
    from kyoten.render.output import write_atomic

    f = tmp_path / "providers.yaml"
    f.write_text("[]\n")
    f.chmod(0o664)
    write_atomic(f, b"- name: x\n")
    assert f.read_bytes() == b"- name: x\n" and stat.S_IMODE(f.stat().st_mode) == 0o664
    assert sorted(p.name for p in tmp_path.iterdir()) == ["providers.yaml"]


# --- 7. --strict ignored kyoten's own 警告 ------------------------------------------------------------

def test_strict_stops_on_a_warning_unless_the_city_accepted_it_with_a_reason(site, tmp_path, capsys):
    text = (site / "site_config.yml").read_text(encoding="utf-8")
    night = "  - name: 夜間ダイヤル\n    phone: 043-000-2222\n    when: 夜間・休日\n"
    (site / "site_config.yml").write_text(text.replace(night, ""), encoding="utf-8")
    assert build(site, tmp_path / "a") == 0  # a warning, built
    assert build(site, tmp_path / "b", "--strict") == 1
    err = capsys.readouterr().err
    assert "夜間・休日の連絡先がありません" in err and "--strict: 警告が1件あるため、サイトを作りません" in err
    assert not (tmp_path / "b").exists()
    assert kyoten(["deploy", str(site), "--to", str(tmp_path / "www")]) == 1  # deploy is strict
    accepted = "  accepted_warnings:\n    - check: contacts\n      reason: 夜間は市の代表電話が受けるためです。\n"
    text = (site / "site_config.yml").read_text(encoding="utf-8").replace("  sample_data: true\n",
                                                                        "  sample_data: true\n" + accepted)
    (site / "site_config.yml").write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert build(site, tmp_path / "b", "--strict") == 0
    assert "（承知済み: 夜間は市の代表電話が受けるためです。）" in capsys.readouterr().err


# --- 8. data that is accepted but wrong -----------------------------------------------------------

@pytest.mark.parametrize("old,new,message", [
    ("  phone: 043-000-4444\n", "", "は緊急時の受入れを行うとされていますが、電話番号がありません"),
    ("  registered_on: 2023-04-01", "  registered_on: 1900-04-01", "registered_on「1900-04-01」の年が1950年から2100年"),
    ("  registered_on: 2023-04-01", "  registered_on: 0001-04-01", "registered_on「0001-04-01」の年が"),
    ("name: 見本ショートステイ", "name: \"見本\\u202eイテスト\"", "name に改行や制御文字は使えません"),
    ("name: 見本ショートステイ", "name: \"見本\\tショート\"", "name に改行や制御文字は使えません"),
    ("name: 見本ショートステイ", "name: \"見本\\rショート\"", "name に改行や制御文字は使えません"),
    ("name: 見本ショートステイ", "name: \"見本\\eショート\"", "name に改行や制御文字は使えません"),
    ("url: https://example.jp/short/", "url: \"https://example.jp/\\0short/\"", "は http:// または https:// で始まるURLではありません"),
    ("beds: 2}", "beds: 1_0}", "beds「1_0」は整数ではありません"),
])
def test_wrong_data_is_refused(site, old, new, message, capsys):
    text = (site / "providers.yaml").read_text(encoding="utf-8")
    assert old in text
    (site / "providers.yaml").write_text(text.replace(old, new), encoding="utf-8")
    assert kyoten(["validate", str(site)]) == 1
    assert message in capsys.readouterr().err


def test_dates_after_the_data_date_and_twin_names_warn(site, capsys):
    text = (site / "site_config.yml").read_text(encoding="utf-8").replace(
        "  sample_data: true\n", "  sample_data: true\n  data_date: 2026-11-25\n")
    (site / "site_config.yml").write_text(text, encoding="utf-8")
    text = (site / "providers.yaml").read_text(encoding="utf-8")
    text = text.replace("registered_on: 2023-04-01", "registered_on: 2027-04-01").replace(
        "name: 見本基幹相談支援センター", "name: 見本ショートステイ")
    (site / "providers.yaml").write_text(text, encoding="utf-8")
    assert kyoten(["validate", str(site)]) == 0
    err = capsys.readouterr().err
    assert "拠点登録日（2027-04-01）がデータの基準日（2026-11-25）より後です" in err
    assert "「見本ショートステイ」と同じ名前の事業所が1行目にもあります" in err


def test_a_registered_count_that_disagrees_with_the_registry_warns(site, capsys):
    text = (site / "site_config.yml").read_text(encoding="utf-8").replace(
        "  sample_data: true\n", "  sample_data: true\n  data_date: 2026-11-25\n")
    (site / "site_config.yml").write_text(text, encoding="utf-8")
    (site / "content" / "reports").mkdir()
    (site / "content" / "reports" / "2026.yml").write_text(
        "functions:\n  - function: 相談\n    results:\n"
        "      - {label: 登録事業所数, value: 5, unit: か所, key: registered-providers}\n", encoding="utf-8")
    assert kyoten(["validate", str(site)]) == 0
    assert "登録事業所数（5）が providers.yaml の拠点等登録事業所の数（1）と違います" in capsys.readouterr().err


# --- 9. diff passed a revision to git as an option --------------------------------------------------

def test_diff_revisions_cannot_be_options(site, capsys):
    git = ["git", "-C", str(site), "-c", "user.name=t", "-c", "user.email=t@example.jp"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    victim = site.parent / "victim.txt"
    victim.write_text("keep me")
    assert kyoten(["diff", "--site", str(site), "--", f"--output={victim}", "HEAD"]) == 2
    assert victim.read_text() == "keep me"
    assert "cannot start with '-'" in capsys.readouterr().err


# --- real file systems: a mount point as OUT, a full disk, a read-only parent (root only) -----------

@contextlib.contextmanager
def _tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a tmpfs")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_out_may_be_a_mount_point(site, tmp_path):
    """A web server's volume cannot be renamed (EBUSY): its entries are exchanged one by one."""
    with _tmpfs(tmp_path / "www", "64m") as out:
        assert build(site, out) == 0
        (site / "providers.yaml").write_text((site / "providers.yaml").read_text(encoding="utf-8").replace(
            "見本ショートステイ", "見本短期入所"), encoding="utf-8")
        assert build(site, out) == 0
        assert "見本短期入所" in (out / "providers" / "mihon-short" / "index.html").read_text(encoding="utf-8")
        assert not [p.name for p in out.iterdir() if p.name.startswith(".kyoten-")]
        assert os.path.ismount(out)


def test_a_full_disk_is_one_line_and_keeps_the_previous_site(site, tmp_path):
    with _tmpfs(tmp_path / "disk", "160k") as disk:
        out = disk / "out"
        out.mkdir()
        (out / MARK).write_text("kyoten")
        (out / "index.html").write_text("前のサイト")
        r = subprocess.run([*PY, "build", str(site), "-d", str(out)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 3, r.stderr
        assert "ディスクの空きがありません" in _no_traceback(r)
        assert (out / "index.html").read_text() == "前のサイト"
        assert sorted(p.name for p in disk.iterdir()) == ["out"]


def test_a_read_only_parent_is_one_line(site, tmp_path):
    with _tmpfs(tmp_path / "ro", "1m") as ro:
        (ro / "out").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
        r = subprocess.run([*PY, "build", str(site), "-d", str(ro / "out")], capture_output=True, text=True, timeout=120)
        assert r.returncode == 3, r.stderr
        assert "読み取り専用の場所です" in _no_traceback(r)


def test_kill_during_deploy_leaves_the_old_or_the_new_site(site, tmp_path):
    import random

    target = tmp_path / "www" / "kyoten"
    cmd = [*PY, "deploy", str(site), "--to", str(target)]
    target.parent.mkdir()
    assert subprocess.run(cmd, capture_output=True, timeout=300).returncode == 0
    complete = set(_tree(target))
    t0 = time.monotonic()
    subprocess.run(cmd, capture_output=True, timeout=300)
    full = time.monotonic() - t0
    rnd = random.Random(141)
    for round_ in range(int(os.environ.get("KYOTEN_KILL_ROUNDS", "4"))):
        (target / "marker-old.txt").write_text("old")
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.1, full * 1.2))
        p.send_signal((signal.SIGKILL, signal.SIGTERM)[round_ % 2])
        p.wait(timeout=60)
        if not (target / "marker-old.txt").exists():
            assert set(_tree(target)) == complete
    assert subprocess.run(cmd, capture_output=True, timeout=300).returncode == 0
    assert sorted(x.name for x in target.parent.iterdir()) == ["kyoten"]
    assert not [x.name for x in site.iterdir() if x.name.startswith(".site.kyoten-")]


def test_kill_during_import_write_leaves_the_old_or_the_new_file(tmp_path):
    import random

    from test_wam import row, write_csv

    from conftest import copy_site

    site = copy_site(ROOT, tmp_path / "city")
    before = (site / "providers.yaml").read_bytes()
    csv_path = write_csv(tmp_path / "wam.csv", [row("0123456789", "見本ヘルパーステーション", "", "千葉県楓市", "中央1丁目2番3号",
                                                     "043-000-7777", "居宅介護")])
    cmd = [*PY, "import", "--format", "wam", str(csv_path), "--site", str(site), "--add-new", "拠点等登録事業所", "--write"]
    t0 = time.monotonic()
    assert subprocess.run(cmd, capture_output=True, timeout=120).returncode == 0
    full = time.monotonic() - t0
    after = (site / "providers.yaml").read_bytes()
    assert after != before
    rnd = random.Random(142)
    for round_ in range(int(os.environ.get("KYOTEN_KILL_ROUNDS", "4"))):
        (site / "providers.yaml").write_bytes(before)
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.05, full * 1.1))
        p.send_signal((signal.SIGKILL, signal.SIGTERM)[round_ % 2])
        p.wait(timeout=60)
        assert (site / "providers.yaml").read_bytes() in (before, after)
    (site / "providers.yaml").write_bytes(before)
    assert subprocess.run(cmd, capture_output=True, timeout=120).returncode == 0
    assert not [x.name for x in site.iterdir() if ".kyoten-" in x.name]


def test_serve_says_where_it_serves_and_stops_in_one_line(site):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = subprocess.Popen([*PY, "serve", str(site), "-p", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        first = p.stderr.readline()
        assert f"http://127.0.0.1:{port}/mihon/ で表示しています" in first
    finally:
        time.sleep(1.0)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=60)
    assert p.returncode == 143 and "Traceback" not in err
