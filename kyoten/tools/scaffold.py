"""kyoten init: a new city's repository that builds at once and says (★) what to fill in.

It writes the data (site_config.yml, providers.yaml, content/ with the guidance files and a first report)
and what a city pushes to GitHub as is (issue 19): the pull-request workflows (pr.yml checks without any
write permission or secret, pr-comment.yml posts its result as one comment that is updated), publish.yml
(GitHub Pages or rsync, by --publish), vacancy.yml (an operator's 「空き状況を知らせる」 issue becomes a pull
request that staff approve), issue forms, a pull-request template, .pre-commit-config.yaml, .gitignore and
a Japanese README for staff. The files are package data in kyoten/tools/templates/.

Nothing is invented: no providers (an empty list with a commented example), no phone number the city
did not give (`--phone` is the one contact the site needs; a made-up number on a page about emergencies
could send a family to the wrong place), and `sample_data: true` so that every page says サンプル until
the staff have filled it in and switch it off.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from importlib import metadata, resources
from pathlib import Path

from kyoten import __version__
from kyoten.japanese.formats import fiscal_year_short
from kyoten.model.config import local_government_code_ok
from kyoten.model.schema import Phone
from kyoten.tools.schemas import modeline, write_schemas
from kyoten.model.source import Loc, Node, Report
from kyoten.japanese.places import prefecture_of_code

from kyoten.tools.exits import EXIT_OK, EXIT_USAGE


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_config_text(city: str, code: str, phone: str, department: str | None) -> str:
    dept = department or "★担当課の名前"  # --department not given: a placeholder, never published as real
    prefecture = prefecture_of_code(code)  # the first two digits of the 全国地方公共団体コード
    pref_line = (f"  prefecture: {_q(prefecture)}     # 全国地方公共団体コードの初めの2桁から" if prefecture else
                 f"  # prefecture: 都道府県名        # ★ 書くと、フッターに「〇〇県{city}」と出ます")
    return f"""{modeline("site_config.yml")}
# {city}の地域生活支援拠点等サイトの設定です。kyoten init で作りました。
# 「★」の行を、市の正しい情報に直してください。直したら `kyoten validate` で確かめられます。
city:
  name: {_q(city)}
  code: {_q(code)}          # 全国地方公共団体コード（検査数字を確かめてあります）
  department: {_q(dept)}   # 担当課の正式な名前
{pref_line}
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

GITIGNORE = """# kyoten build の出力と、作りかけ・確認用の一時フォルダ
site/
.kyoten-*/
.*.kyoten-*
# Python
__pycache__/
.venv/
"""

PUBLISH = ("pages", "rsync")
PUBLISH_NOTE = {
    "pages": "GitHub Pages で公開します: Settings → Pages → Source を「GitHub Actions」にしてください。",
    "rsync": "市のサーバーへ rsync で送ります: Settings → Secrets and variables → Actions に KYOTEN_DEPLOY_TO、"
             "KYOTEN_SSH_KEY、KYOTEN_KNOWN_HOSTS を登録してください。",
}
# template (in kyoten/tools/templates/) → the path init writes
REPO_FILES = {
    "github/workflows/pr.yml": ".github/workflows/pr.yml",
    "github/workflows/pr-comment.yml": ".github/workflows/pr-comment.yml",
    "github/workflows/vacancy.yml": ".github/workflows/vacancy.yml",
    "github/ISSUE_TEMPLATE/vacancy.yml": ".github/ISSUE_TEMPLATE/vacancy.yml",
    "github/ISSUE_TEMPLATE/correction.yml": ".github/ISSUE_TEMPLATE/correction.yml",
    "github/PULL_REQUEST_TEMPLATE.md": ".github/PULL_REQUEST_TEMPLATE.md",
    "README.md": "README.md",
}
GUIDANCE_FILES = ("preregistration.yml", "for-providers.yml", "flyers.yml")

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


