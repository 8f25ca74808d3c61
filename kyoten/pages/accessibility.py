"""The accessibility page every site publishes (accessibility/): the policy, the 対応度 and the test results.

Two kinds of evidence, kept apart because they are about different things:
- what a person tested on this site, recorded in content/accessibility.yml (model/accessibility.py). Only
  these fill the 適用 and 結果 columns and decide the 対応度 (model.accessibility.declared);
- what kyoten's own automated tests check on the theme: axe-core's rules for each success criterion
  (AXE_RULES, the same as axe-core AXE_CORE_VERSION reports: tests/test_accessibility_page.py) and
  kyoten's keyboard, reflow, contrast and HTML checks (KYOTEN_CHECKS). They run on kyoten's demo and
  example sites in kyoten's test suite, not on this site's build, so the page shows them as reference only.
No test function name is shown to citizens; KYOTEN_CHECKS keeps them for the test that they exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kyoten import __version__ as KYOTEN_VERSION
from kyoten.model.accessibility import (CRITERIA, DECLARATION_RULES, GUIDELINE, GUIDELINE_URL, SELECTION_VOCAB,
                                        Criterion, Record, declared)
from kyoten.model.site import Site
from kyoten.pages import conformance

AXE_CORE_VERSION = "4.14.1"  # tests/browser/package.json (a test keeps them equal)
# what tests/test_conformance.py runs on every page kind of every site (pages/conformance.py)
AXE_TAGS = conformance.AXE_TAGS
# how the page names each tag axe-core runs (a test checks every tag in AXE_TAGS has its name)
TAG_NAMES = {
    "wcag2a": "WCAG 2.0 レベルA", "wcag2aa": "WCAG 2.0 レベルAA",
    "wcag21a": "WCAG 2.1 レベルA", "wcag21aa": "WCAG 2.1 レベルAA",
    "wcag22a": "WCAG 2.2 レベルA", "wcag22aa": "WCAG 2.2 レベルAA",
    "best-practice": "axe-core が勧める作り方（ベストプラクティス）",
}

# axe-core's rules (not the experimental ones) for each JIS X 8341-3:2016 (WCAG 2.0) A/AA criterion,
# from the rules' wcagNNN tags under AXE_TAGS; a criterion not here has no axe-core rule at all
AXE_RULES: dict[str, tuple[str, ...]] = {
    "1.1.1": ("aria-meter-name", "aria-progressbar-name", "image-alt", "input-image-alt", "object-alt", "role-img-alt",
              "svg-img-alt"),
    "1.2.1": ("audio-caption",),
    "1.2.2": ("video-caption",),
    "1.3.1": ("aria-hidden-body", "aria-required-children", "aria-required-parent", "definition-list", "dlitem", "list",
              "listitem", "td-headers-attr", "th-has-data-cells"),
    "1.4.1": ("link-in-text-block",),
    "1.4.2": ("no-autoplay-audio",),
    "1.4.3": ("color-contrast",),
    "1.4.4": ("meta-viewport",),
    "2.1.1": ("frame-focusable-content", "scrollable-region-focusable", "server-side-image-map"),
    "2.2.1": ("meta-refresh",),
    "2.2.2": ("blink", "marquee"),
    "2.4.1": ("bypass",),
    "2.4.2": ("document-title",),
    "2.4.4": ("area-alt", "link-name"),
    "3.1.1": ("html-has-lang", "html-lang-valid", "html-xml-lang-mismatch"),
    "3.1.2": ("valid-lang",),
    "3.3.2": ("form-field-multiple-labels",),
    "4.1.2": ("area-alt", "aria-allowed-attr", "aria-braille-equivalent", "aria-command-name", "aria-conditional-attr",
              "aria-deprecated-role", "aria-hidden-body", "aria-hidden-focus", "aria-input-field-name",
              "aria-prohibited-attr", "aria-required-attr", "aria-roledescription", "aria-roles", "aria-tab-name",
              "aria-toggle-field-name", "aria-tooltip-name", "aria-valid-attr-value", "aria-valid-attr", "button-name",
              "duplicate-id-aria", "frame-title-unique", "frame-title", "input-button-name", "input-image-alt", "label",
              "link-name", "nested-interactive", "select-name", "summary-name"),
}


@dataclass(frozen=True)
class Check:
    what: str  # shown: what kyoten's test checks, in plain Japanese
    tests: tuple[str, ...]  # not shown: "tests/file.py::test_name" (a test checks each exists)


KEYBOARD = "tests/test_keyboard.py::test_tab_walk_reaches_every_control_with_visible_focus_and_no_trap"
REFLOW = "tests/test_keyboard.py::test_reflow_at_320px_and_text_at_200_percent"
HEADINGS = "tests/test_build.py::test_headings_do_not_skip_levels"
LANG = "tests/test_build.py::test_every_page_is_japanese_has_one_h1_a_skip_link_and_the_sample_banner"
FILTERS = "tests/test_browser.py::test_directory_filters_combine_instantly"

KYOTEN_CHECKS: dict[str, tuple[Check, ...]] = {
    "1.3.1": (Check("見出しのレベルが飛んでいないか", (HEADINGS,)),),
    "1.3.2": (Check("Tabキーで進む順が読む順と同じか", (KEYBOARD,)),),
    "1.4.1": (Check("絞り込みの選択が色だけでなく押された状態でも示されるか", (FILTERS,)),),
    "1.4.3": (Check("文字と背景のコントラスト比が4.5:1以上か", ("tests/test_contrast.py::test_text_contrast_at_least_4_5",)),),
    "1.4.4": (Check("文字を200%にしても内容が切れないか", (REFLOW,)),),
    "2.1.1": (Check("キーボードだけですべての操作部品に届き、絞り込みを使えるか",
                    (KEYBOARD, "tests/test_browser.py::test_filters_work_by_keyboard")),),
    "2.1.2": (Check("Tabキーでページの最後まで進めるか（キーボードトラップがないか）", (KEYBOARD,)),),
    "2.4.1": (Check("すべてのページの先頭に「本文へ移動」のリンクがあるか",
                    (LANG, "tests/test_browser.py::test_skip_link_is_the_first_tab_stop")),),
    "2.4.3": (Check("フォーカスが読む順に移動するか", (KEYBOARD,)),),
    "2.4.5": (Check("サイトマップとサイト内検索があるか",
                    ("tests/test_build.py::test_sitemap_lists_every_page_with_absolute_urls",
                     "tests/test_japanese.py::test_search_by_part_of_a_name_and_by_area")),),
    "2.4.6": (Check("見出しのレベルが飛んでいないか", (HEADINGS,)),),
    "2.4.7": (Check("フォーカスのある場所が見えるか", (KEYBOARD,)),),
    "3.1.1": (Check("すべてのページに lang=\"ja\" があるか", (LANG,)),),
    "3.2.2": (Check("絞り込みがページを移動せずに結果だけを変えるか", (FILTERS,)),),
    "3.3.1": (Check("検索で見つからないとき、そのことを文章で示すか",
                    ("tests/test_japanese.py::test_search_by_part_of_a_name_and_by_area",)),),
    "4.1.1": (Check("HTMLの構文に誤りがないか（html5lib による解析）", ("tests/test_japanese.py::test_pages_stay_valid_html",)),),
    "4.1.2": (Check("絞り込みのボタンが押された状態（aria-pressed）を伝えるか", (FILTERS,)),),
}


@dataclass(frozen=True)
class AxeException:
    """An axe-core finding kyoten keeps on purpose, with its reason: listed on every site's page."""

    rule: str  # axe-core rule id
    criteria: tuple[str, ...]  # the success criteria it concerns (may be WCAG 2.1/2.2 ones)
    where: str  # which pages or parts, in Japanese
    reason: str  # why it stays, in Japanese


