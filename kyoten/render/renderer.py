"""Turning a PageSpec into HTML (and a flyer or the blank form into PDF) with the theme's Jinja
environment, and writing the generated text files with several processes (render/parallel.py)."""

from __future__ import annotations

import jinja2
from mkdocs.structure.files import Files

from kyoten import urls
from kyoten.exports.opendata import Exports
from kyoten.japanese.furigana import Furigana
from kyoten.pages.spec import PageSpec
from kyoten.render.files import RenderedFile
from kyoten.processes import workers_for
from kyoten.render.parallel import write_all
from kyoten.render.view import View


PDF_TEMPLATES = {"flyer.html": "flyer_pdf.html", "preregistration_form.html": "form_pdf.html"}  # page → print


def configure(env: jinja2.Environment, view: View, furigana: Furigana) -> None:
    """The theme's environment as kyoten's templates expect it."""
    env.autoescape = True
    env.trim_blocks = True  # no blank lines left by {% %} tags: smaller pages
    env.lstrip_blocks = True
    env.undefined = jinja2.StrictUndefined
    env.filters["wareki"] = View.wareki
    env.filters["tel"] = View.tel
    env.globals["k"] = view
    view.use_env(env, furigana)


class Renderer:
    def __init__(self, env: jinja2.Environment, furigana: Furigana, mkdocs_config, progress=None):
        self.env, self.furigana, self.config, self.progress = env, furigana, mkdocs_config, progress

    def _context(self, page: PageSpec, **extra) -> dict:
        context = {"page": page, "page_spec": page, "base_url": page.base_url, "crumbs": page.crumbs,
                   "config": self.config, "updated": page.updated}
        context.update(page.data)
        context.update(extra)
        return context

    def page(self, page: PageSpec) -> str:
        if self.progress is not None:
            self.progress.tick()
        return self.furigana.html(self.html(page))

    def html(self, page: PageSpec) -> str:
        """The page's HTML without furigana (the search index reads its text)."""
        return self.env.get_template(page.template).render(**self._context(page))

    def pdf(self, page: PageSpec) -> bytes:
        """The PDF of a page that has one (PDF_TEMPLATES), from its print template."""
        from kyoten.render.pdf import html_to_pdf

        flyer = page.template == "flyer.html"
        extra = {"pdf": True} if flyer else {}  # the flyer's sheet drops what only the web page shows
        html = self.env.get_template(PDF_TEMPLATES[page.template]).render(**self._context(page, **extra))
        if flyer and page.data["flyer"].get("furigana"):  # a flyer asks for its readings itself
            html = self.furigana.printed().html(html)
        return html_to_pdf(html, page.data["pdf_url"])


def write_in_parallel(files: Files, renderer: Renderer, pages: list[PageSpec], exports: Exports, workers: int) -> None:
    """Write the generated text files now, with `workers` processes (render/parallel.py); mkdocs' copy
    step then passes over them. The PDFs (WeasyPrint) stay in this process, written by mkdocs."""
    ours = [f for f in files if type(f) is RenderedFile]
    workers = workers if workers > 0 else workers_for(len(ours))  # 0: one per core for a large site
    if workers < 2:
        return
    for name in sorted({page.template for page in pages}):  # a broken template fails here, in one
        renderer.env.get_template(name)  # process, as a jinja2 error the CLI reports in one line
    search = [f for f in ours if f.dest_uri == urls.SEARCH_SCRIPT or f.dest_uri.startswith(urls.SEARCH_DATA)]
    # the export files and the page that states their sizes: one job, so their texts are made once
    data = [f for f in ours if f.dest_uri in exports.renderers or f.dest_uri == urls.OPENDATA]
    rest = [f for f in ours if f not in search and f not in data]
    # the largest jobs first (each shares a cache within itself); pages after them
    jobs = [lambda: [f.write() for f in search], lambda: [f.write() for f in data], *(f.write for f in rest)]
    progress, renderer.progress = renderer.progress, None  # the workers must not tick: the parent counts
    tick = (lambda n: progress.tick(min(n, progress.total) - progress.count)) if progress else None
    try:
        write_all(jobs, workers, progress=tick)
    finally:
        renderer.progress = progress
    for f in ours:
        f.written = True

