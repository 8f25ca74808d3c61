"""Issue 17: the house stays readable. Imports go one way (tools → plugin → render → pages → exports →
model → japanese/urls) with no circle between modules, and templates take every site path from the
URL helpers (kyoten/urls.py) instead of spelling it out."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PKG = ROOT / "kyoten"
# a module may import from its own layer or a lower one (docs/ARCHITECTURE.md)
LAYERS = {"japanese": 0, "urls": 0, "theme": 0, "processes": 0, "model": 1, "exports": 2, "pages": 3, "render": 4, "plugin": 5,
          "tools": 6, "__main__": 7, "__init__": 0}  # kyoten/__init__.py holds only the version


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """Every kyoten module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("kyoten"):
            for alias in node.names:  # `from kyoten.model import site` imports the module kyoten.model.site
                sub = f"{node.module}.{alias.name}"
                target = PKG / Path(*sub.split(".")[1:])
                found.add(sub if target.with_suffix(".py").exists() or target.is_dir() else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("kyoten")}
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: use absolute imports (from kyoten.… import …)")
    return found


def _graph() -> dict[str, set[str]]:
    return {_module(p): _imports(p) for p in PKG.rglob("*.py")}


def _layer(module: str) -> tuple[str, int]:
    part = module.split(".")[1] if "." in module else "__init__"
    return part, LAYERS[part]


def test_every_package_has_a_layer():
    for m in _graph():
        _layer(m)


def test_imports_go_down_the_layers_only():
    upward = []
    for m, deps in _graph().items():
        pkg, rank = _layer(m)
        for d in deps:
            dpkg, drank = _layer(d)
            if drank > rank or (drank == rank and dpkg != pkg):
                upward.append(f"{m} → {d}")
    assert not upward, "imports against the layers:\n" + "\n".join(sorted(upward))


def test_no_import_circle():
    graph = _graph()
    circles, state = [], {}

    def visit(m, stack):
        state[m] = 1
        for d in sorted(graph.get(m, ())):
            if state.get(d) == 1:
                circles.append(" → ".join(stack[stack.index(d):] + [d]))
            elif d in graph and not state.get(d):
                visit(d, stack + [d])
        state[m] = 2

    for m in sorted(graph):
        if not state.get(m):
            visit(m, [m])
    assert not circles, "import circles:\n" + "\n".join(circles)


def test_the_checks_can_fail(tmp_path):
    """The graph walk sees function-local imports and `from package import module`."""
    f = tmp_path / "x.py"
    f.write_text("def f():\n    from kyoten.tools import cli\n    import kyoten.render.view\n", encoding="utf-8")
    assert _imports(f) == {"kyoten.tools.cli", "kyoten.render.view"}


# site paths a template must not spell out: every folder kyoten generates
_PATH = re.compile(r"""(?:href|src|action|data-[a-z-]+)=["']\{\{\s*base_url\s*\}\}/(?!assets/)([^"'{]+)""")


def test_templates_take_site_paths_from_the_url_helpers():
    hard = []
    for t in sorted((PKG / "theme").rglob("*.html")):
        for n, line in enumerate(t.read_text(encoding="utf-8").splitlines(), 1):
            hard += [f"{t.relative_to(PKG)}:{n}: {m.group(1)}" for m in _PATH.finditer(line)]
    assert not hard, "hard-coded site paths (use k.url…):\n" + "\n".join(hard)


_BLOCK = re.compile(r"{%-?\s*block\s+(\w+)")


def test_page_templates_extend_main_and_fill_only_blocks_base_has():
    """A block base.html does not have would be dropped without a word (a renamed block lost map.js once);
    a page's extrahead keeps what a city's overrides/main.html adds there (super())."""
    theme = PKG / "theme"
    base_blocks = set(_BLOCK.findall((theme / "base.html").read_text(encoding="utf-8")))
    assert {"header", "footer", "extrahead", "styles", "scripts", "content"} <= base_blocks
    for t in sorted(theme.glob("*.html")):
        src = t.read_text(encoding="utf-8")
        if t.name in ("base.html", "main.html", "flyer_pdf.html", "form_pdf.html"):  # the PDFs are print documents
            continue
        assert src.lstrip().startswith('{% extends "main.html" %}'), t.name
        assert set(_BLOCK.findall(src)) <= base_blocks, (t.name, set(_BLOCK.findall(src)) - base_blocks)
        for m in re.finditer(r"{%\s*block\s+(\w+)\s*%}(.{0,20})", src):
            if m.group(1) != "content":
                assert m.group(2).startswith("{{ super() }}"), (t.name, m.group(1))
