"""kyoten serve: the site built once into a temporary folder and shown on 127.0.0.1, rebuilt on each save.

An edit of providers.yaml alone (the common one: a phone number, 空き状況) rewrites only what it changes
(KyotenPlugin.refresh, render/incremental.py): the browser reloads as soon as the changed pages are
written, before the search, map and open-data files that follow. Any other edit builds in full, as does
an edit that reaches every page. Bad data is reported and the last good site stays on show.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from kyoten.model.registry import Entries
from kyoten.model.site import Site
from kyoten.plugin import WATCHED
from kyoten.tools.build import load_and_report, mkdocs_config, validated_config
from kyoten.tools.exits import EXIT_DATA, EXIT_OK


class Preview:
    """The served folder and the plugin that built it; `rebuild` is the live-reload server's builder."""

    def __init__(self, site_dir: Path, out: Path, pdf: bool = True):
        self.site_dir, self.out, self.pdf = site_dir, out, pdf
        self.plugin = None
        self.server = None
        self.entries = Entries()  # providers.yaml's entries, kept from one load to the next
        self.seen = self._stat()

    def _stat(self) -> dict[str, tuple[int, int]]:
        found = {}
        for name in WATCHED:
            top = self.site_dir / name
            paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
            for p in paths:
                try:
                    st = p.stat()
                except OSError:
                    continue
                found[p.relative_to(self.site_dir).as_posix()] = (st.st_mtime_ns, st.st_size)
        return found

    def full(self, site: Site, workers: int = 1) -> bool:
        """A whole build into the served folder (mkdocs empties it first). False when it failed."""
        from mkdocs.commands.build import build as mkdocs_build

        raw = mkdocs_config(self.site_dir, self.out, site, workers=workers, pdf=self.pdf)
        if not (self.site_dir / "content").is_dir():
            raw["docs_dir"] = tempfile.mkdtemp(prefix="kyoten-content-", dir=self.out.parent)
        cfg = validated_config(self.site_dir, raw, warn=False)
        if cfg is None:
            return False
        try:
            mkdocs_build(cfg)
        except Exception as e:  # noqa: BLE001 — one line; the server keeps what it showed
            print(f"ビルドに失敗しました: {e}", file=sys.stderr)
            return False
        self.plugin = cfg.plugins["kyoten"]
        return True

    def load(self) -> Site | None:
        # as in `kyoten build`: the model is millions of long-lived objects and loading it makes no cyclic
        # garbage; with the collector on, loading a 20,000-事業所 site took twice as long (issue 9)
        gc.disable()
        try:
            return load_and_report(self.site_dir, self.entries)
        finally:
            gc.enable()

    def rebuild(self) -> None:
        now = self._stat()
        changed = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        if not changed:
            return
        start = time.perf_counter()
        if changed != {"providers.yaml"}:
            self.entries = Entries()  # kept entries are valid only while the rest of the site is unchanged
        site = self.load()
        if site is None:
            print("前に作ったサイトを表示したままです。データを直して保存してください。", file=sys.stderr, flush=True)
            return
        if changed == {"providers.yaml"} and self.plugin is not None:
            try:
                done = self.plugin.refresh(site, visible=self._visible)
            except Exception as e:  # noqa: BLE001 — one line; the next save builds in full
                print(f"ページを作り直せませんでした: {e}", file=sys.stderr, flush=True)
                self.plugin = None
                return
            if done is not None:
                print(f"{len(done)}個のファイルを作り直しました（{time.perf_counter() - start:.1f}秒）。", file=sys.stderr, flush=True)
                return
        if self.full(site):
            print(f"サイト全体を作り直しました（{time.perf_counter() - start:.1f}秒）。", file=sys.stderr, flush=True)

    def _visible(self) -> None:
        """The changed pages are written: let browsers reload now, before the data files that follow."""
        from mkdocs.livereload import _timestamp

        s = self.server
        if s is None:
            return
        with s._epoch_cond:
            s._visible_epoch = s._wanted_epoch = _timestamp()
            s._epoch_cond.notify_all()


def _server(**kwargs):
    """mkdocs' live-reload server, bound at once: a busy port is reported before the first build, and
    the address is printed only when it answers."""
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        bound = False

        def server_bind(self):
            if not self.bound:
                super().server_bind()
                super().server_activate()
                self.bound = True

        def server_activate(self):
            pass

    server = Server(**kwargs)
    server.server_bind()
    return server


def serve(site_dir: Path, port: int) -> int:
    with tempfile.TemporaryDirectory(prefix="kyoten-serve-") as tmp:
        out = Path(tmp) / "site"
        preview = Preview(site_dir, out)
        site = preview.load()
        if site is None:
            return EXIT_DATA
        path = urlsplit(site.config.base_url).path or "/"
        server = _server(builder=preview.rebuild, host="127.0.0.1", port=port, root=str(out), mount_path=path)
        try:
            # a large site's first build uses every core; rebuilds run in the server's thread, never forked
            if not preview.full(site, workers=0):
                return EXIT_DATA
            preview.server = server
            for name in WATCHED:
                if (site_dir / name).exists():
                    server.watch(str((site_dir / name).resolve()))
            not_found = out / "404.html"
            server.error_handler = lambda code: not_found.read_bytes() if code == 404 and not_found.is_file() else None
            print(f"確認用のサイトを http://127.0.0.1:{port}{path} で表示しています。"
                  "データを保存すると作り直します。止めるには Ctrl-C を押してください。", file=sys.stderr, flush=True)
            server.serve()
        finally:
            server.shutdown()
    return EXIT_OK