# each axe-core finding the theme keeps on purpose (pages/conformance.py, where the tests read it too)
EXCEPTION_CRITERIA = {"label-content-name-mismatch": ("2.5.3",)}  # WCAG 2.1 A: Label in Name
EXCEPTIONS: tuple[AxeException, ...] = tuple(
    AxeException(rule, EXCEPTION_CRITERIA[rule], where, reason) for rule, (where, reason) in conformance.AXE_EXCEPTIONS.items())

RESULT_MARK = {"pass": "〇", "fail": "×", "na": "－"}
UNTESTED = "未確認"


@dataclass(frozen=True)
class Row:
    criterion: Criterion
    applies: str  # はい | いいえ | 未確認
    result: str  # 〇 | × | － | 未確認
    record: Record | None
    axe_rules: tuple[str, ...]
    checks: tuple[str, ...]  # what kyoten's tests check for it, in Japanese


def rows(site: Site) -> tuple[Row, ...]:
    recorded = site.accessibility.by_criterion
    out = []
    for c in CRITERIA:
        r = recorded.get(c.number)
        applies = UNTESTED if r is None else "いいえ" if r.result == "na" else "はい"
        out.append(Row(c, applies, UNTESTED if r is None else RESULT_MARK[r.result], r, AXE_RULES.get(c.number, ()),
                       tuple(k.what for k in KYOTEN_CHECKS.get(c.number, ()))))
    return tuple(out)


def declaration(site: Site, svg: bool) -> dict[str, Any]:
    """The accessibility page's data: everything the template shows, derived from the site's YAML.
    `svg`: whether any page draws a chart (SVG), for the list of technologies the pages rely on."""
    a = site.accessibility
    table = rows(site)
    results = {r.criterion: r.result for r in a.records}
    shown = [row for row in table if row.criterion.level == "A" or a.target == "AA"]
    pdfs = bool(site.guidance.flyers or site.guidance.preregistration)  # the flyers and the blank 聞き取り票
    return {
        "target": a.target,
        "declared": declared(a.target, results, a.pages, bool(a.plan)),
        "rules": DECLARATION_RULES,
        "guideline": GUIDELINE,
        "guideline_url": GUIDELINE_URL,
        "owner": a.owner,
        "scope": a.scope or "このサイトのすべてのページ",
        "contact": a.contact or site.config.department,
        "plan": a.plan,
        "rows": shown,
        "counts": {mark: sum(row.result == mark for row in shown) for mark in ("〇", "×", "－", UNTESTED)},
        "period": a.period,
        "selection": SELECTION_VOCAB.by_id[a.selection].label if a.selection else None,
        "pages": [(p, site.config.base_url + p) for p in a.pages],
        "technologies": ("HTML", "CSS", "JavaScript", *(("SVG",) if svg else ()), *(("PDF",) if pdfs else ())),
        "axe": {"version": AXE_CORE_VERSION, "tags": AXE_TAGS, "tag_names": tuple(TAG_NAMES[t] for t in AXE_TAGS)},
        "kyoten_version": KYOTEN_VERSION,
        "exceptions": EXCEPTIONS,
        "tools": conformance.CHECKS[1:],  # besides axe-core, named above with its version and tags
    }
