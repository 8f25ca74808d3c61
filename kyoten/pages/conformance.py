"""What the automated conformance tests check (tests/test_conformance.py), as data the accessibility
page can show: the axe-core rule sets run on every page kind of every site, the other checkers, and each
axe rule left failing on purpose, when, and why (every other violation found was fixed in the theme).

The tests read these constants, so the page cannot name a check the tests do not run.
"""

from __future__ import annotations

# axe-core tags run on every page kind of the root demo site and of the five examples/ cities
AXE_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")

# axe rule id → (when it applies, why it is not fixed), in Japanese for citizens. The tests fail on any
# other violation, and on this one anywhere its reason does not hold (tests/test_conformance.py checks
# every element axe names: it holds <ruby> and its name is its text without the readings).
AXE_EXCEPTIONS: dict[str, tuple[str, str]] = {
    "label-content-name-mismatch": (
        "ふりがなを表示しているとき",
        "axe はふりがな（ルビの読みがな）も見えている名前の一部として数えます。kyoten はリンク・ボタン・見出しの"
        "名前を読みがなを除いた語（例：「検索する」）にしています。読みがなを名前に入れると、音声で読み上げたときに"
        "「検索 けんさく する」のように語が二重になるためです。名前は見えている語をそのまま含んでいます。",
    ),
}

# the checks besides axe (tool, what it judges), in the order the accessibility page may list them
CHECKS: tuple[tuple[str, str], ...] = (
    ("axe-core", "WCAG 2.0/2.1/2.2 の A・AA と axe のベストプラクティスの自動判定（全サイトの全ページ種別）"),
    ("Nu Html Checker (vnu)", "HTML の文法（全サイトの全ページ種別、エラー 0 件）"),
    ("Chromium", "2.5.8 ターゲットのサイズ（最低限）：リンク・ボタン・入力欄が 24×24 CSS ピクセル以上か、十分に離れている（幅 360 px と 1280 px）"),
    ("Chromium", "2.4.11 フォーカスの非隠蔽（最低限）：Tab キーで移動したとき、フォーカスのある要素が他の内容に完全には隠れない（幅 360 px と 1280 px）"),
    ("Chromium", "3.2.6 一貫したヘルプ：連絡先・サイト内検索・フッターが、どのページでも同じ順序で現れる"),
    ("Chromium", "ふりがなの有無で、リンク・ボタン・見出し・入力欄のアクセシブルな名前が変わらない（読みがなが名前に入らない）"),
    ("poppler (pdfinfo)", "PDF がタグ付き（PDF/UA-1）で、文書の言語（ja）と題名を持つ"),
)
