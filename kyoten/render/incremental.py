"""What an edit of providers.yaml changes in a built site, so `kyoten serve` rewrites only that (issue 16).

A page's HTML is a function of its PageSpec and of what every page shares: the header and footer, the
directory's filter terms, the number of 事業所, the data date (the 空き状況 warnings). When the shared
state is unchanged, the pages to write again are those whose PageSpec changed, plus the few whose
template reads the model beyond its PageSpec (ALWAYS). When it changed, the answer is "everything"
(a full build). tests/test_serve.py holds the result to a full build of the edited site, byte for byte.
"""

from __future__ import annotations

from kyoten.model.site import Site
from kyoten.pages.spec import PageSpec

# templates that read the model beyond their PageSpec (areas.html counts each area's 事業所), or whose
# data has no equality (the open-data page holds the export files): always written again
ALWAYS = frozenset({"areas.html", "opendata.html"})
# written after the other pages: they need the export files, which take seconds at 20,000 事業所
LATE = frozenset({"opendata.html"})


def shared_state(site: Site, view) -> tuple:
    """What every page may show beyond its own PageSpec (besides the header and footer, compared apart)."""
    return (site.data_date, site.config, site.functions, site.guidance, site.reports,
            tuple((f, tuple(terms)) for f, terms in view.facet_terms.items()), view.provider_count)


def changed_pages(old: list[PageSpec], new: list[PageSpec]) -> tuple[list[PageSpec], list[str]]:
    """The new pages to write (changed, added or ALWAYS), and the addresses of pages that are gone."""
    before = {p.url: p for p in old}
    changed = [p for p in new if p.template in ALWAYS or before.get(p.url) != p]
    now = {p.url for p in new}
    return changed, [url for url in before if url not in now]
