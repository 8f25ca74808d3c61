"""The mkdocs plugin: wires the model and the virtual pages into mkdocs' build events.

Data pages are rendered straight from the model through the theme's Jinja2 environment (no
Markdown, not in mkdocs' nav): each is a File whose content is rendered when it is written, one at a
time, so memory does not grow with the number of pages. `kyoten build` writes them with several
processes (parallel.py) as soon as the environment is ready (on_env); mkdocs' copy step then skips them.
"""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from kyoten.japanese.kana import Furigana
from kyoten.exports.search import INDEX as SEARCH_INDEX, INDEX_SCRIPT as SEARCH_SCRIPT, as_script, build_index
from kyoten.exports.opendata import EXPORTS, PAGE as OPENDATA_PAGE, exports, opendata_page
from kyoten.render.parallel import WorkerFailed, workers_for, write_all
from kyoten.pages.build import HOME, Crumb, PageSpec, build_pages
from kyoten.model.site import Site, load_site
from kyoten.model.source import DataError
from kyoten.render.view import View


class RenderedFile(File):
    """A generated file whose content is produced by `render()` at write time."""

    def __init__(self, config, url: str, render):
        super().__init__(url, src_dir=None, dest_dir=config["site_dir"], use_directory_urls=False)
        self.generated_by = "kyoten"
        self._render = render
        self._content = ""  # marks it as generated; the real content comes from render()

    @property
    def content_bytes(self) -> bytes:  # type: ignore[override]
        return self._render().encode("utf-8")

    @property
    def content_string(self) -> str:  # type: ignore[override]
        return self._render()

    written = False  # set when parallel.write_all has already written it

    def copy_file(self, dirty: bool = False) -> None:
        if not self.written:
            self.write()

    def write(self) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "w", encoding="utf-8", newline="\n") as f:
            f.write(self._render())

    def is_modified(self) -> bool:
        return True


class RenderedBytes(RenderedFile):
    """A generated binary file (the flyer PDFs)."""

    @property
    def content_bytes(self) -> bytes:  # type: ignore[override]
        return self._render()

    def write(self) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as f:
            f.write(self._render())


class KyotenConfig(Config):
    site_dir = opt.Optional(opt.Type(str))  # the site folder; default: the parent of docs_dir


