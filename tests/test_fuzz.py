"""A seeded mutation fuzzer (issue 14): no input may end in a traceback or a hang.

Each mutant is a real, valid site (the root demo city, or tests/data/bad/_base) copied into a temp
folder with exactly ONE data file changed: a structural change made on the parsed YAML and dumped again
(a key deleted, a value replaced by null / a list / a huge string / a date / deep nesting …, a list item
duplicated, two values swapped, control characters, RTL overrides, NUL, emoji or lone surrogates put in
a string) or a change to the raw bytes (a flipped byte, lines deleted or swapped, tabs, a cut, anchors and
aliases, `---`, Shift_JIS or UTF-16, a BOM …). `kyoten validate` (and, for a few, `kyoten build`) runs
in-process and must RETURN 0 or 1 within TIMEOUT seconds, print no traceback, and when it returns 1 say
why in Japanese (`file:line:col: エラー: …` for validate).

A mutant is a pure function of (seed, index): a failure names both, and

    KYOTEN_FUZZ_SEED=<seed> KYOTEN_FUZZ_ONLY=<index> pytest -q -p no:cacheprovider tests/test_fuzz.py -k reproduce

runs that one mutant again (`b<index>` for a build mutant; KYOTEN_FUZZ_KEEP=<folder> keeps its site).
KYOTEN_FUZZ_N (default 300) validate mutants and KYOTEN_FUZZ_BUILD_N (default 20) build mutants run in
the test suite; `make fuzz` runs 10,000 and 1,000. Inputs the fuzzer once broke are regular tests
at the end.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import faulthandler
import io
import os
import random
import re
import shutil
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_site, kyoten

SEED = int(os.environ.get("KYOTEN_FUZZ_SEED", "14"))
N = int(os.environ.get("KYOTEN_FUZZ_N", "300"))
BUILD_N = int(os.environ.get("KYOTEN_FUZZ_BUILD_N", "20"))
TIMEOUT = float(os.environ.get("KYOTEN_FUZZ_TIMEOUT", "10"))
CHUNK = 50  # validate mutants per test item
BUILD_CHUNK = 10

# --- the valid sites the mutants start from ------------------------------------------------------------

FRONT_MATTER = "---\ntitle: このサイトについて\ndescription: 見本のサイトについての説明です。\ntemplate: main.html\n---\n"
READINGS = "# 読みの辞書（ひらがな）\n楓市: かえでし\n栄町: さかえちょう\n青葉台: あおばだい\n見本市: みほんし\n"


@dataclass(frozen=True)
class FileKind:
    name: str
    paths: tuple[str, ...]  # one is chosen per mutant
    sites: tuple[str, ...]  # the prepared sites that have it: "root" (the demo city) or "base" (_base)


KINDS = (
    FileKind("site_config", ("site_config.yml",), ("root", "base")),
    FileKind("providers", ("providers.yaml",), ("root", "base")),
    FileKind("functions", ("content/functions.yml",), ("root", "base")),
    FileKind("readings", ("content/readings.yml",), ("root",)),
    FileKind("report", ("content/reports/2024.yml", "content/reports/2025.yml"), ("root",)),
    FileKind("preregistration", ("content/preregistration.yml",), ("root",)),
    FileKind("for_providers", ("content/for-providers.yml",), ("root",)),
    FileKind("flyers", ("content/flyers.yml",), ("root",)),
    FileKind("markdown", ("content/about.md",), ("root", "base")),
)


def prepare_bases(dst: Path) -> dict[str, Path]:
    """The root demo city and _base, each given a Markdown page with front matter; root also a readings.yml."""
    root = copy_site(ROOT, dst / "root")
    base = copy_site(ROOT / "tests" / "data" / "bad" / "_base", dst / "base")
    about = (ROOT / "content" / "about.md").read_text(encoding="utf-8")
    for site in (root, base):
        (site / "content" / "about.md").write_text(FRONT_MATTER + about, encoding="utf-8")
    (root / "content" / "readings.yml").write_text(READINGS, encoding="utf-8")
    return {"root": root, "base": base}


@pytest.fixture(scope="module")
def bases(tmp_path_factory) -> dict[str, Path]:
    return prepare_bases(tmp_path_factory.mktemp("fuzz-bases"))


# --- values, characters and snippets the mutations put in ----------------------------------------------

CHARS = ["\x00", "\x01", "\x07", "\x08", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\u202e", "\u202d", "\u200f",
         "\u200b", "\ufeff", "\udcff", "\udc80", "\ud800", "\U0001F600", "\U0001F468\u200d\U0001F469\u200d\U0001F467",
         "\u0301", "\ufffe", "\uffff", "\t", "\r", "\n", "\n\n", "ｶﾞ", "𠮷", "\u3000", "\\", '"', "'", ":", "#", "{{", "%}",
         "<", "&", "]]>", "\U0010ffff", "\ue000"]
STRINGS = ["", " ", "~", "null", "yes", "no", "true", "-", "0", "-0", "1e309", "0x10", "１２", "١٢٣", "Ⅻ", "1_000",
           ".inf", ".nan", "NaN", "2024-02-30", "2024/13/01", "0000-01-01", "9999-12-31", "令和6年4月1日",
           "<script>alert(1)</script>", "javascript:alert(1)", "data:text/html,x", "{{ 7*7 }}", "{% raw %}",
           "../../../etc/passwd", "/etc/passwd", "%s%n%x", "\u202eevil\u202c", "a\x00b", "\udcff\udcfe",
           "http://", "https://exa mple.jp/", "https://[::1", "http://[x]/", "https://x:99999/", "https://例え.jp/", "mailto:x@example.jp", "0120-000-000", "+81-43-000-1111",
           "chuo", "相談", "基幹相談支援センター", "拠点等登録事業所", "短期入所", "trials", "事前登録のご案内", "index",
           "404", "search", "sitemap", "A" * 81, "あ" * 201]
NASTY = ["<script>alert(1)</script>", "<b>太字</b>", "</title></head>", "{{ 7*7 }}", "{% raw %}", "{#", "${x}", "%s",
         "&amp;", "&lt;", "]]>", "<!--", "\\", "'\"", "`", "|", "javascript:alert(1)", "\u202e逆\u202c", "\u200b",
         "\U0001F468\u200d\U0001F469\u200d\U0001F467", "𠮷野家", "ｶﾀｶﾅﾊﾟ", "か\u3099", "㍻", "①", "\ufb01", "\u3000",
         "ヴ", "ゐゑ", "〜", "ー", "・", "ｰ", "𝟘", "Ａ", "ß", "İ", "ﬀ", "\u0301", "\ue000", "\U000e0041", "〆", "々", "〇",
         "一二三四五六七八九十" * 10, "漢" * 30, "a" * 60, "https://例え.jp/パス?q=1#x", "0120-000-000", "2024-02-29",
         "令和元年", "平成31年", "*強調*", "_x_", "# 見出し", "- 項目", "[リンク](https://example.jp/)", "![](x.png)", "---"]
TAGS = ["!!binary aGVsbG8=", "!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!!set {a, b}",
        "!!omap [a: 1]", "!!int 3", "!!float .nan", "!!null ''", "!!str 1", "!!timestamp 2020-01-01", "!foo bar",
        "!<tag:yaml.org,2002:map> {}", "!!map [1]", "? [a, b]\n: c", "{? a}", "[a, b]: c", "{[a]: 1}", "|-\n  x", ">\n"]
MD_SNIPPETS = ["[リンク](javascript:alert(1))", "<a href=\"data:text/html,x\">x</a>", "<script>alert(1)</script>",
               "{: #x onclick=\"alert(1)\" }", "<div markdown=\"1\">\n未完", "</div></div>", "[TOC]", "&#0; &#xD800; &bogus;",
               "| a | b |\n|---|\n| 1 |", "!!! note\n    注意", "用語\n:   定義", "<!-- 閉じない", "```\n閉じないコード",
               "# " + "見出し" * 2000, "[a]: <javascript:x>", "![](../../../etc/passwd)", "<img src=x onerror=alert(1)>",
               "{{ config }}", "{% include 'x' %}", "\\" * 1000, "*" * 5000, "[" * 3000, "<" * 3000, "`" * 3000,
               "  " * 500 + "- 深い", "\ufeff\u202e\x00\udcff"]


def make_value(rng: random.Random, raw: list[str]):
    """(a replacement value, its name); `raw` collects YAML text put in verbatim (deep nesting, tags)."""
    name = rng.choice(["null", "empty_list", "empty_map", "list", "map", "huge_string", "number", "bool", "date",
                       "deep", "string", "tag"])
    if name == "null":
        return None, name
    if name == "empty_list":
        return [], name
    if name == "empty_map":
        return {}, name
    if name == "list":
        n = rng.choice([1, 2, 3, 6, 10, 100])
        return [rng.choice([rng.choice(STRINGS), rng.randint(-9, 9), None, [rng.choice(STRINGS)], {"k": "v"}])
                for _ in range(n)], f"{name}({n})"
    if name == "map":
        n = rng.choice([1, 2, 6, 30])
        return {f"{rng.choice(STRINGS)}{i}": rng.choice([rng.choice(STRINGS), None, [1], {"y": None}]) for i in range(n)}, \
            f"{name}({n})"
    if name == "huge_string":
        n = rng.choice([1_000, 100_000, 1_000_000])
        return rng.choice(["あ", "a", "楓 ", "x\n", "\U0001F600"]) * n, f"{name}({n})"
    if name == "number":
        return rng.choice([0, -1, 1, 2**63, 10**400, -(10**30), 1e308, float("inf"), float("-inf"), float("nan"),
                           1.5e-300, 3.14159, -0.0]), name
    if name == "bool":
        return rng.choice([True, False]), name
    if name == "date":
        day = dt.date(rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 28))
        return rng.choice([day, dt.datetime(day.year, day.month, day.day, 12, 30, tzinfo=dt.timezone.utc)]), name
    if name == "deep":
        depth = rng.choice([10, 49, 50, 51, 100, 1000, 5000])
        opener, closer = rng.choice([("[", "]"), ("{a: ", "}"), ("[{a: ", "}]")])
        raw.append(opener * depth + "x" + closer * depth)
        return f"__FUZZ_RAW_{len(raw) - 1}__", f"deep({depth})"
    if name == "tag":
        raw.append(rng.choice(TAGS))
        return f"__FUZZ_RAW_{len(raw) - 1}__", f"tag({raw[-1]!r})"
    return rng.choice(STRINGS + CHARS), name


# --- structural mutations: on the parsed tree, dumped again --------------------------------------------

class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # a value copied twice is written twice, not as an anchor and alias
        return True


def _places(tree, path="$"):
    """Every (container, key, path) below tree: dict keys and list indexes."""
    out = []
    items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
    for k, v in items:
        p = f"{path}[{k!r}]"
        out.append((tree, k, p))
        out.extend(_places(v, p))
    return out


def mutate_tree(tree, rng: random.Random, build: bool = False) -> tuple[object, str, str, list[str]]:
    """(the new tree, the operator, its detail, raw YAML snippets) for one structural mutation."""
    raw: list[str] = []
    tree = copy.deepcopy(tree)
    places = _places(tree)
    dicts = [p for p in places if isinstance(p[0], dict)]
    lists = [p for p in places if isinstance(p[0], list)]
    strings = [p for p in places if isinstance(p[0][p[1]], str)]
    ops = ["delete", "set", "set", "set", "dup-item", "swap", "weird-chars", "rename-key", "add-key", "set-root",
           "wrap", "explode"] + ["nasty-text"] * (12 if build else 1)  # a build renders what validates
    op = rng.choice(ops)
    if op == "set-root" or not places:
        value, what = make_value(rng, raw)
        return value, "set-root", what, raw
    if op == "delete":
        parent, key, path = rng.choice(places)
        del parent[key]
        return tree, op, path, raw
    if op == "dup-item" and lists:
        parent, key, path = rng.choice(lists)
        parent.insert(rng.randint(0, len(parent)), copy.deepcopy(parent[key]))
        return tree, op, path, raw
    if op == "swap":
        (p1, k1, path1), (p2, k2, path2) = rng.choice(places), rng.choice(places)
        v1, v2 = copy.deepcopy(p1[k1]), copy.deepcopy(p2[k2])
        p1[k1] = v2
        if p2 is not v2 and not _inside(p2, p1[k1]):  # p2 may be gone (inside the replaced value): fine
            p2[k2] = v1
        return tree, op, f"{path1} <-> {path2}", raw
    if op == "wrap":  # a value put inside a list or a mapping: `code: ["999997"]`
        parent, key, path = rng.choice(places)
        parent[key] = rng.choice([[parent[key]], {"value": parent[key]}, {parent[key] if isinstance(parent[key], str)
                                                                           else "k": parent[key]}])
        return tree, op, path, raw
    if op == "explode" and strings:  # a text split into a list of its characters: `code: [9, 9, 9, 9, 9, 7]`
        parent, key, path = rng.choice(strings)
        parent[key] = list(parent[key])[:1000]
        return tree, op, path, raw
    if op == "nasty-text" and strings:  # text that may well pass validation and reach the pages
        parent, key, path = rng.choice(strings)
        s, nasty = parent[key], rng.choice(NASTY)
        at = rng.randint(0, len(s))
        parent[key] = rng.choice([s[:at] + nasty + s[at:], nasty, nasty * rng.choice([2, 10, 100])])
        return tree, op, f"{path} = {parent[key][:60]!r}", raw
    if op == "weird-chars" and strings:
        parent, key, path = rng.choice(strings)
        s = parent[key]
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(s))
            s = s[:at] + rng.choice(CHARS) + s[at:]
        parent[key] = s
        return tree, op, f"{path} = {s[:60]!r}", raw
    if op in ("rename-key", "add-key") and dicts:
        parent, key, path = rng.choice(dicts)
        if rng.random() < 0.3:
            raw.append(rng.choice(["[a, b]", "{a: 1}", "? x", "!!int 1", "&k k", "*k", "'", '"', "- x", "-", ":", "#"]))
            new = f"__FUZZ_RAW_{len(raw) - 1}__"
        else:
            new = rng.choice(STRINGS + CHARS + [f"{key}{rng.choice(CHARS)}", key.upper() if isinstance(key, str) else key])
        if new in parent and new != key:
            new = f"{new}_"
        value = parent[key]
        if op == "rename-key":
            items = [(new if k == key else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)
        else:
            parent[new] = copy.deepcopy(value)
        return tree, op, f"{path} -> {new!r}", raw
    parent, key, path = rng.choice(places)
    value, what = make_value(rng, raw)
    parent[key] = value
    return tree, f"set:{what.split('(')[0]}", f"{path} = {what}", raw


def _inside(container, value) -> bool:
    if container is value:
        return True
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return any(_inside(container, v) for v in items)


def dump(tree, raw: list[str], rng: random.Random) -> str:
    text = yaml.dump(tree, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=rng.choice([False, None]), width=rng.choice([80, 10**6]))
    for i, snippet in enumerate(raw):  # the placeholder may have been quoted by the dumper
        for form in (f"'__FUZZ_RAW_{i}__'", f'"__FUZZ_RAW_{i}__"', f"__FUZZ_RAW_{i}__"):
            text = text.replace(form, snippet)
    return text


# --- text-level mutations: on the raw bytes ------------------------------------------------------------

BYTES = [b"\x00", b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x80\xae", b"\xef\xbf\xbe",
         b"\xc2\x85", b"\xe2\x80\xa8", b"\r", b"\t", b"%YAML 1.1\n", b"%TAG ! tag:x,2000:\n", b"? ", b"!!binary ",
         b"{", b"[", b"}", b"]", b"\"", b"'", b"|", b">", b"#", b"\\", b": ", b"- ", b",", b"@", b"`", b"%", b"!"]
TEXT_OPS = ["flip-byte", "set-byte", "delete-line", "dup-line", "swap-lines", "tab", "truncate", "anchor", "alias",
            "anchor-alias", "doc-marker", "shift-jis", "utf-16", "bom", "crlf", "insert-bytes", "long-line",
            "brackets", "indent", "empty"]


def mutate_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str, str]:
    op = rng.choice(TEXT_OPS)
    lines = data.splitlines(keepends=True) or [b""]
    li = rng.randrange(len(lines))
    pos = rng.randint(0, len(data))
    if op == "flip-byte" and data:
        pos = rng.randrange(len(data))
        bit = 1 << rng.randrange(8)
        return data[:pos] + bytes([data[pos] ^ bit]) + data[pos + 1:], op, f"byte {pos} ^ {bit:#x}"
    if op == "set-byte" and data:
        pos, b = rng.randrange(len(data)), rng.randrange(256)
        return data[:pos] + bytes([b]) + data[pos + 1:], op, f"byte {pos} = {b:#04x}"
    if op == "delete-line":
        return b"".join(lines[:li] + lines[li + 1:]), op, f"line {li + 1}"
    if op == "dup-line":
        return b"".join(lines[:li + 1] + lines[li:]), op, f"line {li + 1}"
    if op == "swap-lines":
        lj = rng.randrange(len(lines))
        lines[li], lines[lj] = lines[lj], lines[li]
        return b"".join(lines), op, f"lines {li + 1} <-> {lj + 1}"
    if op == "tab":
        line = lines[li]
        where = rng.choice(["indent", "start", "anywhere"])
        if where == "indent":
            stripped = line.lstrip(b" ")
            lines[li] = b"\t" * max(1, (len(line) - len(stripped)) // 2) + stripped
        elif where == "start":
            lines[li] = b"\t" + line
        else:
            at = rng.randint(0, len(line))
            lines[li] = line[:at] + b"\t" + line[at:]
        return b"".join(lines), op, f"{where} of line {li + 1}"
    if op == "truncate":
        return data[:pos], op, f"at byte {pos}"
    if op in ("anchor", "alias", "anchor-alias"):
        anchor, alias = b"&a ", b"*a"
        if op == "anchor":
            return data[:pos] + anchor + data[pos:], op, f"&a at byte {pos}"
        if op == "alias":
            return data[:pos] + alias + data[pos:], op, f"*a at byte {pos}"
        m = list(re.finditer(rb": ", data))
        if len(m) >= 2:
            a, b = sorted(rng.sample(m, 2), key=lambda x: x.end())
            return data[:a.end()] + anchor + data[a.end():b.end()] + alias + b"\n" + data[b.end():], op, \
                f"&a at {a.end()}, *a at {b.end()}"
        return anchor + data + b"\n- *a\n", op, "around the file"
    if op == "doc-marker":
        marker = rng.choice([b"---\n", b"...\n", b"--- \n", b"---\n---\n", b"--- !!map\n"])
        lines.insert(li, marker)
        return b"".join(lines), op, f"{marker!r} before line {li + 1}"
    if op == "shift-jis":
        return data.decode("utf-8").encode(rng.choice(["cp932", "shift_jis", "euc_jp"]), errors="replace"), op, ""
    if op == "utf-16":
        enc = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
        return data.decode("utf-8").encode(enc), op, enc
    if op == "bom":
        bom = rng.choice([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])
        return bom + data, op, repr(bom)
    if op == "crlf":
        nl = rng.choice([b"\r\n", b"\r", b"\x85", b"\xe2\x80\xa8"])
        return data.replace(b"\n", nl), op, repr(nl)
    if op == "insert-bytes":
        b = rng.choice(BYTES) * rng.choice([1, 1, 2, 100])
        return data[:pos] + b + data[pos:], op, f"{b[:20]!r} at byte {pos}"
    if op == "long-line":
        n = rng.choice([10_000, 1_000_000])
        return data[:pos] + rng.choice([b"a", "楓".encode(), b" ", b"-"]) * n + data[pos:], op, f"{n} at byte {pos}"
    if op == "brackets":
        n = rng.choice([49, 50, 51, 1000, 100_000])
        return data[:pos] + rng.choice([b"[", b"{", b"]"]) * n + data[pos:], op, f"{n} at byte {pos}"
    if op == "indent":
        delta = rng.choice([-4, -2, -1, 1, 2, 200])
        line = lines[li]
        lines[li] = b" " * delta + line if delta > 0 else line[min(-delta, len(line) - len(line.lstrip(b" "))):]
        return b"".join(lines), op, f"{delta:+d} on line {li + 1}"
    if op == "empty":
        return rng.choice([b"", b"\n", b"   \n", b"# only a comment\n", b"---\n", b"~\n", b"[]\n", b"{}\n"]), op, ""
    return data[:pos] + b"\x00" + data[pos:], "insert-bytes", f"NUL at byte {pos}"


# --- one mutant ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mutant:
    label: str  # "17" for validate, "b3" for build
    kind: str
    site: str
    path: str
    op: str
    detail: str
    data: bytes

    def describe(self) -> str:
        return (f"seed={SEED} index={self.label} site={self.site} file={self.path} ({self.kind}) op={self.op} "
                f"{self.detail[:200]}")


_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def make_mutant(bases: dict[str, Path], index: int, build: bool = False) -> Mutant:
    """The mutant for (SEED, index): the same bytes on every machine and run."""
    rng = random.Random(f"kyoten-fuzz:{SEED}:{'b' if build else ''}{index}")
    kind = KINDS[index % len(KINDS)]
    # validate alternates between the two sites; a build takes the small _base when it has the file
    site = kind.sites[-1] if build else kind.sites[(index // len(KINDS)) % len(kind.sites)]
    path = rng.choice(kind.paths)
    data = (bases[site] / path).read_bytes()
    text = data.decode("utf-8")
    how = rng.random()
    if kind.name == "markdown":
        m = _FRONT.match(text)
        if how < 0.4:
            tree, op, detail, raw = mutate_tree(yaml.safe_load(m.group(1)), rng, build)
            new = "---\n" + dump(tree, raw, rng) + "---\n" + text[m.end():]
            mutated, op = new.encode("utf-8", "surrogatepass"), f"front-matter:{op}"
        elif how < 0.6:
            body = text[m.end():].splitlines(keepends=True)
            at = rng.randint(0, len(body))
            snippet = rng.choice(MD_SNIPPETS)
            if rng.random() < 0.3:
                depth = rng.choice([50, 500, 5000])
                snippet = rng.choice(["> " * depth, "    " * depth + "- ", "1. " * depth, "<div>" * depth]) + "深い"
            body.insert(at, "\n" + snippet + "\n")
            mutated, op, detail = (text[:m.end()] + "".join(body)).encode("utf-8", "surrogatepass"), "body", \
                f"{snippet[:40]!r} at line {at + 1}"
        else:
            mutated, op, detail = mutate_bytes(data, rng)
    elif how < (0.8 if build else 0.5):
        tree, op, detail, raw = mutate_tree(yaml.safe_load(text), rng, build)
        mutated = dump(tree, raw, rng).encode("utf-8", "surrogatepass")  # a lone surrogate: as YAML's \uDCFF escape
    else:
        mutated, op, detail = mutate_bytes(data, rng)
    return Mutant(f"{'b' if build else ''}{index}", kind.name, site, path, op, detail, mutated)


# --- running a mutant ----------------------------------------------------------------------------------

class Hang(BaseException):
    """Raised by SIGALRM: a mutant took longer than TIMEOUT."""


def _on_alarm(signum, frame):
    raise Hang()


@contextlib.contextmanager
def time_bound(seconds: float):
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 6 + 30, exit=True, file=sys.__stderr__)  # a loop in C code never sees SIGALRM
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGALRM, old)


DIAGNOSTIC = re.compile(r"^\S.*:\d+:\d+: エラー: .+$", re.M)
SAFETY_NETS = ("(recursion limit)", "(out of memory)")  # cli.main's last resort: no file:line


def run(argv: list[str], validate: bool) -> tuple[int | None, str, str | None]:
    """(exit code, stderr, the problem or None)."""
    err = io.StringIO()
    start = time.monotonic()
    rc = None
    try:
        with contextlib.redirect_stderr(err), time_bound(TIMEOUT):
            rc = kyoten(argv)
    except Hang:
        return None, err.getvalue(), f"hang: no answer after {time.monotonic() - start:.1f} s"
    except BaseException as e:  # noqa: BLE001 - any exception escaping is the bug
        return None, err.getvalue(), f"exception escaped: {type(e).__name__}: {str(e)[:300]}"
    out = err.getvalue()
    if rc == 130:
        raise KeyboardInterrupt
    if not isinstance(rc, int) or rc not in (0, 1):
        return rc, out, f"exit code {rc!r}, expected 0 or 1"
    if "Traceback" in out:
        return rc, out, "a traceback on stderr"
    if any(net in out for net in SAFETY_NETS):
        return rc, out, "caught only by cli.main's safety net (no file:line)"
    if rc == 1 and validate and not DIAGNOSTIC.search(out):
        return rc, out, "exit 1 without a 'file:line:col: エラー: …' line"
    if rc == 1 and not validate and "エラー" not in out and "失敗" not in out:
        return rc, out, "exit 1 without a Japanese error"
    return rc, out, None


def check_mutant(m: Mutant, bases: dict[str, Path], work: Path, build: bool) -> str | None:
    site = copy_site(bases[m.site], work / "site")
    (site / m.path).write_bytes(m.data)
    try:
        argv = ["build", str(site), "-d", str(work / "out")] if build else ["validate", str(site)]
        rc, err, problem = run(argv, validate=not build)
        if keep := os.environ.get("KYOTEN_FUZZ_KEEP"):
            shutil.copytree(site, Path(keep) / f"mutant-{m.label}", dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if problem is None:
        return None
    tail = "\n    ".join(err.strip().splitlines()[-8:])[-2000:]
    return (f"{m.describe()}\n  -> {problem}\n  stderr: {tail}\n  reproduce: KYOTEN_FUZZ_SEED={SEED} "
            f"KYOTEN_FUZZ_ONLY={m.label} .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py -k reproduce")


def _chunks(n: int, size: int):
    return [pytest.param(range(s, min(s + size, n)), id=f"{s:05d}-{min(s + size, n) - 1:05d}")
            for s in range(0, n, size)]


@pytest.mark.parametrize("indexes", _chunks(N, CHUNK))
def test_validate_mutants(indexes, bases, tmp_path):
    failures = [f for i in indexes
                if (f := check_mutant(make_mutant(bases, i), bases, tmp_path / f"m{i}", build=False))]
    assert not failures, f"{len(failures)} of {len(indexes)} mutants failed:\n" + "\n".join(failures)


@pytest.mark.parametrize("indexes", _chunks(BUILD_N, BUILD_CHUNK))
def test_build_mutants(indexes, bases, tmp_path):
    failures = [f for i in indexes
                if (f := check_mutant(make_mutant(bases, i, build=True), bases, tmp_path / f"b{i}", build=True))]
    assert not failures, f"{len(failures)} of {len(indexes)} build mutants failed:\n" + "\n".join(failures)


def test_reproduce(bases, tmp_path):
    """One mutant again: KYOTEN_FUZZ_SEED=<seed> KYOTEN_FUZZ_ONLY=<index> (b<index> for a build mutant)."""
    only = os.environ.get("KYOTEN_FUZZ_ONLY")
    if not only:
        pytest.skip("set KYOTEN_FUZZ_ONLY=<index> to run one mutant")
    build = only.startswith("b")
    m = make_mutant(bases, int(only.lstrip("b")), build=build)
    print(m.describe())
    assert check_mutant(m, bases, tmp_path / "one", build=build) is None


def test_the_bases_are_valid_and_mutants_are_deterministic(bases, tmp_path):
    for name, site in bases.items():
        assert run(["validate", str(site)], validate=True)[:1] == (0,), name
    for i in (0, 1, 7, 8, 123):
        assert make_mutant(bases, i) == make_mutant(bases, i)
        assert make_mutant(bases, i, build=True) == make_mutant(bases, i, build=True)
    seen = {make_mutant(bases, i).kind for i in range(len(KINDS))}
    assert seen == {k.name for k in KINDS}


# --- inputs the fuzzer once broke: each must be a clear Japanese error with its file:line -------------

def _replace(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)
    return edit


def _append(body: str):
    return lambda text: text + "\n" + body


def _title(value: str):
    return _replace("title: このサイトについて\n", f"title: {value}\n")


# (site, file, edit of its text, command, the start of the expected error line)
FOUND = [
    # found reading config._build while writing the operators (the `explode` operator makes this kind of input)
    pytest.param("base", "site_config.yml", _replace('code: "999997"', "code: [9, 9, 9, 9, 9, 7]"), "validate",
                 "site_config.yml:4:9: エラー: code には値を書いてください", id="config-code-as-list"),
    pytest.param("base", "providers.yaml", _replace("url: https://example.jp/short/", "url: https://[example.jp/short/"),
                 "validate", "providers.yaml:14:8: エラー: url「https://[example.jp/short/」は http:// または https:// で始まるURLではありません",
                 id="url-unclosed-ipv6-bracket"),
    pytest.param("base", "content/about.md", _append("1. " * 500 + "深い\n"), "build",
                 "content/about.md:14:1: エラー: 入れ子（リスト、引用、字下げ、HTML）が深すぎます", id="markdown-list-500-deep"),
    pytest.param("base", "content/about.md", _append("".join("    " * i + "- x\n" for i in range(300))), "build",
                 "content/about.md:64:1: エラー: 入れ子", id="markdown-indented-list-300-deep"),
    pytest.param("base", "content/about.md", _append('<div markdown="1">\n' * 500 + "x\n" + "</div>\n" * 500), "build",
                 "content/about.md:64:1: エラー: 入れ子", id="markdown-html-blocks-500-deep"),
    pytest.param("base", "content/about.md", _title("'" + "x\n\n  " * 2000 + "x'"), "build",
                 "content/about.md:2:8: エラー: title に改行や制御文字は使えません", id="markdown-title-2000-lines"),
    pytest.param("base", "content/about.md", _title("見出し" * 1000), "validate",
                 "content/about.md:2:8: エラー: title が長すぎます（3000文字）", id="markdown-title-too-long"),
    pytest.param("base", "content/about.md", _title("2024"), "build",
                 'content/about.md:2:8: エラー: title「2024」が文字ではなく数や日付として読まれます', id="markdown-title-number"),
    pytest.param("base", "content/about.md", _title("2024-04-01"), "build",
                 'content/about.md:2:8: エラー: title「2024-04-01」が文字ではなく', id="markdown-title-date"),
]


@pytest.mark.parametrize("site_name, path, edit, command, expected", FOUND)
def test_found_by_the_fuzzer(site_name, path, edit, command, expected, bases, tmp_path):
    site = copy_site(bases[site_name], tmp_path / "site")
    (site / path).write_text(edit((site / path).read_text(encoding="utf-8")), encoding="utf-8")
    argv = [command, str(site)] + (["-d", str(tmp_path / "out")] if command == "build" else [])
    rc, err, problem = run(argv, validate=command == "validate")
    assert problem is None, f"{problem}\n{err}"
    assert rc == 1 and any(line.startswith(expected) for line in err.splitlines()), err


def test_deep_but_fine_markdown_still_builds(bases, tmp_path):
    """The nesting bound is 50 levels: a list 50 deep is still a page (no false alarm)."""
    site = copy_site(bases["base"], tmp_path / "site")
    page = site / "content" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "- " * 50 + "深い\n\n<div markdown=\"1\">\n- a\n</div>\n",
                    encoding="utf-8")
    rc, err, problem = run(["build", str(site), "-d", str(tmp_path / "out")], validate=False)
    assert (rc, problem) == (0, None), err
