"""The benchmarks' synthetic site is valid and covers every role, function and target it claims."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import make_site  # noqa: E402

from kyoten.model.site import load_site  # noqa: E402


def test_synthetic_site_is_valid(tmp_path):
    site = load_site(make_site(tmp_path / "s", 300))
    assert len(site.providers) == 300
    assert len(site.config.areas) == 20
    assert {p.role for p in site.providers} == {"kikan", "registered", "emergency-stay", "katsudo"}
    assert {f for p in site.providers for f in p.functions} == {"consultation", "emergency", "experience",
                                                                 "expertise", "community"}
    assert 0.8 < sum(p.location is not None for p in site.providers) / 300 < 1
