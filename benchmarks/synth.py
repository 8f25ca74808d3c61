"""A synthetic but valid site of N providers over n_areas areas, for benchmarks and scale tests.

    make_site(dest, n_providers, n_areas=20) -> dest

Deterministic (seeded): realistic Japanese names (法人名 + 種別 + 愛称), addresses, every role, function
and target; about 90 % have a location; phone numbers use unassigned exchange codes (0XX-0XX-XXXX).
Labelled sample (`sample_data: true`): it is never a real city.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AREA_NAMES = ["中央", "北", "南", "東", "西", "本町", "青葉", "若葉", "緑", "桜台", "港", "川口", "山手", "駅前", "新田",
              "松原", "竹の塚", "梅が丘", "花見台", "朝日", "栄", "旭", "汐見", "富士見", "日の出"]
NICK = ["あおぞら", "ひだまり", "こもれび", "たんぽぽ", "わかば", "なごみ", "ゆうあい", "ぱれっと", "みのり", "かえで", "ほしのいえ",
        "やまびこ", "つばさ", "そよかぜ", "うみかぜ", "ひまわり", "すくすく", "えがお", "しるべ", "ともに", "にじいろ", "いろは",
        "さくら", "あさひ", "みどり", "ひかり", "きずな", "のぞみ", "はるかぜ", "もみじ", "楓", "若竹", "陽だまり", "星の家", "虹の橋"]
KINDS = [  # (name part, role, services, functions, targets)
    ("相談支援センター", "拠点等登録事業所", ["計画相談支援", "障害児相談支援"], ["相談"], ["身体", "知的", "児童"]),
    ("相談室", "拠点等登録事業所", ["計画相談支援", "地域定着支援"], ["相談", "緊急時の受入・対応"], ["精神"]),
    ("ショートステイ", "緊急一時保護受託事業所", ["短期入所"], ["緊急時の受入・対応", "体験の機会・場"], ["身体", "知的", "強度行動障害"]),
    ("グループホーム", "拠点等登録事業所", ["共同生活援助"], ["体験の機会・場"], ["知的", "精神"]),
    ("生活介護センター", "拠点等登録事業所", ["生活介護", "日中一時支援"], ["体験の機会・場", "専門的人材の確保・養成"], ["身体", "医療的ケア"]),
    ("ヘルパーステーション", "拠点等登録事業所", ["居宅介護", "重度訪問介護", "訪問介護"], ["緊急時の受入・対応"], ["身体", "難病"]),
    ("工房", "拠点等登録事業所", ["就労継続支援B型"], ["体験の機会・場"], ["知的", "精神", "発達障害"]),
    ("こどもデイ", "拠点等登録事業所", ["放課後等デイサービス", "児童発達支援"], ["体験の機会・場"], ["児童", "発達障害"]),
    ("地域活動支援センター", "地域活動支援センター", ["地域活動支援センター"], ["相談", "地域の体制づくり"], ["精神"]),
    ("基幹相談支援センター", "基幹相談支援センター", ["相談支援事業（委託）"],
     ["相談", "専門的人材の確保・養成", "地域の体制づくり"], ["身体", "知的", "精神", "児童", "高次脳機能障害"]),
]
CORPS = ["社会福祉法人{}会", "特定非営利活動法人{}", "株式会社{}ケア", "合同会社{}", "医療法人社団{}会"]


def make_site(dest: Path, n_providers: int, n_areas: int = 20, seed: int = 7) -> Path:
    rnd = random.Random(seed)
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "content").mkdir(parents=True)
    areas = [(f"a{i:02d}", f"{AREA_NAMES[i % len(AREA_NAMES)]}{'地区' if i < len(AREA_NAMES) else f'{i}地区'}")
             for i in range(n_areas)]
    lat0, lon0 = 35.70, 140.10
    (dest / "site_config.yml").write_text(
        "city: {name: 見本市, name_kana: みほんし, code: \"999997\"}\n"
        "site: {title: 見本市の地域生活支援拠点等（合成データ）, base_url: \"https://kyoten.example.jp/synth/\", sample_data: true}\n"
        "areas:\n" + "".join(f"  - {{id: {a}, name: {n}}}\n" for a, n in areas) +
        "contacts:\n"
        "  - {name: 見本市 障害福祉課, phone: 043-000-1111, when: 平日}\n"
        "  - {name: 見本市 夜間・休日緊急ダイヤル, phone: 043-099-0000, when: 夜間・休日}\n"
        f"map: {{center: {{lat: {lat0}, lon: {lon0}}}, zoom: 11, "
        f"bounds: {{south: {lat0 - 0.3}, west: {lon0 - 0.3}, north: {lat0 + 0.3}, east: {lon0 + 0.3}}}}}\n",
        encoding="utf-8")
    shutil.copy(ROOT / "content" / "functions.yml", dest / "content" / "functions.yml")
    out = []
    for i in range(n_providers):
        part, role, services, functions, targets = KINDS[i % len(KINDS)] if i >= len(KINDS) else KINDS[i]
        nick = rnd.choice(NICK)
        area, aname = areas[rnd.randrange(n_areas)]
        corp = rnd.choice(CORPS).format(nick)
        lines = [f"- id: p{i:05d}", f"  name: {part}{nick} {i + 1}号", f"  role: {role}", f"  corporation: {corp}"]
        if role not in ("基幹相談支援センター", "地域活動支援センター"):
            lines.append(f'  provider_number: "99{i:08d}"')
        lines += [f"  services: [{', '.join(services)}]", f"  functions: [{', '.join(functions)}]",
                  f"  targets: [{', '.join(targets)}]", f"  area: {area}",
                  f"  address: 見本市{aname.removesuffix('地区')}{rnd.randint(1, 5)}丁目{rnd.randint(1, 30)}番{rnd.randint(1, 20)}号"]
        if rnd.random() < 0.9:
            lines.append(f"  location: {{lat: {lat0 + rnd.uniform(-0.25, 0.25):.5f}, lon: {lon0 + rnd.uniform(-0.25, 0.25):.5f}}}")
        lines.append(f"  phone: 0{rnd.randint(11, 99)}-0{rnd.randint(10, 99)}-{rnd.randint(1000, 9999)}")
        if "緊急時の受入・対応" in functions:
            lines.append(f"  emergency: {{accepts: true, beds: {rnd.randint(1, 3)}}}")
        lines.append("  hours: 月〜金 9:00〜17:00")
        out.append("\n".join(lines) + "\n")
    (dest / "providers.yaml").write_text("".join(out), encoding="utf-8")
    return dest
