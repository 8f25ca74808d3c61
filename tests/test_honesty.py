"""Issue 15: an empty field means "not on this site", never "does not exist". Every built page of every
site is read; counts the city states without naming the 事業所 are shown as stated, with date and source;
function pages without 取組 of their own show the report's, attributed; kept beds and vacancy are one answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build, parse, text
from kyoten.model.site import load_site
from test_validation import CONFIG, GOOD, errors, make_site

# sentences that assert a fact does not exist, where the site merely does not hold it
ABSENCE = re.compile(
    "公開されていません|公開していません|登録されていません|掲載されていません|載っていません"
    "|(?:情報|連絡先|事業所|取組|実施主体)は(?:まだ)?ありません|該当する事業所はありません|(?<![0-9０-９.])0か所")


def _pages(out: Path):
    for path in sorted(out.rglob("*.html")):
        yield path, text(parse(path).xpath("//body")[0])


def test_no_page_of_any_site_asserts_the_absence_of_what_it_does_not_hold(all_sites):
    found = []
    pages = 0
    for name, out in all_sites.items():
        for path, body in _pages(out):
            pages += 1
            found += [f"{name}/{path.relative_to(out)}: …{body[max(0, m.start() - 30):m.end() + 10]}…"
                      for m in ABSENCE.finditer(body)]
            # the beds kept and the free beds are one answer, never two numbers side by side
            if "確保している床数" in body:
                found.append(f"{name}/{path.relative_to(out)}: 確保している床数 apart from the vacancy")
    assert pages > 200
    assert not found, "\n".join(found)


def test_the_absence_pattern_catches_the_old_sentences():
    for old in ("電話 公開されていません", "この機能を担う事業所は、まだ登録されていません。", "拠点等登録事業所 0か所の連絡先",
                "この機能についての市の取組は、まだ掲載されていません。", "地図情報はありません。", "該当する事業所はありません。"):
        assert ABSENCE.search(old), old
    for fine in ("10か所の事業所", "このサイトには、電話番号を掲載していません。", "0件算定"):
        assert not ABSENCE.search(fine), fine


def test_missing_phone_and_address_point_to_the_city(all_sites):
    page = all_sites["matsudo"] / "providers" / "kikan-chuo" / "index.html"
    doc = parse(page)
    facts = {text(dt): dd for dt, dd in zip(doc.xpath('//dl[@class="facts"]/div/dt'), doc.xpath('//dl[@class="facts"]/div/dd'))}
    for key in ("電話", "所在地"):
        assert text(facts[key]).startswith("このサイトには、"), text(facts[key])
        assert facts[key].xpath(".//a/@href") == ["https://www.city.matsudo.chiba.jp/"]


def test_stated_counts_are_shown_as_the_city_states_them(all_sites):
    site = load_site(Path(__file__).parent.parent / "examples" / "chiba")
    assert sum(c.value for c in site.config.stated_counts) == 32  # the seed's 拠点登録事業所数
    home = text(parse(all_sites["chiba"] / "index.html").xpath("//main")[0])
    assert "計画相談支援事業所：15か所（令和４年度の実績。出典：千葉市「令和４年度 地域生活支援拠点等の運用状況」）" in home
    emergency = text(parse(all_sites["chiba"] / "functions" / "emergency" / "index.html").xpath("//main")[0])
    assert "短期入所事業所：6か所" in emergency and "計画相談支援事業所" not in emergency
    osaka = text(parse(all_sites["osaka"] / "functions" / "emergency" / "index.html").xpath("//main")[0])
    assert "拠点等の登録事業所（短期入所）：5事業所" in osaka


@pytest.mark.parametrize("city, function, activity", [
    ("osaka", "consultation", "突発的な相談ニーズにも適宜対応"),
    ("kokubunji", "consultation", "緊急利用対象者の事前把握の実施"),
    ("shiroi", "emergency", None),
])
def test_function_pages_show_the_reports_activities_attributed(all_sites, city, function, activity):
    main = parse(all_sites[city] / "functions" / function / "index.html").xpath("//main")[0]
    section = main.xpath('.//section[@aria-labelledby="city-h"]')[0]
    body = text(section)
    assert "の報告「" in body and "に書かれている内容です" in body
    assert section.xpath('.//a[contains(@href, "reports/")]')
    assert activity is None or activity in body


def test_kept_beds_and_vacancy_read_as_one_answer(tmp_path):
    site = make_site(tmp_path, GOOD + "  emergency: {accepts: true, beds: 1}\n  vacancy: {beds: 0, as_of: 2026-11-20}\n",
                     CONFIG.replace('site: {base_url: "https://example.jp/kyoten"}',
                                    'site: {base_url: "https://example.jp/kyoten", data_date: 2026-11-25}'))
    assert build(site, tmp_path / "out") == 0
    body = text(parse(next((tmp_path / "out" / "providers").glob("*/index.html"))).xpath("//main")[0])
    assert "確保している床：1床（うち空き：0床、令和8年11月20日時点）" in body
    assert "空床" not in body


def test_a_stated_count_needs_its_date_and_source(tmp_path):
    config = CONFIG + "stated_counts:\n  - {label: 短期入所事業所, value: 6}\n"
    errs = errors(tmp_path, GOOD, config)
    assert any(e.startswith("site_config.yml:14:5: エラー:") and "as_of" in e for e in errs), errs
    assert any("source" in e for e in errs), errs


@pytest.mark.parametrize("city", ["chiba", "kokubunji", "matsudo", "osaka", "shiroi"])
def test_example_policy_and_activities_are_attributed_to_their_document(all_sites, city):
    """A reproduction never speaks as the city: the policy and 取組 name the document they come from."""
    site = load_site(Path(__file__).parent.parent / "examples" / city)
    assert site.functions.source and "再現" in site.functions.source
    home = parse(all_sites[city] / "index.html")
    if site.functions.policy:
        assert f"出典：{site.functions.source}" in text(home.xpath('//section[@aria-labelledby="intro-h"]')[0])
    for f, cf in site.functions.by_id.items():
        if cf.summary or cf.activities or cf.implementers:
            section = parse(all_sites[city] / "functions" / f / "index.html").xpath('//section[@aria-labelledby="city-h"]')[0]
            assert f"出典：{site.functions.source}" in text(section), f
    reports = text(parse(all_sites[city] / "reports" / "index.html").xpath("//main")[0])
    assert f"{site.config.city_name}は、" not in reports


def test_guidance_pages_name_whose_words_they_are(all_sites):
    for site, page, words in (("matsudo", "preregistration", "出典：松戸市（障害福祉課）「地域生活支援拠点について」"),
                              ("root", "preregistration", "出典：このサイト（楓市は架空の市です"),
                              ("root", "for-providers", "出典：このサイト（楓市は架空の市です")):
        lead = parse(all_sites[site] / page / "index.html").xpath('//main//p[@class="source"]')
        assert lead and text(lead[0]).startswith(words), (site, page)


def test_no_template_can_publish_an_absence_sentence():
    """The built sites show what their data triggers; the theme's own text is checked whole, so no city can
    publish such a sentence (a city with no 申し込み先, no 連絡先, no 事業所 …)."""
    theme = Path(__file__).parent.parent / "kyoten" / "theme"
    found = [f"{p.relative_to(theme)}: {m.group()}" for p in sorted(theme.rglob("*"))
             if p.suffix in (".html", ".js") and "vendor" not in p.parts
             for m in ABSENCE.finditer(p.read_text(encoding="utf-8"))]
    assert not found, found


def test_development_type_is_data_on_the_top_page_and_in_open_data(all_sites, tmp_path):
    import json
    for city, want in (("root", "面的整備型"), ("chiba", "面的整備型"), ("matsudo", "面的整備型"), ("kokubunji", None)):
        intro = text(parse(all_sites[city] / "index.html").xpath('//section[@aria-labelledby="intro-h"]')[0])
        data = json.loads((all_sites[city] / "opendata" / "providers.json").read_text(encoding="utf-8"))
        assert data["整備類型"] == want, city
        assert (f"整備類型：{want}" in intro) if want else ("整備類型" not in intro), city
    errs = errors(tmp_path, GOOD, CONFIG + "development_type: 拠点型\n")
    assert len(errs) == 1 and errs[0].startswith("site_config.yml:13:19: エラー:") and "development_type" in errs[0], errs


def test_the_preregistration_page_answers_what_a_family_asks(all_sites):
    body = text(parse(all_sites["root"] / "preregistration" / "index.html").xpath("//main")[0])
    for q in ("登録していなくても、緊急のときに相談できますか。", "受給者証がなくても登録できますか。",
              "短期入所などを使ったときの利用料は。", "受け入れてもらうときの持ち物は。"):
        assert q in body, q
    assert "支給決定" in body and "お薬手帳" in body and "原則1割" in body


def test_the_emergency_listing_says_whom_to_call_first(all_sites):
    from kyoten.model.site import load_site
    cfg = load_site(Path(__file__).parent.parent).config
    doc = parse(all_sites["root"] / "providers" / "emergency" / "index.html")
    first = doc.xpath('//main/section[@aria-labelledby="first-call-h"]')
    assert first and doc.xpath("//main/*")[1] is first[0]  # right under the heading, before the list
    tels = first[0].xpath('.//a[starts-with(@href, "tel:")]/@href')
    assert tels[0] == "tel:" + "".join(ch for ch in cfg.after_hours_contacts[0].phone if ch.isdigit())
    assert len(tels) == len(cfg.contacts)
