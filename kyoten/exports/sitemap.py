"""sitemap.xml: every page's public URL, without a build date (builds are reproducible)."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from kyoten import urls


def sitemap(base_url: str, paths: Iterable[str]) -> str:
    pages = sorted({p for p in paths if p.endswith(".html") and p != urls.NOT_FOUND})
    body = "".join(f"  <url><loc>{escape(base_url + p.removesuffix('index.html'))}</loc></url>\n" for p in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n")
