"""When the data last changed, from git: per file (git log) and per provider (git blame of its lines).

Dates come from commits, never from the clock, so two builds of the same commit are identical. They
are dates in Japan (UTC+9), where the city publishes. Outside a git checkout (or without git) there is
no history, and pages show only the dates the YAML states (`updated:`, `site.data_date`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kyoten.model.git import git_text

JST = dt.timezone(dt.timedelta(hours=9))


def _day(epoch: str) -> dt.date:
    return dt.datetime.fromtimestamp(int(epoch), JST).date()


@dataclass
class History:
    files: dict[str, dt.date] = field(default_factory=dict)  # path relative to the site folder → date
    lines: list[dt.date | None] = field(default_factory=list)  # providers.yaml, 1-based (index 0 unused)

    def file(self, *names: str) -> dt.date | None:
        """The newest date among these files (or folders: every file below them)."""
        dates = [d for path, d in self.files.items() for n in names if path == n or path.startswith(n.rstrip("/") + "/")]
        return max(dates) if dates else None

    def span(self, first: int, last: int) -> dt.date | None:
        dates = [d for d in self.lines[first:last + 1] if d is not None]
        return max(dates) if dates else None

    @property
    def newest(self) -> dt.date | None:
        return max(self.files.values()) if self.files else None


def read_history(site_dir: Path, providers_file: str = "providers.yaml") -> History:
    site_dir = Path(site_dir)
    if git_text(site_dir, "rev-parse", "--is-inside-work-tree") is None:
        return History()
    h = History()
    log = git_text(site_dir, "log", "--format=@%ct", "--name-only", "--relative", "--", ".")
    if log:
        when = None
        for line in log.splitlines():
            if line.startswith("@"):
                when = _day(line[1:])
            elif line and when is not None and line not in h.files:
                h.files[line] = when  # newest first: the first date seen is the last change
    blame = git_text(site_dir, "blame", "--line-porcelain", "--", providers_file) if (site_dir / providers_file).exists() else None
    if blame:
        lines: list[dt.date | None] = [None]
        commit_time = None
        uncommitted = False
        for line in blame.splitlines():
            if line.startswith("\t"):
                lines.append(None if uncommitted else commit_time)
            elif line.startswith("committer-time "):
                commit_time = _day(line.split()[1])
            elif len(line) >= 40 and " " in line and all(c in "0123456789abcdef" for c in line[:40]):
                uncommitted = line.startswith("0" * 40)
        h.lines = lines
    return h
