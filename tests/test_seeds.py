"""Issue 15, the seeds in full: each example city carries what its source document
(/work/shared/seeds/, table in docs/seeds.md) says, on the page the table names, as a reader sees it
(furigana off, whitespace ignored), attributed to the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, build, copy_site, parse, text
from kyoten.model.site import load_site
from kyoten.model.source import DataError

REPORT = {"chiba": "reports/2022/index.html", "osaka": "reports/2023/index.html", "shiroi": "reports/2025/index.html",
          "matsudo": "reports/2022/index.html", "kokubunji": "reports/2021/index.html"}

# city → page → passages copied from the seed (OCR breaks and letter-spacing removed)
PASSAGES: dict[str, dict[str, list[str]]] = {
    "chiba": {
        "index.html": ["基幹相談支援センターを核として、すべての障害福祉サービス事業所をはじめとする既存のあらゆる社会資源を有機的につなぐネットワークにより支援体制（面的な体制）を整備する。"],
        "functions/consultation/index.html": [
            "拠点コーディネーターを配置し、緊急時の支援が見込めない世帯を事前に把握した上で常時の連絡体制を確保し、緊急時に相談支援を行う機能",
            "計画相談支援事業所が広く拠点の登録を行えるよう体制整備。"],
        "functions/expertise/index.html": ["高齢化した障害者や、高齢者と障害者の世帯への支援のため、あんしんケアセンターと連携会議（地域部会等）を開催。"],
        "functions/community/index.html": ["地域のニーズ把握のためサービス事業所への調査を実施。"],
        REPORT["chiba"]: [
            "相談支援事業所意見交換会において、計画相談支援事業所に対し学習会を設け、利用者の緊急時に備えるようちらしを作成しはたらきかけを依頼。",
            "中央区10/8、稲毛区8/20、若葉区9/10、美浜区1/28", "6つの入所施設等の現状を話してもらう（11月、1月、3月）",
            "https://cckikan.or.jp/kikan/202303.mp4", "千葉市地域生活支援拠点MLを作成（50事業所が登録）",
            "行動障害15点以上、18点以上の在宅者数把握、スコア分布",
            "コーディネーターは定期にミーティングを行い、区の枠を超え連携し、千葉市における地域生活支援拠点等の在り方について継続的な協議を行った。",
            "来年度はこれを踏まえ、受け入れ事業所MLの実用化をめざしたい。", "緊急時、支援が見込めない方への支援について整理を進めたい。",
            "障害者の重度化・高齢化や「親亡き後」を見据え、住み慣れた地域で安心して暮らしていけるよう居住支援を行う機能を持つ場所や体制を整備するもの。",
            "①相談、②緊急時の受け入れ・対応、③体験の機会・場、④専門的人材の確保・養成、⑤地域の体制づくり"],
    },
    "osaka": {
        "index.html": ["拠点等の機能を担う事業所の登録制度については、令和４年８月に要綱を制定して登録事業者を募集し、令和５年３月から運用を開始しました。"],
        REPORT["osaka"]: [
            # the seventh 「登録してよかった」 answer
            "法人内に居宅サービスやショートステイ、相談支援事業所があるので、連携を図る事ができることが強みであり、即座に対応できるため、登録して良かったと感じる",
            "区内の福祉に関する課題について、主体的に参加できるようになった",
            # both summary sentences under the survey
            "既に行われている緊急時の支援が、制度に位置づけられることで動きやすくなったり、報酬上評価されるなどのメリットのほか、地域づくりにも積極的に参加できるようになったなどの意見が聞かれた。",
            "登録事業所が少ないことから、現に登録している事業所だけでは十分に対応できないなど、登録事業所の増加や連携体制の強化を望む声が聞かれた。",
            # 施設入所者地域生活移行促進事業 概要
            "【目的】施設入所者への計画的な外出支援を通じて地域生活体験の機会を提供することにより、障がい者支援施設からの地域移行の促進を図る",
            "【対象】障がい者支援施設の入所者で、地域生活への移行の検討を希望する者",
            "【内容】①地域生活の体験に係るプログラム策定及び調整等", "②地域生活の体験に係る支援等", "③地域生活の体験に係る取組の検証等",
            "【期間】6ヵ月間（1ヵ月あたり：24時間まで）",
            # the two 事例
            "コロナ前は、入所者と一緒に外出したことはあったが、ここ数年は外出したことがない",
            "本事業終了後、地域移行支援を利用して、グループホームへの入居をめざしている",
            "会話によるコミュニケーションは難しかったが、身振りや表情で意思表明されていたので、比較的スムーズに支援ができた。",
            "当事業所で過ごす姿から外部とのつながりが可能ではないかと思い、相談支援事業所と協力して母親を説得し、日中活動を見学してもらったところ利用開始につながり、現在は楽しく通所しておられる。",
            "初対面の方だが空床があったので、受入れて半月ほど支援",
            "夜間・休日等に介助者が急病等により不在となる事態が生じた場合に、支援者が居宅を訪問する等して在宅で生活している障がい者の支援を行う",
            "障害者総合支援法の改正に伴い、個別事例の検討を行い、地域課題の抽出につなげる（R6年度～）",
            "【当面の課題】緊急時などに対応する登録事業所が少なく、現に登録している事業所だけでは十分に対応できない",
            "各区地域自立支援協議会における拠点等の充実に向けた気運の醸成",
            "引き続き、登録事業所の増加に向けて取組むとともに、増加状況に応じて周知・広報を行うなど、その積極的な活用を図る。"],
    },
    "shiroi": {
        REPORT["shiroi"]: [
            "また、開所日及び開所時間以外については、法人内の指定特定相談支援事業所等と連携して支援を行う体制が仕様書上に位置付けられている。",
            "仕様書「6 業務内容」(7)③により、市内の拠点コーディネーターの設置状況に応じて市と受託者で業務内容を協議することとされている。",
            "福祉的・行政的な雰囲気回避する傾向のある対象者については、フラットヴィレッジを借用し",
            # §4's preface
            "白井市においては、地域移行の推進は基幹相談支援センターの役割として位置付けられているが、令和4年度の障害者総合支援法改正に伴い、地域生活支援拠点等の機能として地域移行の推進が明確化されたため項目として記載する。",
            "本項では、拠点コーディネーター業務と連動した範囲の取組について記載する。",
            "年1回以上、運用状況を検証及び検討することが基本とされている。",
            # §7 その他
            "「ピアサポーターと相談支援事業所の連携促進」等については、令和7年度においては限定的な実施に留まった。",
            # the second bullet of 8-1
            "拠点コーディネーターの配置に要する費用に係る地域生活支援事業の活用は経過的取扱いであり、上記加算の算定要件が整備されるまでの間に限り補助対象となる位置付けである。",
            # the second bullet of 8-3
            "精神障害者及び障害児に対応可能な短期入所事業所の市内整備が必要である。",
            # the first bullet of 8-4
            "福祉的・行政的な雰囲気回避する傾向のある対象者は、短期入所等の既存の障害福祉サービスを利用しづらく、緊急時に一時的な宿泊を確保できる場が市内に存在しない。",
            # 8-5's opening clause
            "短期入所事業所が市内に存在する場合であっても、緊急時の空床確保については",
            # the first bullet of 8-7
            "現状、白井市自立支援協議会には地域移行部会が設置されておらず、地域移行に係る組織的・継続的な検討の場が確保されていない。",
            "厚生労働省「地域生活支援拠点等の機能充実に向けた運用状況の検証及び検討の手引き」"],
        "functions/emergency/index.html": ["サービス提供事業所等を定期的に訪問し、拠点登録に向けた制度説明及び協力依頼を行った。"],
        "functions/expertise/index.html": ["市内事業所からの依頼に応じ、講師派遣を行った。"],
    },
    "matsudo": {
        "index.html": ["松戸市が主体となり地域生活支援拠点等を整備します。",
                       "障害児者の生活を地域全体で支えるサービス体制を構築することです。"],
        "functions/expertise/index.html": ["地域の相談支援事業者に対する訪問等による専門的な指導、助言を行う機能"],
        "for-providers/index.html": [
            "拠点登録のご検討をお願いいたします！", "特定相談支援事業所及び障害児相談支援事業所", "地域生活支援拠点等相談強化加算",
            "700単位／回（月4回まで）",
            "地域生活支援拠点等である相談支援事業所の相談支援専門員がコーディネーターの役割を担うものとして相談を受け、連携する短期入所事業所の緊急時の受入れの対応を行った場合に算定（短期入所事業所への受け入れ実績（回数）に応じて、月4回を限度に算定）",
            "同封開始後、緊急一時支援についての問い合わせが増えています。", "相談支援専門員の皆様のご協力をお願いいたします。",
            "相談支援事業所：4ヵ所", "就労継続支援B型：1ヵ所"],
        "flyers/kinkyu-ichiji/index.html": ["緊急時の短期入所等への受入れ（緊急一時支援）のご案内", "事前登録のご協力をお願いいたします。",
                                            "利用の流れ（１⇒２の順になります。）"],
        "preregistration/index.html": ["事前登録者の基本情報（聞き取り票）の様式は、松戸市のホームページにあります。",
                                       "事前登録のご協力をお願いいたします。", "緊急一時保護コーディネーター"],
        REPORT["matsudo"]: ["緊急一時保護受託事業者", "日中活動サービス事業所", "運営協議会事務局"],
    },
    "kokubunji": {
        REPORT["kokubunji"]: [
            "短期入所を活用した常時の緊急受入体制等を確保した上で，介護者の急病や障害者の状態変化等の緊急時の受け入れや医療機関への連絡等の必要な対応を行う機能",
            "コーディネーターを配置し，地域の様々なニーズに対応できるサービス提供体制の確保や，地域の社会資源の連携体制の構築等を行う機能",
            "既存の「障害者等緊急入所保護事業」を活用し，介護する家族等が新型コロナウイルスにり患して介護できなくなった場合に，在宅要介護者に対しての受入を市内３法人と契約（令和３年７月）",
            "【支援者向け虐待防止研修・ネットワーク研修・新任研修・ブラッシュアップ研修・高次脳機能障害関係機関連絡会・発達障害者支援関係機関情報交換会等】",
            "行動障害や重症心身障害がある方，医療的ケアが必要な方及び高齢化に伴い重度化した方を支援できる人材の育成や事業所の確保",
            "地域ネットワーク研修を，地域移行・高齢福祉・児童をテーマに実施し，関係機関との連携を強化（令和３年度）",
            "緊急利用対象者の事前面談を進め，把握済の方については情報を適宜更新（令和３年度）"],
    },
}


def flat(s: str) -> str:
    return "".join(s.split())


_built: dict[str, Path] = {}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One build per city for this module (no PDFs)."""
    def get(city: str) -> Path:
        if city not in _built:
            out = tmp_path_factory.mktemp(city) / "site"
            assert build(ROOT / "examples" / city, out, pdf=False) == 0
            _built[city] = out
        return _built[city]
    return get


