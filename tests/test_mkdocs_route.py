"""A city's own mkdocs.yml with `theme: kyoten` and `plugins: [kyoten]` (issue 19), through mkdocs' own
build API in this process: it builds like `kyoten build`, data YAML is not published, `mkdocs serve`
watches the data, and a wrong pairing is one Japanese error."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

BASE = Path(__file__).resolve().parent / "data" / "bad" / "_base"


def project(tmp_path: Path, body: str) -> Path:
    root = shutil.copytree(BASE, tmp_path / "city")
    (root / "content" / "about.md").write_text("# このサイトについて\n\n見本の市のサイトです。\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"site_name: 見本市\ndocs_dir: content\nsite_dir: {tmp_path / 'out'}\n{body}",
                                     encoding="utf-8")
    return root


def config(root: Path) -> tuple[MkDocsConfig, list]:
    """mkdocs.yml loaded and validated as `mkdocs build` does (mkdocs.config.load_config, without its exit)."""
    cfg = MkDocsConfig(config_file_path=str(root / "mkdocs.yml"))
    with open(root / "mkdocs.yml", "rb") as f:
        cfg.load_file(f)
    errors, _ = cfg.validate()
    return cfg, errors


def build_errors(cfg: MkDocsConfig) -> list[str]:
    """Build; mkdocs logs a PluginError's message and stops with Abort (a ClickException: no traceback)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append  # type: ignore[method-assign]
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    try:
        with pytest.raises(Abort, match="Aborted with a BuildError!"):
            build(cfg)
    finally:
        log.removeHandler(handler)
    return [r.getMessage() for r in records]


class Server:
    def __init__(self):
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_plugin_and_theme_build_the_site_without_publishing_data_and_serve_watches_the_data(tmp_path):
    root = project(tmp_path, "theme: kyoten\nplugins: [kyoten]\n")  # use_directory_urls left at mkdocs' default
    cfg, errors = config(root)
    assert errors == []
    build(cfg)
    out = tmp_path / "out"
    assert (out / "index.html").is_file() and (out / "providers" / "mihon-kikan" / "index.html").is_file()
    assert (out / "about.html").is_file() and not (out / "about").exists()  # links end in .html, as kyoten build
    assert (out / "search" / "search_index.js").is_file()  # kyoten's own search
    assert not [p.name for p in out.rglob("*") if p.suffix in (".yml", ".yaml")]  # content/functions.yml stays home
    server = Server()
    cfg.plugins["kyoten"].on_serve(server, config=cfg, builder=None)
    assert {Path(p).name for p in server.watched} == {"providers.yaml", "site_config.yml", "content"}
    assert all(Path(p).is_absolute() and Path(p).exists() for p in server.watched)


@pytest.mark.parametrize("plugins", ["", "plugins: [search]\n"])
def test_the_theme_without_the_plugin_is_one_japanese_configuration_error(tmp_path, plugins):
    cfg, errors = config(project(tmp_path, "theme: kyoten\n" + plugins))
    assert [(name, str(e)) for name, e in errors] == [
        ("theme", "テーマ kyoten はプラグイン kyoten と一緒に使います。mkdocs.yml に「plugins: [kyoten]」を書いてください "
                  "(theme kyoten needs plugin kyoten)")]


def test_the_plugin_with_another_theme_is_one_japanese_error(tmp_path):
    cfg, errors = config(project(tmp_path, "theme: mkdocs\nplugins: [kyoten]\n"))
    assert errors == []
    assert build_errors(cfg) == ["プラグイン kyoten はテーマ kyoten と一緒に使います。mkdocs.yml の theme を kyoten にしてください"
                                 "（今は mkdocs） (plugin kyoten needs theme kyoten)"]
    assert not (tmp_path / "out" / "index.html").exists()


def test_mkdocs_search_plugin_is_refused_rather_than_publishing_an_unused_index(tmp_path):
    cfg, errors = config(project(tmp_path, "theme: kyoten\nplugins: [search, kyoten]\n"))
    assert errors == []
    [message] = build_errors(cfg)
    assert message.startswith("mkdocs の search プラグインは、kyoten の検索ページが使わない索引を search/ に書き込みます。")
    assert "plugins から search を外してください" in message
    assert not (tmp_path / "out" / "search" / "search_index.json").exists()
