"""The `kyoten` command: its arguments, and the one place every command's end becomes an exit code (exits.py)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kyoten import __version__
from kyoten.tools.japanese_argparse import JapaneseArgumentParser
from kyoten.tools.exits import (EXIT_DATA, EXIT_INTERRUPTED, EXIT_OK, EXIT_OS, EXIT_TERMINATED, EXIT_USAGE, Terminated,
                                install_signal_handlers, os_error_line)

def run_diff(old: str, new: str, site_dir: Path) -> int:
    from kyoten.model.git import GitError
    from kyoten.model.source import DataError
    from kyoten.tools.diff import diff

    try:
        print(diff(old, new, site_dir), end="")
    except DataError as e:
        for d in e.diagnostics:
            print(d, file=sys.stderr)
        return EXIT_DATA
    except GitError as e:  # git could not find a revision
        print(f"比べる版が見つかりません: {e}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"ポート番号は 1〜65535 の数で指定してください: {text}")
    return int(text)


def command() -> None:
    """The `kyoten` command (console script and `python -m kyoten`): main(), then the process ends at once.
    Python's own shutdown would free the model object by object (1.4 s after a 20,000-事業所 build, when
    every file is already written). The output is flushed first; every command has removed its temporary
    folders before main() returns (they are `with` blocks), so nothing is left for the interpreter's exit."""
    try:
        code = main()
    except SystemExit as e:  # argparse: --help, --version, a usage error (its message is already printed)
        if isinstance(e.code, str):
            print(e.code, file=sys.stderr)
        code = e.code if isinstance(e.code, int) else 0 if e.code is None else 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (kyoten diff | head): nothing more can be said
        code = code or EXIT_OS
    os._exit(code)


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
    # imported here, after the signal handlers: an interrupt while mkdocs and pykakasi load is one line too
    from kyoten.tools.build import build, setup_logging, validate
    from kyoten.tools.serve import serve

    parser = JapaneseArgumentParser(prog="kyoten", description="地域生活支援拠点等のサイトを YAML から作ります。")
    parser.add_argument("-v", "--verbose", action="store_true", help="進み具合と mkdocs のメッセージを表示する")
    parser.add_argument("--version", action="version", version=f"kyoten {__version__}", help="kyoten の版を表示して終わる")
    sub = parser.add_subparsers(dest="command", required=True, title="コマンド", metavar="COMMAND")
    b = sub.add_parser("build", help="サイトを作る")
    b.add_argument("site_dir", nargs="?", default=".")
    b.add_argument("-d", "--site-dir", dest="out")
    b.add_argument("--strict", action="store_true", help="警告もエラーとして扱う（警告が1件でもあれば作らない）")
    b.add_argument("--force", action="store_true", help="kyoten が作ったのではない空でないフォルダでも、出力先として置き換える")
    b.add_argument("--no-pdf", dest="pdf", action="store_false", help="チラシと聞き取り票のPDFを作らない（確認用。早く終わります）")
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
    setup_logging(args.verbose)
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
                     args.force, args.pdf)
    if args.command == "validate":
        return validate(site_dir)
    return serve(site_dir, args.port)


# --- staff workflow (issue 7): schema, import, init, deploy -------------------------------------------

def _add_staff_commands(sub) -> None:
    sc = sub.add_parser("schema", help="エディタ用のJSON Schemaを書き出す")
    sc.add_argument("site_dir", nargs="?", default=".")
    sc.add_argument("-o", "--out", help="書き出すフォルダ（既定: SITE_DIR/schemas）")
    im = sub.add_parser("import", help="Excel（.xlsx・.xls）、.ods、CSVの事業所一覧を providers.yaml の形にする（標準出力）")
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
    it.add_argument("--publish", choices=("pages", "rsync"), default="pages",
                    help="main を公開するしかた: pages（GitHub Pages、既定）／rsync（市のサーバーへ SSH で送る）")
    it.add_argument("--kyoten-repo", metavar="URL", help="kyoten の取得元（git のアドレス）。GitHub での確認と公開がこの kyoten を使います"
                    "（既定: 今の kyoten を https の git から入れたときは、その取得元）")
    it.add_argument("--kyoten-rev", metavar="REV", help="kyoten の版（タグかコミット。既定: 今の kyoten を入れたコミット、"
                    "わからないときは v と今の版）")
    va = sub.add_parser("vacancy", help="1つの事業所の空き状況（vacancy）だけを providers.yaml で変える")
    va.add_argument("site_dir", nargs="?", default=".")
    va.add_argument("--provider", help="事業所番号または id")
    va.add_argument("--beds", help="空いている床数（0〜999）")
    va.add_argument("--date", help="いつの時点か（例: 2026-11-20）")
    va.add_argument("--note", help="補足（任意、200文字まで）")
    va.add_argument("--issue-form", metavar="FILE", help="「空き状況を知らせる」の issue の本文から読む（- は標準入力）")
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
    return run_init(Path(args.new_dir), args.city, args.code, args.phone, args.department, args.publish,
                    args.kyoten_repo, args.kyoten_rev)


def cmd_vacancy(args) -> int:
    from kyoten.tools.vacancy import run_vacancy
    return run_vacancy(Path(args.site_dir), args.provider, args.beds, args.date, args.note, args.issue_form)


def cmd_deploy(args) -> int:
    from kyoten.tools.deploy import run_deploy
    return run_deploy(Path(args.site_dir), args.to, args.dry_run, args.force)


STAFF_COMMANDS = {"schema": cmd_schema, "import": cmd_import, "init": cmd_init, "deploy": cmd_deploy,
                  "vacancy": cmd_vacancy}


if __name__ == "__main__":
    sys.exit(main())
