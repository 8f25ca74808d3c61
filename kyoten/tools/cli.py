"""kyoten build | validate | serve | diff, and the staff commands. Exit codes: exits.py."""

from __future__ import annotations

import argparse
import gc
import logging
import shutil
import sys
import tempfile
from pathlib import Path

import jinja2

from kyoten.tools.exits import (EXIT_DATA, EXIT_INTERRUPTED, EXIT_OK, EXIT_OS, EXIT_TERMINATED, EXIT_USAGE, Terminated,
                    install_signal_handlers, os_error_line)
from kyoten.render.output import OutputRefused, check_output, new_folder, output_lock, replace
from kyoten.model.site import Site, load_site
from kyoten.model.source import DataError
MARKDOWN_EXTENSIONS = ["toc", "tables", "attr_list", "admonition", "def_list", "md_in_html"]


def mkdocs_config(site_dir: Path, out_dir: Path, site: Site, strict: bool = False) -> dict:
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
        "plugins": [{"kyoten": {"site_dir": str(site_dir.resolve())}}],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "exclude_docs": "*.yml\n*.yaml\n",  # data pages are read by kyoten, not published as files
        "strict": strict,
    }


def _load(site_dir: Path) -> Site | None:
    try:
        site = load_site(site_dir)
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


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    log = logging.getLogger("mkdocs")
    log.handlers[:] = [handler]
    log.setLevel(logging.DEBUG if verbose else logging.WARNING)
    log.propagate = False


def build(site_dir: Path, out: Path, strict: bool = False, verbose: bool = False, force: bool = False) -> int:
    from kyoten.tools.progress import Progress

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
        return _build(site_dir, out, strict, progress)
    finally:
        progress.done()
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _build(site_dir: Path, out: Path, strict: bool, progress) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import MkDocsException

    gc.disable()
    site = _load(site_dir)
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
            raw = mkdocs_config(site_dir, tmp, site, strict)
            if not (site_dir / "content").is_dir():
                empty_docs = tempfile.mkdtemp(prefix="kyoten-content-")
                raw["docs_dir"] = empty_docs
            cfg = MkDocsConfig(config_file_path=str(site_dir.resolve() / "site_config.yml"))
            cfg.load_dict(raw)
            errors, warnings = cfg.validate()
            for _, w in warnings:
                print(f"警告: {w}", file=sys.stderr)
            if errors:
                for name, e in errors:
                    print(f"設定エラー: {name}: {e}", file=sys.stderr)
                return EXIT_DATA
            cfg.plugins["kyoten"].site = site
            cfg.plugins["kyoten"].progress = progress
            cfg.plugins["kyoten"].parallel = True  # issue 9: several processes write the pages (not in serve)
            try:
                mkdocs_build(cfg)
            except (MkDocsException, SystemExit) as e:  # mkdocs' Abort (strict warnings) or PluginError
                progress.done()
                print(f"ビルドに失敗しました: {e}", file=sys.stderr)
                return EXIT_DATA
            except jinja2.TemplateError as e:  # a broken template in overrides/
                progress.done()
                print(f"ビルドに失敗しました: {_template_error(e, site_dir)}", file=sys.stderr)
                return EXIT_DATA
            progress.done()
            replace(tmp, out)
            tmp = None
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
    site = _load(site_dir)
    if site is None:
        return EXIT_DATA
    print(f"問題はありません（事業所{len(site.providers)}件、警告{len(site.warnings)}件、承知済みの警告{len(site.accepted)}件）。", file=sys.stderr)
    return EXIT_OK


def serve(site_dir: Path, port: int) -> int:
    import yaml
    from mkdocs.commands.serve import serve as mkdocs_serve

    site = _load(site_dir)
    if site is None:
        return EXIT_DATA
    with tempfile.TemporaryDirectory(prefix="kyoten-serve-") as tmp:
        raw = mkdocs_config(site_dir, Path(tmp) / "site", site)
        raw.pop("site_dir")
        cfg_file = Path(tmp) / "mkdocs.yml"
        cfg_file.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        mkdocs_serve(str(cfg_file), dev_addr=f"127.0.0.1:{port}", livereload=True,
                     watch=[str((site_dir / n).resolve()) for n in ("providers.yaml", "site_config.yml")
                            if (site_dir / n).exists()])
    return EXIT_OK


