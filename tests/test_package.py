"""`pip install .` (not only -e) ships the theme as package data and registers the entry points."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_contains_the_theme_and_entry_points(tmp_path: Path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True)
    (wheel,) = tmp_path.glob("kyoten_site-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {p.relative_to(ROOT / "kyoten" / "theme").as_posix() for p in (ROOT / "kyoten" / "theme").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    assert {f"kyoten/theme/{t}" for t in theme} <= names
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kyoten").rglob("*.py") if "theme" not in p.parts}
    assert modules <= names, modules - names  # every subpackage (model, pages, render, …) ships
    templates = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kyoten" / "tools" / "templates").rglob("*") if p.is_file()}
    assert templates and templates <= names, templates - names  # what `kyoten init` writes
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry).decode()
    assert "kyoten = kyoten.plugin:KyotenPlugin" in text
    assert "kyoten = kyoten.theme" in text
    assert "kyoten = kyoten.tools.cli:main" in text
