"""`pip install .` (not only -e) ships the theme as package data and registers the entry points."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, copy_site


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
    assert "kyoten = kyoten.tools.cli:command" in text


def test_the_readme_install_line_works_in_a_fresh_virtual_environment(tmp_path: Path):
    """issue 19: the README's one line, with this repository and its HEAD commit in place of REPOSITORY and
    COMMIT_OR_TAG, installs kyoten (PDF extra included) into a new venv that then builds the demo city."""
    import re
    import venv

    import kyoten

    line = next(m.group(1) for m in re.finditer(r'^pip install "(kyoten-site\[pdf\] @ git\+REPOSITORY@COMMIT_OR_TAG)"$',
                                                  (ROOT / "README.md").read_text(encoding="utf-8"), re.M))
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    # file://localhost/…: the pip that venv brings (23.2) refuses a git+file URL without a host
    requirement = line.replace("REPOSITORY", "file://localhost" + ROOT.resolve().as_posix()).replace("COMMIT_OR_TAG", head)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    r = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", requirement],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    command = env_dir / "bin" / "kyoten"
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True).stdout
    assert kyoten.__version__ in version
    site = copy_site(ROOT, tmp_path / "demo")
    r = subprocess.run([str(command), "build", str(site), "-d", str(tmp_path / "out")], capture_output=True, text=True,
                       timeout=600, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert (tmp_path / "out" / "index.html").is_file() and list((tmp_path / "out").rglob("*.pdf"))  # the PDF extra works
    # pip recorded where it came from (PEP 610), in the form `kyoten init` reads to pin a city's workflows:
    # the commit as installed; the address is file:// here, which init leaves alone (a city's GitHub cannot
    # fetch it), so the same record with an https address is what init would pin
    import json

    from kyoten.tools.scaffold import installed_from

    (record,) = env_dir.glob("lib/python*/site-packages/kyoten_site-*.dist-info/direct_url.json")
    text = record.read_text(encoding="utf-8")
    assert json.loads(text)["vcs_info"]["commit_id"] == head and installed_from(text) == (None, None)
    https = json.dumps({**json.loads(text), "url": "https://git.example.org/kyoten"})
    assert installed_from(https) == ("https://git.example.org/kyoten", head)
