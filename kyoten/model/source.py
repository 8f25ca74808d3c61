"""Reading the site's YAML with positions, and the one error type every check reports through.

Every value keeps the file, line and column it came from, so that any later check can say
`providers.yaml:42:5: エラー: …`. Scalars are kept as the text the staff typed (no YAML 1.1
guessing: `no` stays "no", `0123` stays "0123"); the schema decides what a field's text means.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

MAX_BYTES = 32 * 1024 * 1024  # a prefecture's 20,000 providers take about 8 MB
MAX_DEPTH = 50  # site data nests 4 levels deep; thousands of `[[[[` would exhaust Python's stack


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int
    col: int
    key: str  # the English field name or check name
    message: str  # Japanese, for city staff
    hint: str = ""  # English: what was expected
    warning: bool = False

    def __str__(self) -> str:
        level = "警告" if self.warning else "エラー"
        detail = f"{self.key}: {self.hint}" if self.hint else self.key
        return f"{self.file}:{self.line}:{self.col}: {level}: {self.message} ({detail})"


class DataError(Exception):
    """The site's data is wrong; carries every diagnostic found, not only the first."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.file, d.line, d.col))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class Report:
    """Collects diagnostics during loading; `raise_if_errors` turns them into one DataError."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, at: "Node | Loc", key: str, message: str, hint: str = "") -> None:
        loc = at.loc if isinstance(at, Node) else at
        self.items.append(Diagnostic(loc.file, loc.line, loc.col, key, message, hint))

    def warn(self, at: "Node | Loc", key: str, message: str, hint: str = "") -> None:
        loc = at.loc if isinstance(at, Node) else at
        self.items.append(Diagnostic(loc.file, loc.line, loc.col, key, message, hint, warning=True))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.warning]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.warning]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DataError(self.errors)


class Loc(NamedTuple):  # a tuple: a providers.yaml of 20,000 entries has half a million of them
    file: str
    line: int  # 1-based
    col: int  # 1-based


@dataclass(slots=True)
class Node:
    """A YAML value with its position. kind: 'map' (value: dict[str, Node]), 'seq' (list[Node]),
    'scalar' (str, the typed text) or 'null'."""

    kind: str
    value: Any
    loc: Loc
    quoted: bool = False
    key_locs: dict[str, Loc] = field(default_factory=dict)

    def get(self, name: str) -> "Node | None":
        return self.value.get(name) if self.kind == "map" else None

    def at(self, name: str) -> Loc:
        """The position of a mapping's key (for errors about a field), else of the node."""
        return self.key_locs.get(name, self.loc)


# libyaml (C) when PyYAML was built with it: 10× faster on a prefecture-sized providers.yaml
# Base (not Safe) loader: no implicit type resolution, a regex per scalar that kyoten never uses (values
# stay the text the staff typed); nothing is constructed, so nothing unsafe can be.
class _Loader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
    _TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
             yaml.MappingNode: "tag:yaml.org,2002:map"}

    def resolve(self, kind, value, implicit):  # BaseResolver's answer, without its per-node lookups
        return self._TAGS[kind]
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def _events(text: str):
    """Parse events up to the first anchor or alias (an alias bomb is never walked further)."""
    for event in yaml.parse(text, Loader=_Loader):
        yield event
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return


