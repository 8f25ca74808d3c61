"""Issue 15: 行動障害 and 強度行動障害 are two terms (強度行動障害 is the defined one: 行動関連項目 10点以上), and the
service filter keeps 介護保険 services apart from 障害福祉 services (a heading per system, on provider pages too)."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, demo, parse, text
from kyoten import urls
from kyoten.model.vocab import SERVICE_VOCAB, SERVICES, SYSTEM_VOCAB, SYSTEMS, TARGET_VOCAB
from test_validation import make_site

SEVERE, BROAD = TARGET_VOCAB.lookup("強度行動障害"), TARGET_VOCAB.lookup("行動障害")


def _names(page: Path) -> set[str]:
    return {text(a) for a in parse(page).xpath('//li[contains(@class, "provider-card")]//h2//a | '
                                                  '//li[contains(@class, "provider-card")]//h3//a')}


def test_behaviour_terms_are_two_and_neither_is_an_alias_of_the_other():
    assert SEVERE.id != BROAD.id and SEVERE.label == "強度行動障害" and BROAD.label == "行動障害"
    assert "行動障害" not in SEVERE.aliases and "強度行動障害" not in BROAD.aliases
    assert TARGET_VOCAB.lookup("強度行動障がい") is SEVERE and TARGET_VOCAB.lookup("行動障がい") is BROAD


def test_a_provider_is_listed_under_the_term_it_names_only(all_sites):
    site = demo()
    severe = {p.name for p in site.providers if SEVERE.id in p.targets}
    broad = {p.name for p in site.providers if BROAD.id in p.targets}
    only_severe, only_broad = severe - broad, broad - severe
    assert only_severe and only_broad  # the demo has both kinds, and a provider with both (the 基幹)
    out = all_sites["root"]
    listed_severe = _names(out / urls.facet("target", SEVERE.id))
    listed_broad = _names(out / urls.facet("target", BROAD.id))
    assert listed_severe == severe and listed_broad == broad
    assert not (only_broad & listed_severe) and not (only_severe & listed_broad)
    assert "ゆうあい相談支援事業所" in listed_broad and "ゆうあい相談支援事業所" not in listed_severe
    assert "行動障害支援センターしるべ" in listed_severe and "行動障害支援センターしるべ" not in listed_broad
    # the directory's filter offers both
    chips = {a.get("data-value"): text(a) for a in
             parse(out / urls.DIRECTORY).xpath('//ul[@data-facet="target"]/li/a')}
    assert chips[SEVERE.id] == "強度行動障害" and chips[BROAD.id] == "行動障害"


def test_yaml_spellings_land_on_their_own_term(tmp_path: Path):
    from kyoten.model.site import load_site
    site = make_site(tmp_path, "- name: あおば\n  role: 拠点等登録事業所\n  services: [短期入所]\n  functions: [相談]\n"
                               "  area: chuo\n  targets: [行動障害]\n"
                               "- name: みどり\n  role: 拠点等登録事業所\n  services: [短期入所]\n  functions: [相談]\n"
                               "  area: chuo\n  targets: [強度行動障がい]\n")
    got = {p.name: p.targets for p in load_site(site).providers}
    assert got == {"あおば": (BROAD.id,), "みどり": (SEVERE.id,)} or got == {"あおば": [BROAD.id], "みどり": [SEVERE.id]}


def test_every_service_belongs_to_one_system_and_care_insurance_is_its_own():
    assert all(s.system in SYSTEM_VOCAB.by_id for s in SERVICES)
    kaigo = {s.label for s in SERVICES if s.system == "kaigo-hoken"}
    assert kaigo == {"訪問介護", "居宅介護支援"}
    assert SERVICE_VOCAB.lookup("居宅介護").system == "shogai-fukushi"  # 障害福祉's ホームヘルプ, not 介護保険's 訪問介護
    assert SERVICE_VOCAB.lookup("日中一時支援").system == "chiiki-seikatsu"


def test_directory_filter_groups_services_under_a_heading_per_system(all_sites):
    doc = parse(all_sites["root"] / urls.DIRECTORY)
    box = doc.xpath('//details[contains(@class, "facets")]')
    assert len(box) == 1  # the phone layout's structure is kept: one <details> filter panel
    facet = box[0].xpath('.//div[@class="facet"][h3[@class="facet__title"]="サービス"]')[0]
    groups = facet.xpath('./ul[@data-facet="service"]')
    heads = facet.xpath('./h4[@class="facet__group"]')
    assert [text(h) for h in heads] == [s.label for s in SYSTEMS if any(g.get("data-system") == s.id for g in groups)]
    assert "介護保険サービス" in [text(h) for h in heads] and "障害福祉サービス" in [text(h) for h in heads]
    used = {s for p in demo().providers for s in p.services}
    seen = []
    for h, ul in zip(heads, groups):
        assert ul.get("aria-labelledby") == h.get("id")
        system = ul.get("data-system")
        ids = [a.get("data-value") for a in ul.xpath("./li/a")]
        assert ids and all(SERVICE_VOCAB.by_id[i].system == system for i in ids), (system, ids)
        seen += ids
    assert sorted(seen) == sorted(used)  # every used service once, none lost in the grouping
    kaigo = facet.xpath('./ul[@data-system="kaigo-hoken"]/li/a')
    assert {text(a) for a in kaigo} == {"訪問介護", "居宅介護支援"}
    # the filter's links still lead to the service listings
    for a in kaigo:
        assert a.get("href").endswith(urls.facet("service", a.get("data-value")).removeprefix("providers/"))


def test_provider_page_lists_services_by_system(all_sites):
    p = next(p for p in demo().providers if p.name == "ヘルパーステーションそよかぜ")
    doc = parse(all_sites["root"] / urls.provider(p.id))
    groups = doc.xpath('//div[@class="service-group"]')
    got = {g.get("data-system"): [text(a) for a in g.xpath(".//li/a")] for g in groups}
    assert got == {"shogai-fukushi": ["居宅介護", "重度訪問介護", "同行援護"], "kaigo-hoken": ["訪問介護"]}
    assert [text(g.xpath('./span[@class="service-group__system"]')[0]) for g in groups] == ["障害福祉サービス：", "介護保険サービス："]


def test_grouped_service_chips_still_filter_in_place(page, root_url):
    """The headings split the service chips into lists; the chips stay one filter (any chosen service)."""
    import re

    def name(t: str):
        return re.compile(r"^\s*" + r"\s*".join(map(re.escape, t)) + r"\s*$")

    page.goto(root_url + urls.DIRECTORY)
    cards = page.locator("#provider-results .provider-card:visible .provider-card__name")
    page.get_by_role("button", name=name("訪問介護")).click()
    assert sorted(cards.all_inner_texts()) == sorted(p.name for p in demo().providers_with(service="homon-kaigo"))
    page.get_by_role("button", name=name("居宅介護支援")).click()
    both = {p.name for p in demo().providers if {"homon-kaigo", "kyotaku-kaigo-shien"} & set(p.services)}
    assert sorted(cards.all_inner_texts()) == sorted(both)
    page.get_by_role("button", name=name("条件をすべて解除")).click()
    page.get_by_role("button", name=name("行動障害")).click()
    assert sorted(cards.all_inner_texts()) == sorted(p.name for p in demo().providers if BROAD.id in p.targets)
    assert "行動障害支援センターしるべ" not in cards.all_inner_texts()


def test_a_service_listing_says_which_system_the_service_belongs_to(all_sites):
    for sid, system in (("homon-kaigo", "介護保険サービス"), ("kyotaku-kaigo", "障害福祉サービス"), ("nicchu-ichiji", "地域生活支援事業")):
        doc = parse(all_sites["root"] / urls.facet("service", sid))
        assert text(doc.xpath('//p[@class="facet-system"]')[0]) == f"「{SERVICE_VOCAB.by_id[sid].label}」は、{system}です。"
