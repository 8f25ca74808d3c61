"""argparse in Japanese: `kyoten --help` and its errors are read by city staff, not developers.

argparse spells its headings ("usage:", "positional arguments", "options"), its -h help and its common
errors in English. The parser below replaces exactly those; subcommand parsers are made of the same
class (argparse's add_subparsers uses the parent's class), so every `kyoten X --help` is Japanese too.
"""

from __future__ import annotations

import argparse
import re
import sys

USAGE = "使い方: "
POSITIONALS = "引数"
OPTIONS = "オプション"

# argparse's own error sentences (Python 3.11–3.13) → Japanese; anything else is shown as argparse wrote it
_ERRORS = (
    (re.compile(r"^the following arguments are required: (.+)$"), r"次の引数を指定してください: \1"),
    (re.compile(r"^unrecognized arguments: (.+)$"), r"知らない引数があります: \1"),
    (re.compile(r"^argument (\S+): invalid choice: (.+?) \(choose from (.+)\)$"), r"\1 に \2 は指定できません（指定できるもの: \3）"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"\1 の後に値を1つ書いてください"),
    (re.compile(r"^argument (\S+): (.+)$"), r"\1: \2"),
)


def japanese_error(message: str) -> str:
    for pattern, repl in _ERRORS:
        if pattern.match(message):
            return pattern.sub(repl, message)
    return message


class JapaneseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class JapaneseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", JapaneseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="この説明を表示して終わる")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: エラー: {japanese_error(message)}\n")
