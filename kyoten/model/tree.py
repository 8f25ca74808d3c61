"""What kyoten and mkdocs may read from content/ and overrides/ (issue 14).

Git stores symlinks, so one merged pull request could otherwise publish a file of the build machine
(`content/env.txt -> /proc/self/environ`). Every entry must be a regular file or a folder inside the site
folder: no symlink, device, FIFO or socket, and no file over the size bound. Markdown pages are read like
the YAML data: UTF-8 (a Shift_JIS or UTF-16 file is an error with its line), front matter parsed by
kyoten's own YAML reader (no aliases: a "billion laughs" front matter is refused before mkdocs sees it),
`template:` only a template the theme or overrides/ has, and no `javascript:` or `data:` links.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from kyoten.model.schema import INVALID, Text
from kyoten.model.source import MAX_DEPTH, Loc, Report, check_entry, parse_yaml, read_text

TREES = ("content", "overrides")
MAX_FILE = 100 * 1024 * 1024  # an image or PDF in content/; Markdown uses source.MAX_BYTES
_FRONT = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)  # mkdocs' own front-matter pattern
_TEMPLATE = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.html")
_BAD_LINK = re.compile(r"""(?:\]\(\s*<?|\b(?:href|src)\s*=\s*["']?\s*)((?:javascript|vbscript|data)\s*:)""", re.I)
_MARKERS = re.compile(r"(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)|>[ \t]*)*")  # list and quote marks opening a line
_OPENERS = frozenset(" \t-*+>0123456789")
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^<>]*)>")
_MD_ATTR = re.compile(r"\smarkdown\s*=", re.I)


def check_trees(site_dir: Path, report: Report, theme_dir: Path) -> None:
    for top in TREES:
        root = site_dir / top
        if not os.path.lexists(root):
            continue
        if not _entry_ok(root, top, report):
            continue
        for folder, dirs, files in os.walk(root, followlinks=False):
            for name in sorted(dirs + files):
                path = Path(folder) / name
                rel = path.relative_to(site_dir).as_posix()
                if not _entry_ok(path, rel, report):
                    if name in dirs:
                        dirs.remove(name)
                    continue
                if name in files and top == "content" and name.endswith(".md"):
                    check_markdown(path, rel, report, site_dir, theme_dir)


def _entry_ok(path: Path, rel: str, report: Report) -> bool:
    return check_entry(path, rel, report, MAX_FILE, folder_ok=True) is not None


def check_markdown(path: Path, rel: str, report: Report, site_dir: Path, theme_dir: Path) -> None:
    text = read_text(path, rel, report)
    if text is None:
        return
    m = _FRONT.match(text)
    if m:
        _check_front_matter(m.group(1), rel, report, site_dir, theme_dir)
    open_tags: dict[str, list[bool]] = {}  # per HTML tag name: is each open one a markdown="1" block
    md_blocks, deep = 0, False  # how many markdown="1" blocks are open
    for i, line in enumerate(text.splitlines(), 1):
        if (bad := _BAD_LINK.search(line)) is not None:
            report.error(Loc(rel, i, bad.start(1) + 1), "link",
                         f"「{bad.group(1)}」で始まるリンクは使えません。https:// のリンクにしてください", "http(s) or relative links")
        # Python-Markdown recurses once per nested list, indented block or markdown="1" HTML block: a few
        # hundred levels exhaust the stack (issue 14's fuzzer); nothing in a real page nests 50 deep
        for close, name, attrs in _TAG.findall(line) if "<" in line else ():
            stack = open_tags.setdefault(name.lower(), [])
            if close:
                md_blocks -= stack.pop() if stack else 0
            else:
                stack.append(bool(_MD_ATTR.search(attrs)))
                md_blocks += stack[-1]
        level = 0
        if line[:1] in _OPENERS:
            spaced = line.expandtabs(4)
            rest = spaced.lstrip(" ")
            level = (len(spaced) - len(rest)) // 4 + len(re.findall(r"[-*+>]|\d+", _MARKERS.match(rest).group()))
        if not deep and level + md_blocks > MAX_DEPTH:
            report.error(Loc(rel, i, 1), "nesting", f"入れ子（リスト、引用、字下げ、HTML）が深すぎます。{MAX_DEPTH}段までにしてください",
                         f"at most {MAX_DEPTH} levels")
            deep = True


def _check_front_matter(front: str, rel: str, report: Report, site_dir: Path, theme_dir: Path) -> None:
    node = parse_yaml("\n" + front, rel, report)  # the leading newline keeps the line numbers
    if node is None or node.kind == "null":
        return
    if node.kind != "map":
        report.error(node, "front-matter", "ページの先頭の「---」で囲んだ部分（front matter）は「項目: 値」の形にしてください",
                     "a YAML mapping")
        return
    if (t := node.get("template")) is not None:
        name = t.value if t.kind == "scalar" else ""
        if not _TEMPLATE.fullmatch(name) or not ((theme_dir / name).is_file()
                                                  or (site_dir / "overrides" / name).is_file()):
            report.error(t, "template", f"テンプレート「{name}」はテーマにも overrides/ にもありません",
                         "a template of the theme or overrides/, e.g. main.html")
    # the page's <title>, heading, menu entry and search entry: one line, and text as mkdocs reads it
    if (title := node.get("title")) is not None and title.kind != "null" \
            and Text(120).check(title, report, "title") is not INVALID:
        try:  # mkdocs' own reading (YAML 1.1: 2024 is a number, yes a bool, 2024-04-01 a date)
            data = yaml.load(front, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except Exception:  # noqa: BLE001 - mkdocs then ignores the front matter, as here
            data = None
        seen = data.get("title") if isinstance(data, dict) else None
        if seen is not None and not isinstance(seen, str):
            report.error(title, "title", f"title「{title.value}」が文字ではなく数や日付として読まれます。"
                         f"引用符で囲んでください（title: \"{title.value}\"）", "a quoted string")