def main_text(out: Path, page: str) -> str:
    return flat(text(parse(out / page).xpath("//main")[0]))


@pytest.mark.parametrize("city", sorted(PASSAGES))
def test_every_listed_seed_passage_is_on_its_page(site, city):
    out = site(city)
    missing = [(page, p) for page, ps in PASSAGES[city].items() for p in ps if flat(p) not in main_text(out, page)]
    assert missing == []


@pytest.mark.parametrize("city", sorted(PASSAGES))
def test_the_report_page_names_its_document(site, city):
    """Every reproduced sentence says whose it is: the report page names the document's author and title."""
    doc = parse(site(city) / REPORT[city])
    facts = flat(text(doc.xpath('//dl[@class="facts"]')[0]))
    assert "作成" in facts and flat(load_site(ROOT / "examples" / city).reports[-1].author) in facts


def test_shiroi_report_keeps_the_document_order_and_headings(site):
    """白井市's report is organised by the guidebook's categories 1-8, not by the five functions: the page
    follows it, and each part links the functions it is about."""
    doc = parse(site("shiroi") / REPORT["shiroi"])
    heads = [flat(text(h)) for h in doc.xpath("//main//h2")]
    want = ["1．緊急事態に備えた相談と緊急事態が起きたときの対応", "2．平常時からの予防的支援", "3．地域の体制づくりとネットワークの強化",
            "4．地域移行の推進", "5．専門的人材の確保・養成", "6．地域生活支援拠点等の運用状況の検証及び検討", "7．その他"]
    idx = [heads.index(flat(w)) for w in want]
    assert idx == sorted(idx)
    assert [h for h in heads if h.startswith("8-")] == [flat(h) for h in (
        "8-2 登録制への移行", "8-3 精神障害者及び障害児を受け入れる短期入所事業所の不在", "8-4 福祉サービスに繋がりにくい層への一時宿泊先の確保",
        "8-5 緊急時の空床確保の仕組みの整備", "8-6 体験利用が可能な場の創設", "8-7 自立支援協議会への地域移行部会の設置")]
    first = next(sec for sec in doc.xpath("//main//section[h2]") if "緊急事態に備えた" in text(sec.xpath("h2")[0]))
    assert [a.get("href").split("/")[-2] for a in first.xpath('.//p[@class="report-section__functions"]/a')] == ["consultation", "emergency"]
    # the function page shows the tagged part, attributed to the report
    fn = parse(site("shiroi") / "functions/emergency/index.html")
    assert "報告の全文" in text(fn.xpath('//main//p[@class="source"]')[0])


