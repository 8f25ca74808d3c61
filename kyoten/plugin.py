"""The mkdocs plugin: wires kyoten's model and pages into mkdocs' build, event by event.

Data pages are rendered straight from the model through the theme's Jinja environment (render/), not
from Markdown: each is a generated File whose content is made when it is written. Markdown pages in
content/ go through mkdocs as usual and get the same header, footer and furigana. The events below are
in the order mkdocs calls them.

Used by `kyoten build` (tools/build.py sets the options) or from a city's own mkdocs.yml:
    theme: kyoten
    plugins: [kyoten]
"""

from __future__ import annotations

import gc
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
from kyoten.render.parallel import WorkerFailed
from kyoten.render.progress import Progress
from kyoten.render.renderer import PDF_TEMPLATES, Renderer, configure, write_in_parallel
from kyoten.render import search
from kyoten.render.view import View


class KyotenConfig(Config):
    site_dir = opt.Optional(opt.Type(str))  # the site folder; default: the parent of docs_dir
    model = opt.Optional(opt.Type(Site))  # the model `kyoten build` has already loaded and validated
    workers = opt.Type(int, default=1)  # processes that write the pages (kyoten build: one per core)
    progress = opt.Choice(("off", "auto", "verbose"), default="off")  # a progress line on stderr
    pdf = opt.Type(bool, default=True)  # make the flyer and blank-form PDFs (WeasyPrint)


class KyotenPlugin(BasePlugin[KyotenConfig]):
    def on_config(self, config):
        """Load the model (unless handed over), make every PageSpec, and drop mkdocs' dated sitemap."""
        self.site = self.config.model
        if self.site is None:
            root = Path(self.config.site_dir or Path(config["docs_dir"]).parent)
            try:
                self.site = load_site(root)
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
        """Add every generated file; two files with one address is an error naming both (issue 14)."""
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
            files.append(RenderedFile(config, page.url, lambda page=page: self.renderer.page(page)))
        if self.view.pdf:  # each flyer's PDF and the blank 聞き取り票's, made from print HTML (issue 5)
            for page in self.pages:
                if page.template in PDF_TEMPLATES:
                    files.append(RenderedBytes(config, page.data["pdf_url"], lambda p=page: self.renderer.pdf(p)))
        for path in search.file_paths(self.site):  # the manifest, and a large site's shards and chunks
            files.append(RenderedFile(config, path, lambda path=path: self._search_files()[path]))
        for url, *_ in EXPORTS:  # the CSV's CRLF and BOM are in its text
            files.append(RenderedFile(config, url, lambda url=url: self.exports[url]))
        theirs = files.get_file_from_path(urls.SITEMAP)  # mkdocs' own template, with a build date
        if theirs is not None:
            files.remove(theirs)
        files.append(RenderedFile(config, urls.SITEMAP,
                                  lambda: sitemap(self.site.config.base_url, (f.dest_uri for f in files))))
        if self.progress is not None:
            self.progress.phase("ページを書いています", len(self.pages))
        return files

    def on_nav(self, nav, config, files):
        """The top-level Markdown pages, for the header and the home page's links."""
        self.view.md_pages = [item for item in nav.items if getattr(item, "is_page", False) and not item.is_homepage]
        return nav

    def on_env(self, env: jinja2.Environment, config, files):
        """Set up the theme's environment, then (kyoten build) write the generated pages in parallel."""
        configure(env, self.view, self.furigana)
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

    def _search_files(self) -> dict[str, str]:
        if self._search is None:
            self._search = search.build_index(self.site, self.pages, self.markdown_text, self.renderer.html)
        return self._search
