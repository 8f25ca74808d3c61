"""The accessibility page is on every site and stays true: every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, parse, text
from kyoten.pages.accessibility import CRITERIA


def test_all_38_criteria_of_jis_x_8341_3_level_aa():
    assert len(CRITERIA) == 38
    assert sum(c.level == "A" for c in CRITERIA) == 25 and sum(c.level == "AA" for c in CRITERIA) == 13
    assert len({c.number for c in CRITERIA}) == 38
    for c in CRITERIA:
        assert c.how.endswith("。"), c.number
        assert c.applies or not c.tests, c.number


def test_every_named_test_exists():
    for c in CRITERIA:
        for ref in c.tests:
            file, name = ref.split("::")
            source = (ROOT / file).read_text(encoding="utf-8")
            assert re.search(rf"^def {re.escape(name)}\(", source, re.M), f"{c.number}: {ref} does not exist"


def test_page_shows_the_table(root_site: Path):
    doc = parse(root_site / "accessibility" / "index.html")
    assert "JIS X 8341-3:2016" in text(doc.xpath("//main")[0])
    rows = doc.xpath("//table[caption]/tbody/tr")
    assert [text(r.xpath("./th")[0]) for r in rows] == [c.number for c in CRITERIA]
    assert doc.xpath("//table/thead/tr/th[@scope='col']")
    footer_links = doc.xpath("//footer//a/@href")
    assert "../accessibility/index.html" in footer_links
