"""Progress on a terminal during long builds: the phase and a count, on one rewritten line.

Quiet when stderr is not a terminal or in CI (the CI variable is set), unless -v is given; then each
phase is printed on its own line instead of being rewritten.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool = False, live: bool = False):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.live = live  # rewrite one line (a terminal) rather than print lines (-v in CI or a pipe)
        self.label, self.total, self.count = "", 0, 0
        self._step = 1

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

    def _show(self, force: bool) -> None:
        if not self.enabled:
            return
        if self.live:
            if force or self.count % self._step == 0:
                counter = f" {self.count}/{self.total}" if self.total else ""
                self.stream.write(f"\r{self.label}{counter}\x1b[K")
                self.stream.flush()
        elif force:
            counter = f" {self.count}/{self.total}" if self.total else ""
            self.stream.write(f"{self.label}{counter}\n")

    def _end_line(self) -> None:
        if self.enabled and self.live and self.label:
            self.stream.write("\n")
            self.stream.flush()
        self.label = ""