def template(name: str, values: dict[str, str]) -> str:
    """A file of kyoten/tools/templates/ with its @KEY@ marks filled (every mark must have a value)."""
    text = resources.files("kyoten.tools").joinpath("templates", *name.split("/")).read_text(encoding="utf-8")
    return re.sub(r"@([A-Z_]+)@", lambda m: values[m.group(1)], text)


def installed_from(direct_url: str | None = None) -> tuple[str | None, str | None]:
    """(repository, commit) this kyoten was installed from, as pip records it (PEP 610 direct_url.json of
    `pip install "kyoten-site @ git+https://…@COMMIT"`, the README's line): only a git install over https
    (what a city's GitHub workflows can fetch) with a full commit id, and no credentials in the address;
    else (None, None): an editable or local install, a wheel, a file:// address."""
    if direct_url is None:
        try:
            direct_url = metadata.distribution("kyoten-site").read_text("direct_url.json")
        except metadata.PackageNotFoundError:
            return None, None
    try:
        data = json.loads(direct_url or "")
    except ValueError:
        return None, None
    if not isinstance(data, dict) or not isinstance(data.get("vcs_info"), dict):
        return None, None
    url, vcs = data.get("url"), data["vcs_info"]
    commit = vcs.get("commit_id")
    if (vcs.get("vcs") == "git" and isinstance(commit, str) and re.fullmatch(r"[0-9a-f]{40}", commit)
            and isinstance(url, str) and re.fullmatch(r"https://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~+=-]+)+/?", url)):
        return url, commit
    return None, None


def requirements_text(repo: str | None, rev: str) -> str:
    head = ("# kyoten の版を固定します。GitHub の確認・公開（.github/workflows/）も、手元の\n"
            "# `python -m pip install -r kyoten-requirements.txt` も、この1行の kyoten を使います。\n"
            "# 版を上げるときは、この行の @ のあとを新しい版にして、プルリクエストで確かめてから取り込みます。\n")
    if repo:
        return head + f"kyoten-site[pdf] @ git+{repo}@{rev}\n"
    return head + ("# ★ kyoten の取得元を書いてください（例 kyoten-site[pdf] @ git+https://…/kyoten@" + rev + "）。\n"
                   "#   書くまで、GitHub での確認と公開は「取得元が書かれていません」で止まります。\n")


def precommit_text(repo: str | None, rev: str) -> str:
    head = ("# `pip install pre-commit && pre-commit install` を一度すると、データを変えたコミットの前に\n"
            "# kyoten validate が動きます（kyoten のリポジトリの .pre-commit-hooks.yaml の kyoten-validate）。\n")
    if repo:
        return head + f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: kyoten-validate\n"
    return head + ("# ★ kyoten の取得元がわかったら、次の4行に置き換えてください:\n"
                   f"#   - repo: kyoten の取得元のアドレス\n#     rev: {rev}\n#     hooks:\n#       - id: kyoten-validate\n"
                   "# それまでは、手元に入れた kyoten（kyoten-requirements.txt）で検査します。\n"
                   "repos:\n  - repo: local\n    hooks:\n      - id: kyoten-validate\n        name: kyoten validate\n"
                   "        entry: kyoten validate .\n        language: system\n        pass_filenames: false\n"
                   "        files: ^(providers\\.yaml|site_config\\.yml|content/.*)$\n")


def fiscal_year_of(day: dt.date) -> int:
    """年度 (April to March): 2026 for 2027-03-31."""
    return day.year if day.month >= 4 else day.year - 1


