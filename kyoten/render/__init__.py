"""From pages to files: the template view `k`, the renderer, furigana on output, search index, maps, PDFs, parallel writing and the output folder guard."""
