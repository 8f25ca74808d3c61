"""Japan's prefectures in JIS X 0401 order: the first two digits of a 全国地方公共団体コード name one."""

from __future__ import annotations

import re
import unicodedata

PREFECTURES = ("北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県",
               "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",
               "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県",
               "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県",
               "宮崎県", "鹿児島県", "沖縄県")
PREFECTURE = re.compile("^(" + "|".join(PREFECTURES) + ")")


def prefecture_of_code(code: str | None) -> str | None:
    """千葉県 for 121002 (or a 2-digit 都道府県コード); None for a code no prefecture has."""
    code = unicodedata.normalize("NFKC", code or "").strip()
    return PREFECTURES[int(code[:2]) - 1] if code[:2].isdigit() and 1 <= int(code[:2]) <= 47 else None