def run_diff(old: str, new: str, site_dir: Path) -> int:
    from kyoten.tools.diff import diff

    try:
        print(diff(old, new, site_dir), end="")
    except DataError as e:
        for d in e.diagnostics:
            print(d, file=sys.stderr)
        return EXIT_DATA
    except ValueError as e:  # git could not find a revision
        print(f"比べる版が見つかりません: {e}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"ポート番号は 1〜65535 の数で指定してください: {text}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    """Every command ends in an exit code (exits.py): an OS error or an interrupt is one Japanese line."""
    install_signal_handlers()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("\n中断しました（Ctrl-C）。作りかけのものは消しました。前のサイトはそのままです (interrupted)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("終了の合図（SIGTERM）を受けたため中断しました。作りかけのものは消しました。前のサイトはそのままです (terminated)",
              file=sys.stderr)
        return EXIT_TERMINATED
    except OSError as e:
        print(os_error_line(e), file=sys.stderr)
        return EXIT_OS
    except RecursionError:
        print("エラー: 入れ子が深すぎて処理できません (recursion limit)", file=sys.stderr)
        return EXIT_DATA
    except MemoryError:
        print("エラー: メモリが足りません (out of memory)", file=sys.stderr)
        return EXIT_OS


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kyoten", description="地域生活支援拠点等のサイトを YAML から作ります。")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="サイトを作る")
    b.add_argument("site_dir", nargs="?", default=".")
    b.add_argument("-d", "--site-dir", dest="out")
    b.add_argument("--strict", action="store_true", help="警告もエラーとして扱う（警告が1件でもあれば作らない）")
    b.add_argument("--force", action="store_true", help="kyoten が作ったのではない空でないフォルダでも、出力先として置き換える")
    v = sub.add_parser("validate", help="データを検査する（何も書きません）")
    v.add_argument("site_dir", nargs="?", default=".")
    s = sub.add_parser("serve", help="手元で確認する（127.0.0.1）")
    s.add_argument("site_dir", nargs="?", default=".")
    s.add_argument("-p", "--port", type=_port, default=8000)
    _add_staff_commands(sub)  # issue 7: schema, import, init, deploy
    d = sub.add_parser("diff", help="2つの版（git のリビジョンまたはフォルダ）のデータの違いを Markdown で出す")
    d.add_argument("old")
    d.add_argument("new")
    d.add_argument("--site", default=".", help="リビジョンを比べるときのサイトのフォルダ")
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code else EXIT_OK
    _setup_logging(args.verbose)
    if args.command in STAFF_COMMANDS:
        return STAFF_COMMANDS[args.command](args)
    if args.command == "diff":
        return run_diff(args.old, args.new, Path(args.site))
    site_dir = Path(args.site_dir)
    if not (site_dir / "site_config.yml").is_file():
        print(f"{site_dir}: site_config.yml がありません。サイトのフォルダを指定してください (not a site folder)",
              file=sys.stderr)
        return EXIT_USAGE
    if args.command == "build":
        return build(site_dir, Path(args.out) if args.out else site_dir / "site", args.strict, args.verbose,
                     args.force)
    if args.command == "validate":
        return validate(site_dir)
    return serve(site_dir, args.port)


# --- staff workflow (issue 7): schema, import, init, deploy -------------------------------------------

def _add_staff_commands(sub) -> None:
    sc = sub.add_parser("schema", help="エディタ用のJSON Schemaを書き出す")
    sc.add_argument("site_dir", nargs="?", default=".")
    sc.add_argument("-o", "--out", help="書き出すフォルダ（既定: SITE_DIR/schemas）")
    im = sub.add_parser("import", help="Excel（.xlsx）やCSVの事業所一覧を providers.yaml の形にする（標準出力）")
    im.add_argument("file", nargs="+", help="読むファイル（--format wam では複数可）")
    im.add_argument("--format", choices=("table", "wam"), default="table",
                    help="table: 市の一覧表を providers.yaml の形にする（既定）／wam: WAM NETのオープンデータCSVを providers.yaml に取り込む")
    im.add_argument("--city", default=None, help="wam: 取り込む市区町村名（既定: site_config.yml の市の名前）")
    im.add_argument("--add-new", default=None, metavar="ROLE",
                    help="wam: providers.yaml にない事業所をこの役割で追加する（例: 拠点等登録事業所）。指定しなければ一覧を出すだけ")
    im.add_argument("--write", action="store_true", help="wam: 結果で providers.yaml を書き換える（既定: 標準出力）")
    im.add_argument("--site", default=None, help="地区名を確かめるサイトのフォルダ（既定: 今のフォルダに site_config.yml があればそこ）")
    im.add_argument("--sheet", default=None, help="読むシート名（既定: 最初のシート）")
    it = sub.add_parser("init", help="新しい市のサイトのフォルダを作る")
    it.add_argument("new_dir")
    it.add_argument("--city", required=True, help="市町村名（例: 千葉市）")
    it.add_argument("--code", required=True, help="全国地方公共団体コード（6桁、例: 121002）")
    it.add_argument("--phone", help="担当課の電話番号（サイトの問い合わせ先に載ります）")
    it.add_argument("--department", help="担当課の名前（例: 障害福祉課）")
    dp = sub.add_parser("deploy", help="検査・ビルドしてから公開先へ送る")
    dp.add_argument("site_dir", nargs="?", default=".")
    dp.add_argument("--to", required=True, help="公開先: フォルダ、または user@host:path（rsync + SSH）")
    dp.add_argument("--dry-run", action="store_true", help="何をするかを表示するだけで、送りません")
    dp.add_argument("--force", action="store_true", help="kyoten のサイトではないフォルダでも置き換える")


def cmd_schema(args) -> int:
    from kyoten.tools.schemas import SCHEMA_DIR, write_schemas
    out = Path(args.out) if args.out else Path(args.site_dir) / SCHEMA_DIR
    for path in write_schemas(out):
        print(path, file=sys.stderr)
    return EXIT_OK


def cmd_import(args) -> int:
    if args.format == "wam":
        from kyoten.tools.wam import run_wam
        return run_wam([Path(f) for f in args.file], Path(args.site or "."), args.city, args.add_new, args.write)
    if len(args.file) != 1:
        print("ファイルは1つだけ指定してください（--format wam のときは複数を指定できます）", file=sys.stderr)
        return EXIT_USAGE
    from kyoten.tools.importer import run_import
    return run_import(Path(args.file[0]), Path(args.site) if args.site else None, args.sheet)


def cmd_init(args) -> int:
    from kyoten.tools.scaffold import run_init
    return run_init(Path(args.new_dir), args.city, args.code, args.phone, args.department)


def cmd_deploy(args) -> int:
    from kyoten.tools.deploy import run_deploy
    return run_deploy(Path(args.site_dir), args.to, args.dry_run, args.force)


STAFF_COMMANDS = {"schema": cmd_schema, "import": cmd_import, "init": cmd_init, "deploy": cmd_deploy}


if __name__ == "__main__":
    sys.exit(main())
