"""The accessibility policy and conformance table that every built site publishes (accessibility/).

JIS X 8341-3:2016 is WCAG 2.0; level AA is its 25 A and 13 AA success criteria. For each: how kyoten
meets it, and the tests that check it (tests/test_accessibility_page.py checks that every test named
here exists, so the table cannot point at a test that is gone), or why it does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass

TARGET = "JIS X 8341-3:2016 適合レベルAA"


@dataclass(frozen=True)
class Criterion:
    number: str
    name: str
    level: str  # "A" | "AA"
    applies: bool
    how: str  # how the site meets it, or why it does not apply
    tests: tuple[str, ...] = ()  # "tests/file.py::test_name"


AXE = "tests/test_browser.py::test_axe_finds_no_wcag_a_or_aa_violation"
AXE_EXAMPLES = "tests/test_examples.py::test_every_page_kind_of_every_example_city_has_no_axe_violation"
HEADINGS = "tests/test_build.py::test_headings_do_not_skip_levels"
LANG = "tests/test_build.py::test_every_page_is_japanese_has_one_h1_a_skip_link_and_the_sample_banner"
KEYBOARD = "tests/test_keyboard.py::test_tab_walk_reaches_every_control_with_visible_focus_and_no_trap"
REFLOW = "tests/test_keyboard.py::test_reflow_at_320px_and_text_at_200_percent"
ZOOM = "tests/test_keyboard.py::test_reflow_at_320px_and_text_at_200_percent"
CONTRAST_TEXT = "tests/test_contrast.py::test_text_contrast_at_least_4_5"
VALID = "tests/test_japanese.py::test_pages_stay_valid_html"
FILTERS = "tests/test_browser.py::test_directory_filters_combine_instantly"
NOJS = "tests/test_browser.py::test_without_javascript_filters_are_links"

NO_MEDIA = "音声や動画を掲載していません。掲載するときは、字幕と音声解説を付けます。"

CRITERIA: tuple[Criterion, ...] = (
    Criterion("1.1.1", "非テキストコンテンツ", "A", True,
              "画像には代替テキストを付けています。地図には同じ事業所を並べた一覧を添えています。", (AXE, AXE_EXAMPLES)),
    Criterion("1.2.1", "音声のみ及び映像のみ（収録済み）", "A", False, NO_MEDIA),
    Criterion("1.2.2", "キャプション（収録済み）", "A", False, NO_MEDIA),
    Criterion("1.2.3", "音声解説、又はメディアに対する代替コンテンツ（収録済み）", "A", False, NO_MEDIA),
    Criterion("1.3.1", "情報及び関係性", "A", True,
              "見出し、リスト、表（キャプションと見出しセル）、ランドマークで構造を示しています。", (AXE, AXE_EXAMPLES, HEADINGS)),
    Criterion("1.3.2", "意味のある順序", "A", True, "画面の見た目の順とHTMLの読み上げ順を同じにしています。", (KEYBOARD,)),
    Criterion("1.3.3", "感覚的な特徴", "A", True, "「右の」「赤い」など、形や位置や色だけで説明することはしていません。"),
    Criterion("1.4.1", "色の使用", "A", True,
              "選んだ条件はチェック記号と押された状態（aria-pressed）でも示し、リンクには下線を付けています。",
              (AXE, FILTERS)),
    Criterion("1.4.2", "音声の制御", "A", False, "自動で再生される音声はありません。"),
    Criterion("2.1.1", "キーボード", "A", True, "すべての操作（しぼりこみ、ふりがな、検索）をキーボードでできます。",
              (KEYBOARD, "tests/test_browser.py::test_filters_work_by_keyboard")),
    Criterion("2.1.2", "キーボードトラップなし", "A", True, "Tabキーでページの最後まで進み、先頭に戻れます。", (KEYBOARD,)),
    Criterion("2.2.1", "タイミング調整可能", "A", False, "時間制限のある操作はありません。"),
    Criterion("2.2.2", "一時停止、停止及び非表示", "A", False, "自動で動いたり更新されたりする内容はありません。"),
    Criterion("2.3.1", "3回のせん光、又はしきい値以下", "A", True, "点滅する内容はありません。"),
    Criterion("2.4.1", "ブロックスキップ", "A", True, "すべてのページの先頭に「本文へ移動」のリンクがあります。",
              (LANG, "tests/test_browser.py::test_skip_link_is_the_first_tab_stop")),
    Criterion("2.4.2", "ページタイトル", "A", True, "ページごとに内容を表すタイトルを付けています。", (AXE,)),
    Criterion("2.4.3", "フォーカス順序", "A", True, "フォーカスは読む順に移動します。", (KEYBOARD,)),
    Criterion("2.4.4", "リンクの目的（コンテキスト内）", "A", True,
              "リンクの文字だけで行き先がわかるようにし、外部サイトへのリンクはそう示しています。", (AXE,)),
    Criterion("3.1.1", "ページの言語", "A", True, "すべてのページに lang=\"ja\" を指定しています。", (LANG, AXE)),
    Criterion("3.2.1", "フォーカス時", "A", True, "フォーカスしただけでページが変わることはありません。", (KEYBOARD,)),
    Criterion("3.2.2", "入力時", "A", True, "しぼりこみは押したボタンの結果だけを変え、ページを移動しません。", (FILTERS,)),
    Criterion("3.3.1", "エラーの特定", "A", True, "検索で見つからないときは、そのことを文章でお知らせします。",
              ("tests/test_search.py::test_no_match_says_so_politely",)),
    Criterion("3.3.2", "ラベル又は説明", "A", True, "検索欄にはラベルと説明を付けています。", (AXE,)),
    Criterion("4.1.1", "構文解析", "A", True, "HTMLの構文に誤りがないことを確認しています。", (VALID,)),
    Criterion("4.1.2", "名前（name）・役割（role）及び値（value）", "A", True,
              "ボタンには名前と押された状態を、地図などの部品には名前を付けています。", (AXE, AXE_EXAMPLES, FILTERS)),
    Criterion("1.2.4", "キャプション（ライブ）", "AA", False, "生放送の音声や映像はありません。"),
    Criterion("1.2.5", "音声解説（収録済み）", "AA", False, NO_MEDIA),
    Criterion("1.4.3", "コントラスト（最低限レベル）", "AA", True,
              "文字と背景のコントラスト比を4.5:1以上にしています。", (CONTRAST_TEXT, AXE, AXE_EXAMPLES)),
    Criterion("1.4.4", "テキストのサイズ変更", "AA", True, "文字を200%に拡大しても、内容が切れたり重なったりしません。",
              (ZOOM,)),
    Criterion("1.4.5", "文字画像", "AA", True, "文字はすべてテキストで表示し、文字の画像は使っていません。"),
    Criterion("2.4.5", "複数の手段", "AA", True, "メニュー、パンくずリスト、地区別の一覧、サイト内検索、サイトマップからページを探せます。",
              ("tests/test_build.py::test_sitemap_lists_every_page_with_absolute_urls",
               "tests/test_japanese.py::test_search_by_part_of_a_name_and_by_area")),
    Criterion("2.4.6", "見出し及びラベル", "AA", True, "見出しとラベルで内容を説明し、見出しのレベルを飛ばしません。",
              (HEADINGS,)),
    Criterion("2.4.7", "フォーカスの可視化", "AA", True, "フォーカスのある場所を太い枠と黄色の縁取りで示します。", (KEYBOARD,)),
    Criterion("3.1.2", "一部分の言語", "AA", True, "本文はすべて日本語です。事業所名などの固有名詞に含まれる英字は、この基準の対象外です。"),
    Criterion("3.2.3", "一貫したナビゲーション", "AA", True, "メニューとヘッダーは、すべてのページで同じ順序です。", (LANG,)),
    Criterion("3.2.4", "一貫した識別性", "AA", True, "同じ働きの部品には、すべてのページで同じ名前を付けています。"),
    Criterion("3.3.3", "エラー修正の提案", "AA", True, "検索で見つからないときは、言い換えの方法をお知らせします。",
              ("tests/test_search.py::test_no_match_says_so_politely",)),
    Criterion("3.3.4", "エラー回避（法的、金融及びデータ）", "AA", False, "法的・金銭的な手続きや、データを送信する機能はありません。"),
)
