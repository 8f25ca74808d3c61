"""The mkdocs plugin: wires kyoten's model and pages into mkdocs' build, event by event.

Data pages are rendered straight from the model through the theme's Jinja environment (render/), not
from Markdown: each is a generated File whose content is made when it is written. Markdown pages in
content/ go through mkdocs as usual and get the same header, footer and furigana. The events below are
in the order mkdocs calls them.

Used by `kyoten build` (tools/build.py sets the options) or from a city's own mkdocs.yml (README:
「mkdocs から使う」):
    theme: kyoten
    plugins: [kyoten]
There the plugin does what `kyoten build` sets up: links end in index.html (use_directory_urls off),
data YAML in docs_dir is not published, `mkdocs serve` watches the data files; a theme other than
kyoten, or mkdocs' own search plugin (a second index in search/ that kyoten's search page never reads), is
one Japanese error. (The theme without the plugin is caught by the theme: kyoten/theme/__init__.py.)
"""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path

import jinja2
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from kyoten import urls
from kyoten.exports.opendata import EXPORTS, Exports
from kyoten.exports.sitemap import sitemap
from kyoten.japanese.furigana import Furigana
from kyoten.model.site import Site, load_site
from kyoten.model.source import DataError
from kyoten.pages.build import build_pages
from kyoten.pages.spec import TOP
from kyoten.render import pdf
from kyoten.render.files import RenderedBytes, RenderedFile
from kyoten.render.incremental import LATE, changed_pages, shared_state
from kyoten.render.maps import map_files
from kyoten.render.parallel import WorkerFailed
from kyoten.render.progress import Progress
from kyoten.render.renderer import PDF_TEMPLATES, Renderer, configure, write_in_parallel
from kyoten.render import search
from kyoten.render.view import View


WATCHED = ("providers.yaml", "site_config.yml", "content", "overrides")  # what a preview rebuilds on


class KyotenConfig(Config):
    site_dir = opt.Optional(opt.Type(str))  # the site folder; default: the parent of docs_dir
    model = opt.Optional(opt.Type(Site))  # the model `kyoten build` has already loaded and validated
    workers = opt.Type(int, default=1)  # processes that write the pages (kyoten build: one per core)
    progress = opt.Choice(("off", "auto", "verbose"), default="off")  # a progress line on stderr
    pdf = opt.Type(bool, default=True)  # make the flyer and blank-form PDFs (WeasyPrint)