def test_matsudo_for_providers_says_what_the_site_does_not_hold_and_links_the_city(site):
    doc = parse(site("matsudo") / "for-providers/index.html")
    body = flat(text(doc.xpath("//main")[0]))
    for what in ("登録の要件", "登録の手続き", "提出する書類", "登録できるサービス種別"):
        assert f"このサイトには、{what}を掲載していません。" in body
    assert "ありません" not in body.replace("掲載していません", "")
    assert doc.xpath('//main//a[@href="https://www.city.matsudo.chiba.jp/"]')
    assert "出典：松戸市（障害福祉課）「地域生活支援拠点について」" in body
    assert "拠点登録のお願い" not in body  # no link to a providers' flyer the city does not have


def test_matsudo_flyer_says_it_is_rebuilt_from_the_document(site):
    out = site("matsudo")
    sheet = flat(text(parse(out / "flyers/kinkyu-ichiji/index.html").xpath('//div[@class="sheet"]')[0]))
    assert "出典：松戸市（障害福祉課）「地域生活支援拠点について」" in sheet
    assert "松戸市が配っているチラシそのものではありません" in sheet
    assert "このサイトには、連絡先を掲載していません。" in sheet
    assert "出典：" in flat(text(parse(out / "flyers/index.html").xpath("//main")[0]))


def test_a_report_section_naming_an_unknown_function_is_refused_with_its_line(tmp_path: Path):
    site = copy_site(ROOT / "examples" / "shiroi", tmp_path / "s")
    y = site / "content/reports/2025.yml"
    lines = y.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip() == "functions: [相談]")
    lines[n] = "    functions: [そうだん]"
    y.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_site(site)
    msgs = [str(d) for d in e.value.diagnostics]
    assert len(msgs) == 1 and msgs[0].startswith(f"content/reports/2025.yml:{n + 1}:") and "functions" in msgs[0], msgs


def test_for_providers_without_requirements_still_needs_its_lead(tmp_path: Path):
    """The relaxed model: a document that gives no 要件/手続き/書類 is accepted; the lead is still required."""
    site = copy_site(ROOT / "examples" / "matsudo", tmp_path / "s")
    y = site / "content/for-providers.yml"
    y.write_text("\n".join(line for line in y.read_text(encoding="utf-8").splitlines()
                           if not line.startswith("lead:")) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_site(site)
    msgs = [str(d) for d in e.value.diagnostics]
    assert len(msgs) == 1 and msgs[0].startswith("content/for-providers.yml:") and "lead" in msgs[0], msgs
