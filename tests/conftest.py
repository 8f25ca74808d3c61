"""Shared fixtures: build real sites into temporary folders and parse their HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from generator.cli import main as kyoten

ROOT = Path(__file__).resolve().parent.parent
SITE_FILES = ("site_config.yml", "providers.yaml", "content")


def copy_site(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        s = src / name
        if s.is_dir():
            shutil.copytree(s, dst / name)
        elif s.exists():
            shutil.copy2(s, dst / name)
    return dst


def build(site_dir: Path, out: Path, *extra: str) -> int:
    return kyoten(["build", str(site_dir), "-d", str(out), *extra])


@pytest.fixture(scope="session")
def root_site(tmp_path_factory) -> Path:
    """The root demo city, built once per test session."""
    out = tmp_path_factory.mktemp("root") / "site"
    assert build(ROOT, out) == 0
    return out


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def text(el) -> str:
    return " ".join(el.text_content().split())
