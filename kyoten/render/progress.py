"""Progress on a terminal during long builds: the phase and a count, on one rewritten line.

Quiet when stderr is not a terminal or in CI (the CI variable is set), unless -v is given; then each
phase is printed on its own line instead of being rewritten.

While the rewritten line is on the screen, anything else written to stderr (a 警告 printed by the
build, a log record of mkdocs or WeasyPrint) first clears it, so a message always starts on a line of
its own; the progress line is drawn again below it on the next count.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TextIO

_CLEAR = "\r\x1b[K"


class _ClearFirst:
    """sys.stderr while a progress line is shown: every write clears that line first."""

    def __init__(self, stream: TextIO, progress: "Progress"):
        self._stream, self._progress = stream, progress

    def write(self, text: str) -> int:
        if text:
            self._progress.clear()
        return self._stream.write(text)

    def __getattr__(self, name: str):  # flush, isatty, encoding, fileno …: the real stream's
        return getattr(self._stream, name)


class _ClearFilter(logging.Filter):
    """On a logging handler that writes to the terminal: clear the progress line before the record."""

    def __init__(self, progress: "Progress"):
        super().__init__()
        self.progress = progress

    def filter(self, record: logging.LogRecord) -> bool:
        self.progress.clear()
        return True


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool = False, live: bool = False):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.live = live  # rewrite one line (a terminal) rather than print lines (-v in CI or a pipe)
        self.label, self.total, self.count = "", 0, 0
        self._step = 1
        self._shown = False  # the line is on the screen now
        self._guard: tuple[_ClearFilter, list[logging.Handler]] | None = None

    @classmethod
    def for_stderr(cls, verbose: bool = False) -> "Progress":
        tty = sys.stderr.isatty()
        ci = bool(os.environ.get("CI"))
        return cls(sys.stderr, enabled=verbose or (tty and not ci), live=tty and not ci)

    def phase(self, label: str, total: int = 0) -> None:
        self._end_line()
        self.label, self.total, self.count = label, total, 0
        self._step = max(1, total // 100)
        self._show(force=True)

    def tick(self, n: int = 1) -> None:
        self.count += n
        self._show(force=self.count >= self.total)

    def done(self) -> None:
        self._end_line()

    def clear(self) -> None:
        """Take the progress line off the screen (something else is about to be written there)."""
        if self._shown:
            self._shown = False
            self.stream.write(_CLEAR)
            self.stream.flush()

    def _show(self, force: bool) -> None:
        if not self.enabled:
            return
        counter = f" {self.count}/{self.total}" if self.total else ""
        if self.live:
            if force or not self._shown or self.count % self._step == 0:
                self._watch()
                self.stream.write(f"\r{self.label}{counter}\x1b[K")
                self.stream.flush()
                self._shown = True
        elif force:
            self.stream.write(f"{self.label}{counter}\n")

    def _end_line(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
        self._shown = False
        self._unwatch()
        self.label = ""

    def _watch(self) -> None:
        """From the first drawing of a line: other writers to the same terminal clear it first."""
        if self._guard is not None:
            return
        flt = _ClearFilter(self)
        loggers = [logging.getLogger(), *(x for x in list(logging.Logger.manager.loggerDict.values())
                                          if isinstance(x, logging.Logger))]  # mkdocs', WeasyPrint's own …
        handlers = list({id(h): h for x in loggers for h in x.handlers
                         if getattr(h, "stream", None) is self.stream}.values())
        if logging.lastResort is not None:  # what a logger without handlers (WeasyPrint's) writes through
            handlers.append(logging.lastResort)
        for h in handlers:
            h.addFilter(flt)
        self._guard = (flt, handlers)
        if sys.stderr is self.stream:
            sys.stderr = _ClearFirst(self.stream, self)  # type: ignore[assignment]

    def _unwatch(self) -> None:
        if self._guard is None:
            return
        flt, handlers = self._guard
        for h in handlers:
            h.removeFilter(flt)
        self._guard = None
        if isinstance(sys.stderr, _ClearFirst) and sys.stderr._progress is self:
            sys.stderr = self.stream  # type: ignore[assignment]