def _bracket_depth_mark(text: str):
    """Where flow brackets first reach MAX_DEPTH levels (a plain scan; only for the error position)."""
    depth = 1  # the file's own top-level list or mapping
    for line_no, line in enumerate(text.splitlines()):
        for col, ch in enumerate(line):
            depth += ch in "[{"
            depth -= ch in "]}"
            if depth >= MAX_DEPTH:
                return yaml.Mark("", 0, line_no, col, None, None)
    return None


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting: the deepest bracket nesting plus the longest run of indentation
    and dashes (quotes are ignored, which can only raise the bound)."""
    lead = max((len(line) - len(line.lstrip(" -")) for line in text.splitlines()), default=0)
    depth = deepest = 0
    for ch in _NOT_BRACKET.sub("", text):
        depth += 1 if ch in "[{" else -1
        deepest = max(deepest, depth)
    return deepest + lead


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _refuse_anchors_and_depth(text: str) -> None:
    """Anchors and aliases are refused (never needed in site data; an alias bomb, "billion laughs", would
    expand to gigabytes in any later step), and so is nesting deeper than MAX_DEPTH (thousands of `[[[[`
    would exhaust the stack). One scan of the parse events, and only for a text that could hold either:
    one with `&` or `*`, or whose brackets plus longest run of indentation and dashes reach MAX_DEPTH."""
    if "&" not in text and "*" not in text and _depth_bound(text) < MAX_DEPTH:
        return
    depth = 0
    try:
        events = list(_events(text))
    except yaml.MarkedYAMLError as e:
        if (e.problem or "") == "exceeded maximum nesting depth":  # libyaml stops at 1000: say where 50 was
            raise yaml.MarkedYAMLError(None, None, "too deep", _bracket_depth_mark(text) or e.problem_mark) from None
        raise
    for event in events:
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(None, None, "alias", event.start_mark)
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(None, None, "anchor", event.start_mark)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth >= MAX_DEPTH:
                raise yaml.MarkedYAMLError(None, None, "too deep", event.start_mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


_YAML_PROBLEMS = {
    "alias": ("YAMLのエイリアス（*名前）は使えません。値をそのまま書いてください", "no YAML aliases"),
    "anchor": ("YAMLのアンカー（&名前）は使えません。値をそのまま書いてください", "no YAML anchors"),
    "found character '\\t' that cannot start any token": (
        "タブ文字が使われています。字下げは半角スペースで書いてください", "indent with spaces, not tabs"),
    "exceeded maximum nesting depth": (f"入れ子（[ ] や字下げ）が深すぎます。{MAX_DEPTH}段までにしてください",
                                       f"at most {MAX_DEPTH} levels"),
    "too deep": (f"入れ子（[ ] や字下げ）が深すぎます。{MAX_DEPTH}段までにしてください", f"at most {MAX_DEPTH} levels"),
    "but found another document": (
        "「---」のあとに2つめの文書があります。1つのファイルには1つの文書だけを書いてください", "a single YAML document"),
    "found unexpected end of stream": (
        "引用符（\" または '）が閉じられていません。この位置で始まった値の終わりに引用符を書いてください",
        "close the quoted value"),
}
_AT_CONTEXT = {"found unexpected end of stream"}  # the error is where the quoted value began


def _display_name(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def check_entry(path: Path, name: str, report: Report, limit: int = MAX_BYTES, folder_ok: bool = False
                ) -> os.stat_result | None:
    """The entry's lstat if kyoten may read it: a regular file (or, with folder_ok, a folder) of at most
    `limit` bytes; not a symlink that could lead out of the site folder (/proc/self/environ, /etc/passwd),
    nor a FIFO that would block or a device that never ends (issue 14). Else an error, and None."""
    start = Loc(name, 1, 1)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        report.error(start, "file", "ファイルが見つかりません", "file exists")
        return None
    except OSError as e:
        report.error(start, "file", f"ファイルを読めません（{e.strerror}）", "a readable file")
        return None
    if stat.S_ISLNK(st.st_mode):
        report.error(start, "file", "シンボリックリンクです。サイトのフォルダの外のファイルを公開しないよう、kyoten はリンクをたどりません。"
                     "実際のファイルを置いてください", "a regular file, not a symlink")
        return None
    if stat.S_ISDIR(st.st_mode) and folder_ok:
        return st
    if not stat.S_ISREG(st.st_mode):
        kind = "フォルダ" if stat.S_ISDIR(st.st_mode) else "デバイスやFIFOなどの特殊なファイル"
        report.error(start, "file", f"普通のファイルではなく{kind}です", "a regular file")
        return None
    if st.st_size > limit:
        report.error(start, "file", f"ファイルが大きすぎます（{st.st_size:,}バイト）。{limit // 1024 // 1024}MB以下にしてください",
                     f"at most {limit} bytes")
        return None
    return st


def read_bytes(path: Path, name: str, report: Report, limit: int = MAX_BYTES) -> bytes | None:
    """A file of the site folder, read only if check_entry allows it, and at most `limit` bytes."""
    start = Loc(name, 1, 1)
    if check_entry(path, name, report, limit) is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # replaced between lstat and open
                report.error(start, "file", "普通のファイルではありません", "a regular file")
                return None
            raw = f.read(limit + 1)
    except OSError as e:
        reason = "読む権限がありません" if isinstance(e, PermissionError) else f"ファイルを読めません（{e.strerror}）"
        report.error(start, "file", reason, "a readable file")
        return None
    if len(raw) > limit:
        report.error(start, "file", f"ファイルが大きすぎます。{limit // 1024 // 1024}MB以下にしてください", f"at most {limit} bytes")
        return None
    return raw


def read_text(path: Path, name: str, report: Report, limit: int = MAX_BYTES) -> str | None:
    """Read a data file as UTF-8 (a BOM is accepted), or report why it cannot be read."""
    start = Loc(name, 1, 1)
    raw = read_bytes(path, name, report, limit)
    if raw is None:
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode" (UTF-16) before the NUL check
        report.error(start, "encoding", "文字コードがUTF-16（Unicode）です。UTF-8で保存し直してください", "UTF-8")
        return None
    if b"\x00" in raw:
        nul_line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        report.error(Loc(name, nul_line, 1), "encoding", "テキストファイルではありません（NUL文字を含みます）", "UTF-8 text")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        try:
            raw.decode("cp932")
            msg = "文字コードがShift_JISのようです。UTF-8で保存し直してください"
        except UnicodeDecodeError:
            msg = "文字コードがUTF-8ではありません。UTF-8で保存し直してください"
        report.error(Loc(name, line, 1), "encoding", msg, "UTF-8")
        return None
    return unicodedata.normalize("NFC", text)


def load_yaml(path: Path, report: Report, root: Path | None = None) -> Node | None:
    """Parse one YAML file into a Node tree, or report why it cannot be parsed (returns None)."""
    name = _display_name(path, root)
    text = read_text(path, name, report)
    if text is None:
        return None
    return parse_yaml(text, name, report)


def parse_yaml(text: str, name: str, report: Report) -> Node | None:
    """Parse YAML text (already read and decoded) into a Node tree, or report why not (returns None)."""
    loader = _Loader(text)
    try:
        _refuse_anchors_and_depth(text)
        composed = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        problem = (e.problem or "").strip()
        mark = (e.context_mark if problem in _AT_CONTEXT else None) or e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        ja, en = _YAML_PROBLEMS.get(problem, (None, None))
        src_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        if ja is None and ("tab" in problem or "\t" in src_line[:len(src_line) - len(src_line.lstrip())]
                           or src_line[col - 1:col] == "\t"):  # libyaml does not name the tab
            ja, en = _YAML_PROBLEMS["found character '\\t' that cannot start any token"]
        if ja is None:
            ja, en = "YAMLの書き方に誤りがあります（字下げ、「:」の後の空白、引用符の閉じ忘れなどを確認してください）", problem
        report.error(Loc(name, line, col), "yaml", ja, en)
        return None
    except yaml.YAMLError as e:
        report.error(Loc(name, 1, 1), "yaml", "YAMLとして読めません", str(e).splitlines()[0])
        return None
    finally:
        loader.dispose()
    if composed is None:
        return Node("null", None, Loc(name, 1, 1))
    return _convert(composed, name, report)


def _convert(node: yaml.Node, name: str, report: Report) -> Node:
    loc = Loc(name, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        key_locs: dict[str, Loc] = {}
        for k, v in node.value:
            kloc = Loc(name, k.start_mark.line + 1, k.start_mark.column + 1)
            if not isinstance(k, yaml.ScalarNode):
                report.error(kloc, "yaml", "項目名（キー）には文字列を書いてください", "string keys")
                continue
            key = k.value
            if key in out:
                report.error(kloc, key, f"項目「{key}」が同じ場所に2回書かれています", "each key once")
                continue
            out[key] = _convert(v, name, report)
            key_locs[key] = kloc
        return Node("map", out, loc, key_locs=key_locs)
    if isinstance(node, yaml.SequenceNode):
        return Node("seq", [_convert(v, name, report) for v in node.value], loc)
    quoted = node.style in ("'", '"', "|", ">")
    if not quoted and node.value in _NULLS and node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "!"):
        return Node("null", None, loc)
    return Node("scalar", node.value, loc, quoted=quoted)
