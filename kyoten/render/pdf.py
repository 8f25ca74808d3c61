"""A4 flyers: the QR code (segno, inline SVG) and the PDF (WeasyPrint) of a flyer's print HTML.

The PDF is made from the very HTML of flyers/<id>/index.html (its CSS is inline, the QR code is inline
SVG, the font is Debian's Noto Sans CJK JP), so the page and the PDF cannot drift apart. Builds are
byte-identical: WeasyPrint writes no date unless the HTML asks for one, and the PDF /ID is derived
from the flyer's URL instead of a random value.

Every PDF is tagged as PDF/UA-1 (WeasyPrint's `pdf_variant="pdf/ua-1"`, which turns on `pdf_tags`): a
structure tree from the HTML (headings, lists, tables, links), the document language from
`<html lang="ja">`, the title from `<title>` shown as the window title (DisplayDocTitle) and the XMP
metadata that declares PDF/UA. The print templates must keep `lang` and `<title>` (tests/test_conformance.py).
"""

from __future__ import annotations

import hashlib
import re

PDF_VARIANT = "pdf/ua-1"  # tagged, with Lang, Title and DisplayDocTitle; no date or random id in its XMP

def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG, black on white, with a quiet zone (error correction M)."""
    import segno

    svg = segno.make(url, error="m", micro=False).svg_inline(scale=4, border=4, dark="#000", light="#fff",
                                                              svgclass="qr-svg", lineclass=None, omitsize=True)
    return re.sub(r"^<svg ", '<svg aria-hidden="true" focusable="false" ', svg)


def unavailable() -> str | None:
    """Why PDFs cannot be made here, or None: WeasyPrint is the `pdf` extra (pip install "kyoten-site[pdf]")
    and needs Pango, which Windows and some servers do not have."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return "WeasyPrint がインストールされていません（pip install \"kyoten-site[pdf]\"）"
    except OSError as e:  # WeasyPrint is there, the Pango library it loads is not
        return f"WeasyPrint が使う Pango が見つかりません（{str(e).splitlines()[0][:120]}）"
    return None


def html_to_pdf(html: str, identifier: str) -> bytes:
    """One flyer's print HTML → PDF bytes, the same bytes for the same HTML."""
    from weasyprint import HTML

    ident = hashlib.sha256(identifier.encode()).hexdigest()[:32].encode()
    return HTML(string=html).write_pdf(pdf_identifier=ident, uncompressed_pdf=False, pdf_variant=PDF_VARIANT)

