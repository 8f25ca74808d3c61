"""The proofread readings: every kanji compound the furigana step puts a reading over, on every page of
every built site, checked by a person (issue 15).

`reviewed.tsv` (next to this file) holds one reviewed compound a line: surface, reading, note (TAB-separated;
a note says why a reading is right where it could be doubted). A test builds the root demo and every example
and fails when a page carries a (surface, reading) pair that is not in it.

    python -m kyoten.japanese.review [SITE_DIR ...]

builds the sites (default: the repository's root demo and examples/*, without PDFs), and writes the pairs
nobody reviewed to `reading-candidates.tsv` in the current folder, each with one place it appears. It never
marks anything reviewed: read each candidate in its context; if the reading is right, move the line to
reviewed.tsv; if it is wrong, fix the dictionary in readings.py (or the site's content/readings.yml) and run
the command again.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

REVIEWED = Path(__file__).with_name("reviewed.tsv")
CANDIDATES = "reading-candidates.tsv"

# the furigana step writes exactly this (furigana.py: _ruby_word); </rt> is left out there
_RUBY = re.compile(r"<ruby>([^<]*)<rt>([^<]*)</ruby>")
_TAG = re.compile(r"<[^>]*>")
_RT = re.compile(r"<rt>[^<]*")


def ruby_pairs(html: str) -> dict[tuple[str, str], str]:
    """(surface, reading) → a short context (the text around its first use, readings left out)."""
    out: dict[tuple[str, str], str] = {}
    for m in _RUBY.finditer(html):
        key = (m.group(1), m.group(2))
        if key not in out:
            before = _TAG.sub("", _RT.sub("", html[max(0, m.start() - 400):m.start()]))[-12:]
            after = _TAG.sub("", _RT.sub("", html[m.end():m.end() + 400]))[:12]
            out[key] = " ".join((before + "［" + m.group(1) + "］" + after).split())
    return out


def pairs_in(folders) -> dict[tuple[str, str], str]:
    """Every (surface, reading) on every HTML page below these folders, with one context."""
    out: dict[tuple[str, str], str] = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.html")):
            for key, context in ruby_pairs(path.read_text(encoding="utf-8")).items():
                out.setdefault(key, f"{context}（{path.relative_to(folder).as_posix()}）")
    return out


def load_reviewed(path: Path = REVIEWED) -> dict[tuple[str, str], str]:
    """(surface, reading) → note."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, reading, *note = line.split("\t")
        out[(surface, reading)] = note[0] if note else ""
    return out


def unreviewed(found: dict[tuple[str, str], str], reviewed: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    return {k: v for k, v in sorted(found.items()) if k not in reviewed}


def _default_sites() -> list[Path]:
    repo = Path(__file__).resolve().parents[2]
    return [repo, *sorted(p.parent for p in (repo / "examples").glob("*/site_config.yml"))]


def main(argv: list[str] | None = None) -> int:
    sites = [Path(a) for a in (sys.argv[1:] if argv is None else argv)] or _default_sites()
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for i, site in enumerate(sites):
            out = Path(tmp) / str(i)
            # a subprocess: this module sits below the build in the package layers (docs/ARCHITECTURE.md)
            done = subprocess.run([sys.executable, "-m", "kyoten", "build", str(site), "-d", str(out), "--no-pdf"],
                                  capture_output=True, text=True)
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return done.returncode
            outs.append(out)
        new = unreviewed(pairs_in(outs), load_reviewed())
    with open(CANDIDATES, "w", encoding="utf-8") as f:
        f.write("# surface\treading\tcontext (check each; move the right ones to kyoten/japanese/reviewed.tsv)\n")
        f.writelines(f"{s}\t{r}\t{c}\n" for (s, r), c in new.items())
    print(f"{len(new)}語が未確認です: {CANDIDATES} を確かめてください" if new else "未確認の語はありません")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