class KyotenPlugin(BasePlugin[KyotenConfig]):
    progress: Progress | None = None  # set in on_config (on_build_error may come before it)

    def on_config(self, config):
        """Check the pairing with the theme, load the model (unless handed over), make every PageSpec,
        and drop mkdocs' dated sitemap."""
        if config.theme.name != "kyoten":
            raise PluginError(f"プラグイン kyoten はテーマ kyoten と一緒に使います。mkdocs.yml の theme を kyoten にしてください"
                              f"（今は {config.theme.name or 'custom_dir だけ'}） (plugin kyoten needs theme kyoten)")
        if "search" in config.plugins:
            # refused rather than switched off: kyoten has its own search (readings, romaji, every page) in
            # search/, and a city that listed search should know that its index would go unused
            raise PluginError("mkdocs の search プラグインは、kyoten の検索ページが使わない索引を search/ に書き込みます。"
                              "kyoten には読みやローマ字でも探せる検索があるので、mkdocs.yml の plugins から search を外してください "
                              "(plugin search: a second, unused search index)")
        config.use_directory_urls = False  # links end in index.html: the site also works from a folder
        self.root = Path(self.config.site_dir or Path(config["docs_dir"]).parent)
        self.site = self.config.model
        if self.site is None:
            try:
                self.site = load_site(self.root)
            except DataError as e:
                raise PluginError("\n" + str(e)) from None
        self.view = View(self.site)
        self.furigana = Furigana(self.site.reader)
        self.exports = Exports(self.site)  # the CSV, JSON and GeoJSON texts, each made once when first used
        self.pages = build_pages(self.site, self.exports)
        # the PDFs are an extra: without WeasyPrint or Pango the site is built with print pages only
        wanted = self.config.pdf and any(p.template in PDF_TEMPLATES for p in self.pages)
        self.pdf_missing = pdf.unavailable() if wanted else None
        self.view.pdf = self.config.pdf and self.pdf_missing is None
        self.markdown_text: list[tuple[str, str, str]] = []  # (title, url, text) of Markdown pages, for search
        self._search: dict[str, str] | None = None
        self.progress = None if self.config.progress == "off" else Progress.for_stderr(self.config.progress == "verbose")
        config.theme.static_templates.discard("sitemap.xml")
        return config

    def on_files(self, files: Files, config) -> Files:
        """Leave out data YAML, add every generated file; two files with one address is an error naming
        both (issue 14)."""
        docs = Path(config["docs_dir"]).resolve()
        for f in [f for f in files if f.src_dir and Path(f.src_dir).resolve() == docs and f.src_uri.endswith((".yml", ".yaml"))]:
            files.remove(f)  # content/functions.yml and the like are read by kyoten, never published
        taken = {f.dest_uri: f for f in files}
        if "index.md" not in {f.src_uri for f in files}:
            files.append(File.generated(config, "index.md", content=""))
        made: dict[str, str] = {}
        for page in self.pages:
            if page.url in taken and page.url != urls.HOME:
                raise PluginError(f"content/{taken[page.url].src_uri} は kyoten が作るページ {page.url} と重なります。"
                                  "ファイル名を変えてください (generated page collides with a content file)")
            if page.url in made:
                raise PluginError(f"「{made[page.url]}」と「{page.title}」が同じ場所 {page.url} に書かれます。"
                                  "id を変えてください (two generated pages share one destination)")
            made[page.url] = page.title
            files.append(self._page_file(config, page))
        if self.view.pdf:  # each flyer's PDF and the blank 聞き取り票's, made from print HTML (issue 5)
            for page in self.pages:
                if page.template in PDF_TEMPLATES:
                    files.append(self._pdf_file(config, page))
        theirs = files.get_file_from_path(urls.SITEMAP)  # mkdocs' own template, with a build date
        if theirs is not None:
            files.remove(theirs)
        self.data_files = self._data_files(config, files)
        for f in self.data_files:
            files.append(f)
        if self.progress is not None:
            self.progress.phase("ページを書いています", len(self.pages))
        self.files = files
        return files

    def on_serve(self, server, config, builder):
        """`mkdocs serve` rebuilds when the data changes, not only docs_dir: providers.yaml, site_config.yml,
        content/ and overrides/ (a city's own mkdocs.yml; `kyoten serve` has its own server, tools/serve.py)."""
        for name in WATCHED:
            if (self.root / name).exists():
                server.watch(str((self.root / name).resolve()))
        return server

    def on_nav(self, nav, config, files):
        """The top-level Markdown pages, for the header and the home page's links."""
        self.nav = nav
        self.view.md_pages = [item for item in nav.items if getattr(item, "is_page", False) and not item.is_homepage]
        return nav

    def on_env(self, env: jinja2.Environment, config, files):
        """Set up the theme's environment, then (kyoten build) write the generated pages in parallel."""
        configure(env, self.view, self.furigana)
        self.env, self.mkdocs_config = env, config
        self.renderer = Renderer(env, self.furigana, config, self.progress)
        # the model, pages and templates live until the end of the build: keep the cyclic collector from
        # walking them again and again (and, after a fork, from touching and so copying shared memory)
        gc.freeze()  # undone in on_post_build / on_build_error
        try:
            write_in_parallel(files, self.renderer, self.pages, self.exports, self.config.workers)
        except WorkerFailed as e:  # the worker's traceback ends in the line that says what went wrong
            last = ([line for line in str(e).splitlines() if line.strip()] or ["?"])[-1]
            raise PluginError(f"ページを書けませんでした (a worker process failed: {last})") from None
        return env

    def on_page_markdown(self, markdown, page, config, files):
        """content/index.md (or the empty one added in on_files) is the home page."""
        if page.file.src_uri == "index.md":
            page.meta["template"] = "home.html"
        return markdown

    def on_page_content(self, html, page, config, files):
        """Keep each Markdown page's text for the search index."""
        if not page.is_homepage:
            text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
            self.markdown_text.append((page.title or "", page.file.dest_uri, text))
        return html

    def on_page_context(self, context, page, config, nav):
        """Markdown pages get the breadcrumbs and 更新日 that data pages have."""
        context["crumbs"] = () if page.is_homepage else (TOP,)
        context["page_spec"] = None
        src = "content/" + page.file.src_uri
        h = self.site.history
        context["updated"] = (h.file(src, "site_config.yml", "content/functions.yml") if page.is_homepage
                              else h.file(src))
        return context

    def on_post_page(self, output, page, config):
        """Furigana for Markdown pages, as for data pages."""
        return self.furigana.html(output)

    def on_post_build(self, config):
        """Let the collector see the model again."""
        gc.unfreeze()
        if self.progress is not None:
            self.progress.done()

    def on_build_error(self, error):
        """The same, and end the progress line so the error is printed on a line of its own."""
        gc.unfreeze()
        if self.progress is not None:
            self.progress.done()

    def refresh(self, site: Site, visible=lambda: None) -> list[str] | None:
        """`kyoten serve` after an edit of providers.yaml only: make the written site what a full build of
        `site` would write, writing only what changed (render/incremental.py): the pages whose PageSpec
        changed, then `visible()` (the browser may reload), then the Markdown pages and the data files
        (search, open data, maps) whose text changed. Returns the addresses written or removed, or None
        when the edit reaches every page (the header, footer or filters changed): then build in full."""
        view = View(site)
        view.md_pages, view.pdf = self.view.md_pages, self.view.pdf
        furigana = Furigana(site.reader)
        configure(self.env, view, furigana)
        if shared_state(site, view) != shared_state(self.site, self.view) or not view.same_chrome(self.view):
            configure(self.env, self.view, self.furigana)  # untouched: the caller builds in full
            return None
        exports = Exports(site)
        pages = build_pages(site, exports)
        changed, removed = changed_pages(self.pages, pages)
        before = {p.url: p for p in self.pages}
        removed += [before[url].data["pdf_url"] for url in removed if "pdf_url" in before[url].data]
        self.site, self.view, self.furigana, self.exports, self.pages, self._search = site, view, furigana, exports, pages, None
        self.renderer = Renderer(self.env, furigana, self.mkdocs_config)
        config, files = self.mkdocs_config, self.files
        done: list[str] = []
        for url in removed:
            if (f := files.get_file_from_path(url)) is not None:
                files.remove(f)
            path = os.path.join(config["site_dir"], url)
            if os.path.exists(path):
                os.remove(path)
            done.append(url)

        def put(f: RenderedFile) -> None:  # in place of the File of its address, and written
            if (old := files.get_file_from_path(f.src_uri)) is not None:
                files.remove(old)
            files.append(f)
            f.write()
            done.append(f.dest_uri)

        def write(page) -> None:
            put(self._page_file(config, page))
            if self.view.pdf and page.template in PDF_TEMPLATES:
                put(self._pdf_file(config, page))

        for page in changed:
            if page.template not in LATE:
                write(page)
        visible()
        for page in changed:
            if page.template in LATE:
                write(page)
        self._rewrite_markdown_pages()
        old_data, self.data_files = self.data_files, self._data_files(config, files)
        for f in old_data:
            files.remove(f)
        for url in {f.dest_uri for f in old_data} - {f.dest_uri for f in self.data_files}:  # e.g. a map part
            os.remove(os.path.join(config["site_dir"], url))
            done.append(url)
        for f in self.data_files:  # the search, open-data, map and sitemap files: written when their text changed
            files.append(f)
            text = f.content_string
            try:
                with open(f.abs_dest_path, encoding="utf-8", newline="") as old_file:
                    same = old_file.read() == text
            except OSError:
                same = False
            if not same:
                f.write()
                done.append(f.dest_uri)
        return done

    def _rewrite_markdown_pages(self) -> None:
        """The Markdown pages (content/, the home page) through mkdocs again, as its build does."""
        from mkdocs.commands import build as mkdocs_build

        config, files = self.mkdocs_config, self.files
        self.markdown_text = []
        docs = files.documentation_pages()
        for f in docs:
            mkdocs_build._populate_page(f.page, config, files)
        for f in docs:
            mkdocs_build._build_page(f.page, config, docs, self.nav, self.env)

    def _data_files(self, config, files: Files) -> list[RenderedFile]:
        """The files made from the whole model: the search index, the open data, the maps' data, the sitemap."""
        out = [RenderedFile(config, path, lambda path=path: self._search_files()[path])  # the manifest, and a
               for path in search.file_paths(self.site)]  # large site's shards and chunks
        out += [RenderedFile(config, url, lambda url=url: self.exports[url])  # the CSV's CRLF and BOM are in its text
                for url, *_ in EXPORTS]
        maps = map_files(self.site)  # small (a few KB per 100 providers): made now, before the writers fork
        out += [RenderedFile(config, url, lambda url=url: maps[url]) for url in maps]
        out.append(RenderedFile(config, urls.SITEMAP,
                                lambda: sitemap(self.site.config.base_url, (f.dest_uri for f in files))))
        return out

    def _page_file(self, config, page) -> RenderedFile:
        return RenderedFile(config, page.url, lambda: self.renderer.page(page))

    def _pdf_file(self, config, page) -> RenderedBytes:
        return RenderedBytes(config, page.data["pdf_url"], lambda: self.renderer.pdf(page))

    def _search_files(self) -> dict[str, str]:
        if self._search is None:
            self._search = search.build_index(self.site, self.pages, self.markdown_text, self.renderer.html)
        return self._search
