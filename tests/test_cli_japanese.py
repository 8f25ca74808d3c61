"""The command line as city staff meet it (issue 19): --help and errors in Japanese, --version, and a
progress line that warnings never land on."""

from __future__ import annotations

import io
import logging
import re
import shutil
import sys
from pathlib import Path

import pytest

from kyoten import __version__
from kyoten.render.progress import Progress
from kyoten.tools.cli import main as kyoten

BASE = Path(__file__).resolve().parent / "data" / "bad" / "_base"
COMMANDS = ("build", "validate", "serve", "schema", "import", "init", "deploy", "diff")


@pytest.mark.parametrize("argv", [["--help"], *([c, "--help"] for c in COMMANDS)])
def test_help_is_japanese(argv, capsys):
    assert kyoten(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("使い方: kyoten")
    assert "オプション:\n" in out and "  -h, --help" in out and "この説明を表示して終わる" in out
    for english in ("usage:", "options:", "positional arguments:", "show this help message"):
        assert english not in out
    if argv[0] in ("build", "diff", "init"):
        assert "\n引数:\n" in out
    if argv == ["--help"]:
        assert "\nコマンド:\n" in out and all(f"    {c} " in out for c in COMMANDS)


def test_usage_errors_are_japanese_with_exit_code_2(capsys):
    assert kyoten(["buld"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("使い方: kyoten") and "kyoten: エラー: COMMAND に 'buld' は指定できません" in err
    assert kyoten([]) == 2
    assert "kyoten: エラー: 次の引数を指定してください: COMMAND" in capsys.readouterr().err
    assert kyoten(["diff", "HEAD"]) == 2
    assert "kyoten diff: エラー: 次の引数を指定してください: new" in capsys.readouterr().err
    assert kyoten(["build", ".", "--no-such-flag"]) == 2
    assert "知らない引数があります: --no-such-flag" in capsys.readouterr().err


def test_version(capsys):
    assert kyoten(["--version"]) == 0
    assert capsys.readouterr().out == f"kyoten {__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", __version__)


class Terminal(io.StringIO):
    """stderr as a terminal: isatty, and `screen()` gives the lines a person sees (\\r returns to the
    start of the line, ESC[K erases to its end)."""

    def isatty(self) -> bool:
        return True

    def screen(self) -> list[str]:
        lines, line, col = [], [], 0
        text = self.getvalue()
        i = 0
        while i < len(text):
            if text.startswith("\x1b[K", i):
                del line[col:]
                i += 3
                continue
            c = text[i]
            if c == "\r":
                col = 0
            elif c == "\n":
                lines.append("".join(line))
                line, col = [], 0
            else:
                line[col:col + 1] = [c]
                col += 1
            i += 1
        if line:
            lines.append("".join(line))
        return lines


def test_a_warning_never_lands_on_the_progress_line(monkeypatch):
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    monkeypatch.delenv("CI", raising=False)
    handler = logging.StreamHandler(term)
    log = logging.getLogger("mkdocs")
    monkeypatch.setattr(log, "handlers", [handler])
    own = logging.getLogger("kyoten-test.own-handler")  # a library's own handler, as WeasyPrint adds one
    monkeypatch.setattr(own, "handlers", [logging.StreamHandler(term)])
    monkeypatch.setattr(own, "propagate", False)
    bare = logging.getLogger("kyoten-test.no-handler")  # no handler anywhere: logging.lastResort
    monkeypatch.setattr(bare, "propagate", False)
    progress = Progress.for_stderr()
    assert progress.live
    progress.phase("ページを書いています", 5)
    progress.tick()
    print("providers.yaml:3:1: 警告: 一つめ", file=sys.stderr)  # a print, as the build's checks do
    progress.tick()
    log.warning("二つめ")  # a log record, as mkdocs writes them
    progress.tick()
    own.warning("三つめ")
    progress.tick()
    bare.warning("四つめ")
    progress.tick()
    progress.done()
    assert sys.stderr is term  # put back when the line ends
    assert term.screen() == ["providers.yaml:3:1: 警告: 一つめ", "二つめ", "三つめ", "四つめ", "ページを書いています 5/5"]


def test_a_whole_build_on_a_terminal_keeps_warnings_on_their_own_lines(tmp_path, monkeypatch):
    """`kyoten build` with stderr a terminal (progress auto): the data check's 警告 is a line of its own."""
    site = shutil.copytree(BASE, tmp_path / "site")
    config = (site / "site_config.yml").read_text(encoding="utf-8")
    night = "  - name: 夜間ダイヤル\n    phone: 043-000-2222\n    when: 夜間・休日\n"
    assert night in config
    (site / "site_config.yml").write_text(config.replace(night, ""), encoding="utf-8")  # a 警告: no night contact
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    monkeypatch.delenv("CI", raising=False)
    assert kyoten(["build", str(site), "-d", str(tmp_path / "out"), "--no-pdf"]) == 0
    screen = term.screen()
    warning = [line for line in screen if "警告" in line]
    assert warning and all(line.startswith("site_config.yml:") for line in warning), screen
    assert screen[-1].endswith("事業所のサイトを作りました: " + str(tmp_path / "out" / "index.html"))
    assert any(line.startswith("ページを書いています") for line in screen)  # the progress line was there