class KyotenPlugin(BasePlugin[KyotenConfig]):
    site: Site | None = None  # the CLI hands over the model it already validated
    parallel = False  # the CLI's `kyoten build` sets it: write the generated files with several processes
    progress = None  # a progress.Progress from the CLI (issue 7); None when used by plain mkdocs

    def on_config(self, config):
        if self.site is None:
            root = Path(self.config.site_dir or Path(config["docs_dir"]).parent)
            try:
                self.site = load_site(root)
            except DataError as e:
                raise PluginError("\n" + str(e)) from None
        self.view = View(self.site)
        self.furigana = Furigana(self.site.reader)
        self.markdown_text: list[tuple[str, str, str]] = []  # (title, url, text) of Markdown pages, for search
        self._index: str | None = None
        self.pages = build_pages(self.site)
        self._exports = exports(self.site)  # the CSV, JSON and GeoJSON texts, each made once when first used
        self.pages.append(opendata_page(self.site, self._exports))  # issue 7: opendata/index.html
        self.env: jinja2.Environment | None = None
        # our own sitemap lists the generated pages and has no build date (builds are reproducible)
        config.theme.static_templates.discard("sitemap.xml")
        return config

    def on_files(self, files: Files, config) -> Files:
        taken = {f.dest_uri: f for f in files}
        if "index.md" not in {f.src_uri for f in files}:
            files.append(File.generated(config, "index.md", content=""))
        made: dict[str, str] = {}  # two generated pages with one address: one would silently lose (issue 14)
        for page in self.pages:
            if page.url in taken and page.url != HOME:
                raise PluginError(f"content/{taken[page.url].src_uri} は kyoten が作るページ {page.url} と重なります。"
                                  "ファイル名を変えてください (generated page collides with a content file)")
            if page.url in made:
                raise PluginError(f"「{made[page.url]}」と「{page.title}」が同じ場所 {page.url} に書かれます。"
                                  "id を変えてください (two generated pages share one destination)")
            made[page.url] = page.title
            files.append(RenderedFile(config, page.url, lambda page=page: self._render(page)))
        for page in self.pages:  # issue 5: each flyer's PDF and the blank 聞き取り票's, made from print HTML
            if page.template == "flyer.html":
                files.append(RenderedBytes(config, page.data["pdf_url"], lambda page=page: self._flyer_pdf(page)))
            elif page.template == "preregistration_form.html":
                files.append(RenderedBytes(config, page.data["pdf_url"], lambda page=page: self._form_pdf(page)))
        files.append(RenderedFile(config, SEARCH_INDEX, self._search_index))
        files.append(RenderedFile(config, SEARCH_SCRIPT, lambda: as_script(self._search_index())))
        for url, *_ in EXPORTS:  # the CSV's CRLF and BOM are in its text
            files.append(RenderedFile(config, url, lambda url=url: self._exports[url]))
        theirs = files.get_file_from_path("sitemap.xml")  # mkdocs' own template, with a build date
        if theirs is not None:
            files.remove(theirs)
        files.append(RenderedFile(config, "sitemap.xml", lambda: self._sitemap(files)))
        if self.progress is not None:
            self.progress.phase("ページを書いています", len(self.pages))
        return files

    def on_nav(self, nav, config, files):
        self.view.md_pages = [item for item in nav.items
                              if getattr(item, "is_page", False) and not item.is_homepage]
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri == "index.md":
            page.meta["template"] = "home.html"
        return markdown

    def on_env(self, env: jinja2.Environment, config, files):
        env.autoescape = True
        env.trim_blocks = True  # no blank lines left by {% %} tags: smaller pages
        env.lstrip_blocks = True
        env.undefined = jinja2.StrictUndefined
        env.filters["wareki"] = View.wareki
        env.filters["tel"] = View.tel
        env.globals["k"] = self.view
        self.view.use_env(env, self.furigana)
        self.env = env
        # the model, the pages and the templates live until the end of the build: keep the cyclic garbage
        # collector from walking them again and again while the pages are written (and, after a fork,
        # from touching every object and so copying the shared memory)
        gc.freeze()  # undone in on_post_build / on_build_error
        if self.parallel:
            self._write_in_parallel(files)
        return env

    def on_post_build(self, config):
        gc.unfreeze()

    def on_build_error(self, error):
        gc.unfreeze()

    def _write_in_parallel(self, files: Files) -> None:
        """Write the generated text files now, with several processes (parallel.py); mkdocs' copy step
        then passes over them. The flyer PDFs (WeasyPrint) stay in this process, written by mkdocs."""
        ours = [f for f in files if type(f) is RenderedFile]
        workers = workers_for(len(ours))
        if workers < 2:
            return
        for name in sorted({page.template for page in self.pages}):  # a broken template fails here, in one
            self.env.get_template(name)  # process, as a jinja2 error the CLI reports in one line
        search = [f for f in ours if f.dest_uri in (SEARCH_INDEX, SEARCH_SCRIPT)]
        # the export files and the page that states their sizes: one job, so their texts are made once
        data = [f for f in ours if f.dest_uri in self._exports.renderers or f.dest_uri == OPENDATA_PAGE]
        pages = [f for f in ours if f not in search and f not in data]
        # the largest jobs first (each shares a cache within itself); pages after them
        jobs = [lambda: [f.write() for f in search], lambda: [f.write() for f in data], *(f.write for f in pages)]
        progress, self.progress = self.progress, None  # _render must not tick in the workers
        tick = (lambda n: progress.tick(min(n, progress.total) - progress.count)) if progress else None
        try:
            write_all(jobs, workers, progress=tick)
        except WorkerFailed as e:
            raise PluginError(f"ページを書けませんでした (a worker process failed):\n{e}") from None
        finally:
            self.progress = progress
        for f in ours:
            f.written = True

    def on_page_context(self, context, page, config, nav):
        crumbs = () if page.is_homepage else (Crumb("トップ", HOME),)
        context["crumbs"] = crumbs
        context["page_spec"] = None
        src = "content/" + page.file.src_uri
        h = self.site.history
        context["updated"] = (h.file(src, "site_config.yml", "content/functions.yml") if page.is_homepage
                              else h.file(src))
        return context

    def _render(self, page: PageSpec) -> str:
        assert self.env is not None
        if self.progress is not None:
            self.progress.tick()
        template = self.env.get_template(page.template)
        html = template.render(page=page, page_spec=page, base_url=page.base_url, crumbs=page.crumbs,
                               config=self._config, updated=page.updated, **page.data)
        return self.furigana.html(html)

    def _flyer_pdf(self, page: PageSpec) -> bytes:
        from kyoten.render.pdf import html_to_pdf

        assert self.env is not None
        html = self.env.get_template("flyer_pdf.html").render(
            page=page, page_spec=page, base_url=page.base_url, crumbs=page.crumbs, config=self._config,
            updated=page.updated, **{**page.data, "pdf": True})
        if page.data["flyer"].get("furigana"):
            html = self.furigana.html(html)
        return html_to_pdf(html, page.data["pdf_url"])

    def _form_pdf(self, page: PageSpec) -> bytes:
        from kyoten.render.pdf import html_to_pdf

        assert self.env is not None
        html = self.env.get_template("form_pdf.html").render(page=page, base_url=page.base_url, **page.data)
        return html_to_pdf(html, page.data["pdf_url"])

    def on_page_content(self, html, page, config, files):
        if not page.is_homepage:
            text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
            self.markdown_text.append((page.title or "", page.file.dest_uri, text))
        return html

    def on_post_page(self, output, page, config):
        return self.furigana.html(output)

    def _search_index(self) -> str:
        if self._index is None:
            self._index = build_index(self.site, self.pages, self.markdown_text)
        return self._index

    def on_pre_build(self, config):
        self._config = config

    def _sitemap(self, files: Files) -> str:
        base = self.site.config.base_url
        urls = sorted({
            f.dest_uri for f in files
            if f.dest_uri.endswith(".html") and f.dest_uri != "404.html"
        })
        body = "".join(f"  <url><loc>{escape(base + u.removesuffix('index.html'))}</loc></url>\n" for u in urls)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n")
