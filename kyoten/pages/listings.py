"""Listings of providers: 五十音 groups, pages of PAGE_SIZE cards, the pager and the 五十音 index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kyoten import urls
from kyoten.japanese.readings import ROWS
from kyoten.model.registry import Provider
from kyoten.pages.spec import Crumb, PageSpec


@dataclass(frozen=True)
class RowGroup:
    id: str
    label: str
    providers: tuple[Provider, ...]


def group_by_row(providers: tuple[Provider, ...]) -> list[RowGroup]:
    """Providers (already in 五十音順) grouped by 五十音 row; every row present, empty ones too."""
    by_row: dict[str, list[Provider]] = {rid: [] for rid, _ in ROWS}
    for p in providers:
        by_row[p.row].append(p)
    return [RowGroup(rid, label, tuple(by_row[rid])) for rid, label in ROWS]


PAGE_SIZE = 36  # provider cards per listing page: keeps every page small (≤ 60 KB) whatever the registry size
ONE_PAGE_MAX = 45  # a listing this short stays on one page, with instant filters (45 cards fit in 60 KB)


@dataclass(frozen=True)
class RowLink:
    id: str
    label: str
    url: str | None  # from the site root, with the #anchor; None when no provider is in that row
    here: bool  # the row is on this page (the link is a plain #anchor)


@dataclass(frozen=True)
class Pager:
    number: int
    count: int  # pages
    urls: tuple[str, ...]  # from the site root, one per page
    total: int  # providers over all pages

    @property
    def first(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        return min(self.number * PAGE_SIZE, self.total)

    @property
    def window(self) -> tuple[int | None, ...]:
        """Page numbers to link: the first, the last and three each side of this one (None: a gap)."""
        keep = [n for n in range(1, self.count + 1) if n in (1, self.count) or abs(n - self.number) <= 3]
        out: list[int | None] = []
        for a, b in zip([0, *keep], keep):
            if b - a > 1 and a:
                out.append(None)
            out.append(b)
        return tuple(out)


def paginate(first: str, template: str, title: str, crumbs: tuple[Crumb, ...], providers: tuple[Provider, ...],
             data: dict[str, Any] | None = None, description: str = "", updated: dt.date | None = None) -> list[PageSpec]:
    """A listing in 五十音順, PAGE_SIZE providers a page; the 五十音 index on every page links to the page
    where each row begins."""
    size = max(1, len(providers)) if len(providers) <= ONE_PAGE_MAX else PAGE_SIZE
    chunks = [providers[i:i + size] for i in range(0, len(providers), size)] or [()]
    addresses = tuple(urls.page(first, n) for n in range(1, len(chunks) + 1))
    row_start: dict[str, int] = {}
    for n, chunk in enumerate(chunks, 1):
        for p in chunk:
            row_start.setdefault(p.row, n)
    out = []
    for n, chunk in enumerate(chunks, 1):
        rows = tuple(RowLink(rid, label, f"{addresses[row_start[rid] - 1]}#row-{rid}" if rid in row_start else None,
                             row_start.get(rid) == n and any(p.row == rid for p in chunk))
                     for rid, label in ROWS)
        out.append(PageSpec(
            addresses[n - 1], template, title if n == 1 else f"{title}（{n}ページ目）", crumbs,
            {**(data or {}), "providers": chunk, "groups": group_by_row(chunk), "rows": rows,
             "pager": Pager(n, len(chunks), addresses, len(providers))},
            description=description, updated=updated,
        ))
    return out
