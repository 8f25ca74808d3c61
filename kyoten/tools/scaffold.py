"""kyoten init: a new city's site folder that builds at once and says (in comments) what to fill in.

Nothing is invented: no providers (an empty list with a commented example), no phone number the city
did not give (`--phone` is the one contact the site needs; a made-up number on a page about emergencies
could send a family to the wrong place), and `sample_data: true` so that every page says サンプル until
the staff have filled it in and switch it off.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kyoten.model.config import local_government_code_ok
from kyoten.model.schema import Phone
from kyoten.tools.schemas import modeline, write_schemas
from kyoten.model.source import Loc, Node, Report

from kyoten.tools.exits import EXIT_OK, EXIT_USAGE


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_config_text(city: str, code: str, phone: str, department: str | None) -> str:
    dept = department or "障害福祉担当課"
    return f"""{modeline("site_config.yml")}
# {city}の地域生活支援拠点等サイトの設定です。kyoten init で作りました。
# 「★」の行を、市の正しい情報に直してください。直したら `kyoten validate` で確かめられます。
city:
  name: {_q(city)}
  code: {_q(code)}          # 全国地方公共団体コード（検査数字を確かめてあります）
  department: {_q(dept)}   # ★ 担当課の正式な名前
  # prefecture: 都道府県名        # ★ 書くと、フッターに「〇〇県{city}」と出ます
  # name_kana: 市町村名のよみ（ひらがな）

site:
  title: {_q(city + "の地域生活支援拠点等")}
  base_url: https://www.example.jp/kyoten/   # ★ 公開するURL（QRコードやサイトマップに使います）
  sample_data: true   # ★ すべてを直して公開するときに false にしてください（true の間は全ページに「サンプル」と出ます）
  # license: CC BY 4.0   # オープンデータのライセンス（書かなければ CC BY 4.0）

areas:   # ★ 市内の地区（事業所の area に id を書きます）。分けないときは1つのままで構いません
  - {{id: zenshi, name: {_q(city + "全域")}}}

contacts:   # 全ページの上に出る問い合わせ先
  - name: {_q(dept)}
    phone: {_q(phone)}
    when: 平日
    # hours: 月〜金 8:30〜17:15   # ★ 受付時間
  # ★ 夜間・休日に電話できる番号を必ず足してください（ないと警告が出ます）:
  # - name: 夜間・休日の緊急連絡先
  #   phone: 000-000-0000
  #   when: 夜間・休日

map:   # ★ 今は日本全体です。市の中心と範囲（緯度・経度）に直してください
  center: {{lat: 36.0, lon: 138.0}}
  zoom: 5
  bounds: {{south: 20.0, west: 122.0, north: 46.0, east: 154.0}}
