"""Generated files for mkdocs: the content of each is produced when it is written, one at a time, so
memory does not grow with the number of pages (a 20,000-事業所 site has 25,000 pages)."""

from __future__ import annotations

import os

from mkdocs.structure.files import File


class RenderedFile(File):
    """A generated text file whose content `render()` produces at write time."""

    written = False  # set when render/parallel.py has already written it

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
    """A generated binary file (the flyer and form PDFs)."""

    @property
    def content_bytes(self) -> bytes:  # type: ignore[override]
        return self._render()

    def write(self) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as f:
            f.write(self._render())
