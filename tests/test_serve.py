"""kyoten serve after an edit of providers.yaml rewrites only what changed, and the served folder is then
byte for byte what a full build of the edited site writes (issue 16)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_site
from kyoten.model.registry import Entries
from kyoten.model.site import load_site
from kyoten.model.source import DataError
from kyoten.tools.serve import Preview

MARK = ".kyoten"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file() and p.name != MARK}


def same_as_full_build(preview: Preview, tmp_path: Path, n: int) -> None:
    full = tmp_path / f"full{n}"
    assert build(preview.site_dir, full) == 0
    served, built = tree(preview.out), tree(full)
    assert sorted(served) == sorted(built)
    differ = [name for name in built if served[name] != built[name]]
    assert differ == []


def edit(site: Path, old: str, new: str) -> None:
    path = site / "providers.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    st = path.stat()  # a second edit within one clock tick still looks changed
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    site = copy_site(ROOT, tmp_path_factory.mktemp("serve") / "city")
    p = Preview(site, site.parent / "served", pdf=False)
    assert p.full(p.load())
    return p


EDITS = [
    # a phone number: the provider's page and the listings that show its card
    ("phone", "  phone: 043-004-1148\n", "  phone: 043-004-1149\n"),
    # 空き状況
    ("vacancy", "vacancy: {beds: 0, as_of: 2026-09-01}", "vacancy: {beds: 2, as_of: 2026-09-01}"),
    # a new name (and so a new id and 五十音 place): one page gone, one new, every listing re-sorted
    ("name", "- name: 相談支援センターあおぞら\n  name_kana: そうだんしえんせんたーあおぞら\n",
     "- name: 相談支援センターわかくさ\n  name_kana: そうだんしえんせんたーわかくさ\n"),
    # another area and function
    ("area", "  functions: [相談]\n  targets: [身体, 知的, 児童]\n  area: chuo\n",
     "  functions: [相談, 体験の機会・場]\n  targets: [身体, 知的, 児童]\n  area: hokubu\n"),
]


@pytest.mark.parametrize("n", range(len(EDITS)), ids=[e[0] for e in EDITS])
def test_an_edit_rewrites_what_it_changes_and_equals_a_full_build(preview, tmp_path, capsys, n):
    _, old, new = EDITS[n]
    before = tree(preview.out)
    edit(preview.site_dir, old, new)
    shown = []
    plugin = preview.plugin
    preview.rebuild()
    err = capsys.readouterr().err
    assert "個のファイルを作り直しました" in err, err  # the incremental path, not a whole build
    assert preview.plugin is plugin
    after = tree(preview.out)
    rewritten = {k for k in after if before.get(k) != after[k]} | (before.keys() - after.keys())
    assert 0 < len(rewritten) < len(after) / 2, shown
    same_as_full_build(preview, tmp_path, n)


def test_an_edit_of_site_config_builds_in_full_and_bad_data_keeps_the_site(preview, tmp_path, capsys):
    cfg = preview.site_dir / "site_config.yml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text + "\n# edited\n", encoding="utf-8")
    preview.rebuild()
    assert "サイト全体を作り直しました" in capsys.readouterr().err
    before = tree(preview.out)
    path = preview.site_dir / "providers.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("  phone: 043-004-1149\n", "  phone: 電話\n", 1), encoding="utf-8")
    preview.rebuild()
    err = capsys.readouterr().err
    assert "providers.yaml:" in err and "前に作ったサイトを表示したままです" in err
    assert tree(preview.out) == before
    path.write_text(good, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    preview.rebuild()
    same_as_full_build(preview, tmp_path, 99)


def loaded(site: Path, entries=None):
    try:
        s = load_site(site, entries)
    except DataError as e:
        return [str(d) for d in e.diagnostics]
    return [(p, p.line, p.end_line) for p in s.providers], [str(w) for w in s.warnings]


NEW = """- name: 短期入所テストの家
  role: 拠点等登録事業所
  services: [短期入所]
  functions: [緊急時の受入・対応]
  targets: [知的]
  area: chuo
  phone: 043-009-9999

"""


def test_a_reload_that_reuses_unchanged_entries_equals_a_full_load(tmp_path, monkeypatch):
    from kyoten.model import registry

    reused = []
    changed_only = registry._load_changed
    monkeypatch.setattr(registry, "_load_changed", lambda *a: reused.append(r := changed_only(*a)) or r)
    site = copy_site(ROOT, tmp_path / "city")
    path = site / "providers.yaml"
    original = path.read_text(encoding="utf-8")
    entries = Entries()
    assert loaded(site, entries) == loaded(site)
    kept = len(entries.by_text)
    assert kept > 30  # the demo's entries, each kept by its text
    middle = original.index("- name: 短期入所ほしのいえ")
    edits = [
        original.replace("  phone: 043-004-1148\n", "  phone: 043-004-1149\n"),  # one entry's phone
        original[:middle] + NEW + original[middle:],  # a new entry: every line below it moves
        original[:middle] + original[original.index("- name: やまびこ荘"):],  # an entry removed
        original.replace("  phone: 043-004-1148\n", "  phone: 電話\n"),  # an error: reported as in a full load
        original + "\n" + NEW + NEW,  # the same name twice: a duplicate id
        original.replace("  area: chuo\n", "  area: hokubu\n", 1) + "\n# a comment at the end\n",
        "# 先頭のコメント\n" + original,
        original.replace("- name: 短期入所ほしのいえ", "-\n  name: 短期入所ほしのいえ"),  # a dash on a line of its own
        original,
    ]
    for text in edits:
        path.write_text(text, encoding="utf-8")
        assert loaded(site, entries) == loaded(site), text[:80]
    assert len(entries.by_text) == kept
    # the entries were reused where nothing was wrong; an error, a duplicate or an unclear entry: in full
    assert [r is not None for r in reused] == [True, True, True, False, False, True, True, False]  # then in full: unaligned


def test_the_server_shows_an_edit_without_a_restart(tmp_path):
    """`kyoten serve` itself: the watcher sees the save and the page it serves changes."""
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    site = copy_site(ROOT, tmp_path / "city")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kyoten", "serve", str(site), "-p", str(port)],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "http://" not in line:  # after the demo's accepted 警告
            line = proc.stderr.readline()
            assert line, "serve ended"
        address = line.split("http://", 1)[1].split(" ", 1)[0]
        url = f"http://{address}providers/"
        page = "soudanshiensenta-aozora/index.html"
        assert "043-004-1148" in urllib.request.urlopen(url + page, timeout=30).read().decode()
        edit(site, "  phone: 043-004-1148\n", "  phone: 043-004-1149\n")
        deadline = time.monotonic() + 60
        while "043-004-1149" not in urllib.request.urlopen(url + page, timeout=30).read().decode():
            assert time.monotonic() < deadline, "the edit never showed"
            time.sleep(0.2)
        while "作り直しました" not in line:  # the data files come after the pages
            line = proc.stderr.readline()
            assert line, "serve ended"
        assert "個のファイルを作り直しました" in line  # only what changed, not the whole site
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and "Traceback" not in err
