"""法人番号 and 定員 (issue 19): optional provider fields, checked as 国税庁 and common sense define them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyoten.model.schema import corporate_check_digit
from kyoten.model.site import load_site
from kyoten.model.source import DataError

BASE = Path(__file__).resolve().parent / "data" / "bad" / "_base"


def test_check_digit_follows_the_nta_rule():
    # 国税庁's own number, and the worked example of its check-digit sheet (7123456789012)
    assert corporate_check_digit("000012050002") == 7
    assert corporate_check_digit("123456789012") == 7
    assert all(1 <= corporate_check_digit(f"{n:012d}") <= 9 for n in range(0, 10 ** 12, 10 ** 12 // 97))


def _site_with(tmp_path: Path, extra: str) -> Path:
    import shutil
    site = shutil.copytree(BASE, tmp_path / "site")
    text = (site / "providers.yaml").read_text(encoding="utf-8")
    first = text.index("\n  name:")  # after the first provider's first line
    (site / "providers.yaml").write_text(text[:first] + "\n" + extra.rstrip("\n") + text[first:], encoding="utf-8")
    return site


def test_valid_values_are_kept(tmp_path):
    site = _site_with(tmp_path, '  corporate_number: "７００００１２０５０００２"\n  capacity: 20')
    p = next(p for p in load_site(site).providers if p.capacity)
    assert (p.corporate_number, p.capacity) == ("7000012050002", 20)


@pytest.mark.parametrize("extra, message", [
    ('  corporate_number: "8000012050002"', "先頭の検査用数字が合いません"),
    ('  corporate_number: "700001205000"', "13桁の数字で書いてください"),
    ("  capacity: 0", "1から9999の範囲"),
    ("  capacity: 2.5", "整数ではありません"),
])
def test_bad_values_are_errors_with_their_line(tmp_path, extra, message):
    site = _site_with(tmp_path, extra)
    with pytest.raises(DataError) as e:
        load_site(site)
    line = (site / "providers.yaml").read_text(encoding="utf-8").splitlines().index(extra) + 1
    assert any(d.line == line and message in d.message for d in e.value.diagnostics), str(e.value)