def run_init(new_dir: Path, city: str, code: str, phone: str | None, department: str | None,
             publish: str = "pages", kyoten_repo: str | None = None, kyoten_rev: str | None = None) -> int:
    code = code.strip()
    rev = kyoten_rev or f"v{__version__}"
    origin, commit = installed_from()  # the README's install line records where kyoten came from
    from_install = origin is not None and (kyoten_repo is None or (kyoten_repo == origin and kyoten_rev is None))
    if from_install:  # the workflows use the very kyoten that made the repository, not a tag that may not exist
        kyoten_repo, rev = origin, kyoten_rev or commit
    if publish not in PUBLISH:
        print(f"エラー: --publish は {' か '.join(PUBLISH)} です (--publish: pages|rsync)", file=sys.stderr)
        return EXIT_USAGE
    for value, option in ((kyoten_repo, "--kyoten-repo"), (rev, "--kyoten-rev")):
        if value is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:/@+~=-]*", value):
            print(f"エラー: {option}「{value}」に使えない文字があります (a git address or revision)", file=sys.stderr)
            return EXIT_USAGE
    if not local_government_code_ok(code):
        print(f"エラー: 全国地方公共団体コード「{code}」が正しくありません（6桁、最後の1桁は検査数字です） "
              "(--code: 6 digits with a valid check digit, e.g. 121002)", file=sys.stderr)
        return EXIT_USAGE
    if not city.strip():
        print("エラー: --city に市町村名を書いてください", file=sys.stderr)
        return EXIT_USAGE
    if re.search(r"[\x00-\x1f\x7f:#{}\[\],&*!|>'\"%@`\\]", city) or len(city.strip()) > 40:
        print(f"エラー: --city「{city}」には市町村名だけを書いてください（記号は使えません） (--city: e.g. 千葉市)", file=sys.stderr)
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
    city = city.strip()
    year = fiscal_year_of(dt.date.today())  # scaffolding may read the clock; builds never do
    values = {"CITY": city, "KYOTEN_VERSION": __version__, "PUBLISH_NOTE": PUBLISH_NOTE[publish],
              "NENDO": fiscal_year_short(year)}
    files = {".gitignore": GITIGNORE, "kyoten-requirements.txt": requirements_text(kyoten_repo, rev),
             ".pre-commit-config.yaml": precommit_text(kyoten_repo, rev),
             ".github/workflows/publish.yml": template(f"github/workflows/publish-{publish}.yml", values)}
    files |= {target: template(name, values) for name, target in REPO_FILES.items()}
    files |= {f"content/{name}": modeline(f"content/{name}") + "\n" + template(f"content/{name}", values)
              for name in GUIDANCE_FILES}
    files[f"content/reports/{year}.yml"] = modeline("content/reports/<年度>.yml") + "\n" + template("content/report.yml", values)
    files["content/accessibility.yml"] = ACCESSIBILITY_TEXT
    for rel, text in files.items():
        (new_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (new_dir / rel).write_text(text, encoding="utf-8", newline="\n")
    write_schemas(new_dir / "schemas")
    print(f"""{new_dir} に{city}のサイトのリポジトリを作りました。次の順に進めてください。
  1. site_config.yml の「★」の行を直す（公開URL、地区、夜間・休日の連絡先、地図の範囲）
  2. providers.yaml に事業所を書く（Excelの一覧から: kyoten import 一覧.xlsx --site {new_dir} > {new_dir}/providers.yaml）
  3. content/ の「★」を市の内容に書き換える（機能ごとの取組、事前登録、事業所の方へ、チラシ、運用状況）
  4. kyoten validate {new_dir} で確かめ、kyoten build {new_dir} で作る（★が残る間は警告が出て、build --strict は止まります）
  5. 公開するときに site_config.yml の sample_data を false にする
  6. GitHub に置く: README.md の「初めに一度だけ」（公開のしかた: {publish}）""", file=sys.stderr)
    if from_install:
        print(f"kyoten-requirements.txt と .pre-commit-config.yaml には、今使っている kyoten（{kyoten_repo} の {rev[:12]}）を"
              "書きました。GitHub での確認と公開も、この kyoten を使います。", file=sys.stderr)
    if kyoten_repo is None:
        print("注意: --kyoten-repo を指定しなかったため、kyoten-requirements.txt に kyoten の取得元を書くまで、"
              "GitHub での確認と公開は動きません（★の行）。", file=sys.stderr)
    return EXIT_OK