"""


PROVIDERS_TEXT = f"""{modeline("providers.yaml")}
# 事業所の一覧です。まだ1件もありません。Excelの一覧があれば `kyoten import 一覧.xlsx > providers.yaml` で作れます。
# 1件ずつ書くときは、次の形で書いてください（行頭の「# 」を消します）。
# - name: ○○基幹相談支援センター
#   role: 基幹相談支援センター        # 基幹相談支援センター / 拠点等登録事業所 / 緊急一時保護受託事業所 / 地域活動支援センター
#   functions: [相談, 地域の体制づくり]  # 相談 / 緊急時の受入・対応 / 体験の機会・場 / 専門的人材の確保・養成 / 地域の体制づくり
#   area: zenshi                      # site_config.yml の areas の id
#   address: 所在地
#   phone: 電話番号
[]
"""

FUNCTIONS_TEXT = f"""{modeline("content/functions.yml")}
# 5つの機能ごとの市の取組です。書いた機能のページに載ります（書かない機能は国の説明だけが出ます）。
# policy: 整備方針（面的整備・多機能拠点整備など）を書いてください。
# functions:
#   - function: 相談
#     summary: 市の説明
#     activities:
#       - 市の取組
functions: []
"""

ACCESSIBILITY_TEXT = f"""{modeline("content/accessibility.yml")}
# ウェブアクセシビリティ方針と、人による試験の記録です（accessibility/ のページになります）。
# 対応度（準拠・一部準拠・配慮）は、ここに書いた試験の結果から自動で決まり、結果より高くはなりません。
# 試験していない達成基準は「未確認」と表示されます。行っていない試験の記録は書かないでください。
target: AA                       # 目標とする適合レベル（A または AA）
# owner: 〇〇市 障害福祉課         # 方針を定める者（省略すると「このサイト」）
# selection: 選択                # 試験したページの選び方: 全ページ、ランダム、選択
# pages:                         # 試験したページ（サイトの先頭からのパス）
#   - index.html
# plan: まだ試験していない達成基準を、順に試験します。   # 今後の対応方針（一部準拠に必要です）
# tests:
#   - criterion: 1.3.3            # 達成基準の番号
#     result: 適合                 # 適合、不適合、適用なし
#     tester: 障害福祉課 ウェブ担当職員   # 試験した人の役割（名前は要りません）
#     date: 2027-01-15
#     method: 目視（Windows 11、Chrome 131）
tests: []
"""

GITIGNORE = "site/\n"


def run_init(new_dir: Path, city: str, code: str, phone: str | None, department: str | None) -> int:
    code = code.strip()
    if not local_government_code_ok(code):
        print(f"エラー: 全国地方公共団体コード「{code}」が正しくありません（6桁、最後の1桁は検査数字です） "
              "(--code: 6 digits with a valid check digit, e.g. 121002)", file=sys.stderr)
        return EXIT_USAGE
    if not city.strip():
        print("エラー: --city に市町村名を書いてください", file=sys.stderr)
        return EXIT_USAGE
    if phone is None:
        print("エラー: --phone に担当課の電話番号を書いてください。サイトのすべてのページに問い合わせ先として載ります"
              "（kyoten は番号を作りません） (--phone: the department's real number)", file=sys.stderr)
        return EXIT_USAGE
    report = Report()
    checked = Phone().check(Node("scalar", phone, Loc("--phone", 1, 1)), report, "phone")
    if report.errors:
        print(f"エラー: {report.errors[0].message} (--phone: e.g. 043-245-5111)", file=sys.stderr)
        return EXIT_USAGE
    if new_dir.exists() and any(new_dir.iterdir()):
        print(f"エラー: {new_dir} は空ではありません。新しいフォルダを指定してください (NEW_DIR must be new or empty)",
              file=sys.stderr)
        return EXIT_USAGE
    (new_dir / "content").mkdir(parents=True, exist_ok=True)
    (new_dir / "site_config.yml").write_text(site_config_text(city.strip(), code, checked, department), encoding="utf-8")
    (new_dir / "providers.yaml").write_text(PROVIDERS_TEXT, encoding="utf-8")
    (new_dir / "content" / "functions.yml").write_text(FUNCTIONS_TEXT, encoding="utf-8")
    (new_dir / "content" / "accessibility.yml").write_text(ACCESSIBILITY_TEXT, encoding="utf-8")
    (new_dir / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    write_schemas(new_dir / "schemas")
    print(f"""{new_dir} に{city.strip()}のサイトのフォルダを作りました。次の順に進めてください。
  1. site_config.yml の「★」の行を直す（公開URL、地区、夜間・休日の連絡先、地図の範囲）
  2. providers.yaml に事業所を書く（Excelの一覧から: kyoten import 一覧.xlsx --site {new_dir} > {new_dir}/providers.yaml）
  3. content/functions.yml に5つの機能ごとの市の取組を書く
  4. kyoten validate {new_dir} で確かめ、kyoten build {new_dir} で作る
  5. 公開するときに site_config.yml の sample_data を false にする""", file=sys.stderr)
    return EXIT_OK
