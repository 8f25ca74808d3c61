"""kyoten build and validate: the data checked, then mkdocs with the kyoten plugin and theme.

`build` writes into a hidden folder next to OUT and swaps it in only when everything succeeded
(render/output.py guards OUT, locks it and sweeps what dead runs left)."""

from __future__ import annotations

import gc
import logging
import shutil
import sys
import tempfile
from pathlib import Path

import jinja2

from kyoten.model.registry import Entries
from kyoten.model.site import Site, load_site
from kyoten.model.source import DataError
from kyoten.render.output import OutputRefused, check_output, new_folder, output_lock, replace
from kyoten.tools.exits import EXIT_DATA, EXIT_OK, EXIT_USAGE

MARKDOWN_EXTENSIONS = ["toc", "tables", "attr_list", "admonition", "def_list", "md_in_html"]


def mkdocs_config(site_dir: Path, out_dir: Path, site: Site, strict: bool = False, *, workers: int = 1,
                  progress: str = "off", pdf: bool = True) -> dict:
    """The mkdocs configuration, built in memory from site_config.yml (there is no mkdocs.yml)."""
    content = site_dir / "content"
    theme: dict = {"name": "kyoten", "locale": "ja"}
    if (site_dir / "overrides").is_dir():
        theme["custom_dir"] = str((site_dir / "overrides").resolve())
    return {
        "site_name": site.config.title,
        "site_url": site.config.base_url,
        "site_description": site.config.description or "",
        "docs_dir": str(content.resolve()),
        "site_dir": str(out_dir.resolve()),
        "use_directory_urls": False,  # links end in .html: the site also works from file://
        "theme": theme,
        "plugins": [{"kyoten": {"site_dir": str(site_dir.resolve()), "workers": workers, "progress": progress, "pdf": pdf,
                                "model": site}}],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "exclude_docs": "*.yml\n*.yaml\n",  # data pages are read by kyoten, not published as files
        "strict": strict,
    }


def validated_config(site_dir: Path, raw: dict, warn: bool = True):
    """mkdocs' configuration from mkdocs_config's settings, checked by mkdocs: its errors (and with `warn`
    its warnings) printed one a line; None when there was an error."""
    from mkdocs.config.defaults import MkDocsConfig

    cfg = MkDocsConfig(config_file_path=str(site_dir.resolve() / "site_config.yml"))
    cfg.load_dict(raw)
    errors, warnings = cfg.validate()
    if warn:
        for _, w in warnings:
            print(f"警告: {w}", file=sys.stderr)
    for name, e in errors:
        print(f"設定エラー: {name}: {e}", file=sys.stderr)
    return None if errors else cfg


def load_and_report(site_dir: Path, entries: Entries | None = None) -> Site | None:
    try:
        site = load_site(site_dir, entries, parallel=entries is None)  # serve (entries) runs threads: no fork
    except DataError as e:
        for d in e.diagnostics:
            print(d, file=sys.stderr)
        print(f"{len(e.diagnostics)}件のエラーがあります。サイトは作られていません。", file=sys.stderr)
        return None
    for w in site.warnings:
        print(w, file=sys.stderr)
    for w, reason in site.accepted:
        print(f"{w}（承知済み: {reason}）", file=sys.stderr)
    return site


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    log = logging.getLogger("mkdocs")
    log.handlers[:] = [handler]
    log.setLevel(logging.DEBUG if verbose else logging.WARNING)
    log.propagate = False


def build(site_dir: Path, out: Path, strict: bool = False, verbose: bool = False, force: bool = False,
          pdf: bool = True) -> int:
    from kyoten.render.progress import Progress

    try:  # the guard comes first: a wrong -d is refused before any work (issue 14)
        out = check_output(site_dir, out, force)
    except OutputRefused as e:
        print(f"エラー: {e}", file=sys.stderr)
        return EXIT_USAGE
    progress = Progress.for_stderr(verbose)
    progress.phase("データを検査しています")
    threshold = gc.get_threshold()
    try:
        # issue 9: the model is millions of long-lived objects and loading makes no cyclic garbage; at
        # Python's default thresholds the collector walked it over and over (half of a 20,000 build's
        # load). Loading runs without the collector (_build), and the model is then frozen: the pages
        # (whose rendering makes some cyclic garbage) are collected at larger thresholds.
        gc.set_threshold(100_000, 10, 10)
        return _build(site_dir, out, strict, progress, verbose, pdf)
    finally:
        progress.done()
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _build(site_dir: Path, out: Path, strict: bool, progress, verbose: bool, pdf: bool) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    gc.disable()
    site = load_and_report(site_dir)
    gc.enable()
    gc.freeze()
    progress.done()
    if site is None:
        return EXIT_DATA
    if strict and site.warnings:
        print(f"--strict: 警告が{len(site.warnings)}件あるため、サイトを作りません。"
              "警告を直してから、もう一度実行してください (warnings are errors with --strict)", file=sys.stderr)
        return EXIT_DATA
    out.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        tmp: Path | None = new_folder(out)
        empty_docs = None
        try:
            # workers=0: one process per core for a large site (render/parallel.py)
            raw = mkdocs_config(site_dir, tmp, site, strict, workers=0, pdf=pdf,
                                progress="verbose" if verbose else "auto" if progress.enabled else "off")
            if not (site_dir / "content").is_dir():
                empty_docs = tempfile.mkdtemp(prefix="kyoten-content-")
                raw["docs_dir"] = empty_docs
            cfg = validated_config(site_dir, raw)
            if cfg is None:
                return EXIT_DATA
            try:  # the page-writing progress line is the plugin's (it ends it on error too)
                mkdocs_build(cfg)
            except (MkDocsException, SystemExit) as e:  # mkdocs' Abort (strict warnings) or PluginError
                print(f"ビルドに失敗しました: {e}", file=sys.stderr)
                return EXIT_DATA
            except jinja2.TemplateError as e:  # a broken template in overrides/
                print(f"ビルドに失敗しました: {_template_error(e, site_dir)}", file=sys.stderr)
                return EXIT_DATA
            replace(tmp, out)
            tmp = None
            missing = cfg.plugins["kyoten"].pdf_missing
            if missing:
                print(f"お知らせ: {missing}。チラシと聞き取り票は印刷用のページだけを作り、PDFは作りませんでした", file=sys.stderr)
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
            if empty_docs:
                shutil.rmtree(empty_docs, ignore_errors=True)
    print(f"{len(site.providers)}事業所のサイトを作りました: {out / 'index.html'}", file=sys.stderr)
    return EXIT_OK


def _template_error(e: "jinja2.TemplateError", site_dir: Path) -> str:
    if isinstance(e, jinja2.TemplateSyntaxError):
        where = e.filename or e.name or "?"
        try:
            where = Path(where).resolve().relative_to(site_dir.resolve()).as_posix()
        except ValueError:
            pass
        return f"{where}:{e.lineno}: テンプレートの書き方に誤りがあります ({e.message})"
    if isinstance(e, jinja2.TemplateNotFound):
        return f"テンプレート「{e.name}」が見つかりません (template not found)"
    return f"テンプレートの処理に失敗しました ({type(e).__name__}: {e})"


def validate(site_dir: Path) -> int:
    site = load_and_report(site_dir)
    if site is None:
        return EXIT_DATA
    print(f"問題はありません（事業所{len(site.providers)}件、警告{len(site.warnings)}件、承知済みの警告{len(site.accepted)}件）。", file=sys.stderr)
    return EXIT_OK
