"""The controlled vocabularies of the 拠点 domain: the five functions, roles, service types, targets.

Each term has a stable ASCII id (used in URLs and data attributes) and its Japanese label as staff
write it in YAML. Common spelling variants found in the seed documents are accepted as aliases and
normalised to the label.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Function(Term):
    number: str = ""  # ①..⑤
    national: str = ""  # 国が示す機能 (基本指針 / 国の通知の文言)
    plain: str = ""  # the same in plain words for citizens


FUNCTIONS: tuple[Function, ...] = (
    Function(
        "consultation", "相談", ("①相談",), "①",
        "コーディネーターを配置し、緊急時の支援が見込めない世帯を事前に把握・登録した上で、常時の連絡体制を確保し、"
        "障害の特性に起因して生じた緊急の事態等に必要なサービスのコーディネートや相談その他必要な支援を行う機能",
        "困ったときに、いつでも相談できるようにします。緊急のときに支援が必要になりそうな世帯を、前もって把握しておきます。",
    ),
    Function(
        "emergency", "緊急時の受入・対応",
        ("緊急時の受入れ・対応", "緊急時の受け入れ・対応", "緊急時の受入対応", "②緊急時の受入・対応"), "②",
        "短期入所を活用した常時の緊急受入体制等を確保した上で、介護者の急病や障害者の状態変化等の緊急時の受け入れや"
        "医療機関への連絡等の必要な対応を行う機能",
        "家族が急に病気になったときなどに、短期入所などで受け入れたり、病院へ連絡したりします。",
    ),
    Function(
        "experience", "体験の機会・場", ("体験の機会・場の提供", "③体験の機会・場"), "③",
        "地域移行支援や親元からの自立等に当たって、共同生活援助等の障害福祉サービスの利用や一人暮らしの体験の機会・場を"
        "提供する機能",
        "親元や施設を出て暮らす前に、グループホームや一人暮らしを試しに体験できます。",
    ),
    Function(
        "expertise", "専門的人材の確保・養成", ("専門的人材の確保・育成", "④専門的人材の確保・養成"), "④",
        "医療的ケアが必要な者や行動障害を有する者、高齢化に伴い重度化した障害者に対して、専門的な対応を行うことが"
        "できる体制の確保や、専門的な対応ができる人材の養成を行う機能",
        "医療的ケアや行動障害など、専門的な支援ができる人を育て、確保します。",
    ),
    Function(
        "community", "地域の体制づくり", ("地域の体制作り", "⑤地域の体制づくり"), "⑤",
        "コーディネーターを配置し、地域の様々なニーズに対応できるサービス提供体制の確保や、地域の社会資源の"
        "連携体制の構築等を行う機能",
        "地域の事業所や関係機関がつながり、みんなで支える仕組みをつくります。",
    ),
)

ROLES: tuple[Term, ...] = (
    Term("kikan", "基幹相談支援センター", ("障害者基幹相談支援センター", "障がい者基幹相談支援センター")),
    Term("registered", "拠点等登録事業所", ("地域生活支援拠点等登録事業所", "拠点登録事業所")),
    Term("emergency-stay", "緊急一時保護受託事業所", ("緊急一時保護受託事業者", "委託短期入所等事業所")),
    Term("katsudo", "地域活動支援センター"),
)

@dataclass(frozen=True, slots=True)
class Service(Term):
    system: str = ""  # the id of its SYSTEMS term: which law and which money pays for it


# The systems a service belongs to. A family looking for 障害福祉 help must not mistake a 介護保険 service (for
# people 65+ or with a 特定疾病, through a ケアマネジャー) for one they can use with a 受給者証, and the reverse:
# the directory's filter and a provider's page group the services by system.
SYSTEMS: tuple[Term, ...] = (
    Term("shogai-fukushi", "障害福祉サービス", ("介護給付", "訓練等給付")),  # 障害者総合支援法 第5条第1項
    Term("sodan-shien", "相談支援", ("計画相談支援給付", "地域相談支援給付")),  # 障害者総合支援法 第5条第18項
    Term("shogaiji", "障害児支援", ("障害児通所支援", "障害児入所支援")),  # 児童福祉法
    Term("chiiki-seikatsu", "地域生活支援事業", ("市町村地域生活支援事業",)),  # 障害者総合支援法 第77条: the city's own
    Term("kaigo-hoken", "介護保険サービス", ("介護保険",)),  # 介護保険法
)


def _services(system: str, *terms: tuple) -> tuple[Service, ...]:
    return tuple(Service(t[0], t[1], t[2] if len(t) > 2 else (), system) for t in terms)


# 障害福祉サービス等の種別 (障害者総合支援法・児童福祉法), the 地域生活支援事業 that 拠点 documents name, and the
# 介護保険 services that many 障害福祉 providers also run (共生型 and combined offices).
SERVICES: tuple[Service, ...] = (
    *_services(
        "shogai-fukushi",
        ("kyotaku-kaigo", "居宅介護", ("ホームヘルプ",)),
        ("judo-homon-kaigo", "重度訪問介護"),
        ("doko-engo", "同行援護"),
        ("kodo-engo", "行動援護"),
        ("judo-hokatsu", "重度障害者等包括支援"),
        ("tanki-nyusho", "短期入所", ("ショートステイ",)),
        ("ryoyo-kaigo", "療養介護"),
        ("seikatsu-kaigo", "生活介護"),
        ("shisetsu-nyusho", "施設入所支援"),
        ("kino-kunren", "自立訓練（機能訓練）", ("自立訓練(機能訓練)", "機能訓練")),
        ("seikatsu-kunren", "自立訓練（生活訓練）", ("自立訓練(生活訓練)", "生活訓練")),
        ("shukuhaku-kunren", "宿泊型自立訓練"),
        ("shuro-iko", "就労移行支援"),
        ("shuro-a", "就労継続支援A型", ("就労継続支援Ａ型",)),
        ("shuro-b", "就労継続支援B型", ("就労継続支援Ｂ型",)),
        ("shuro-teichaku", "就労定着支援"),
        ("shuro-sentaku", "就労選択支援"),
        ("jiritsu-seikatsu", "自立生活援助"),
        ("grouphome", "共同生活援助", ("グループホーム",)),
    ),
    *_services(
        "sodan-shien",
        ("keikaku-sodan", "計画相談支援", ("特定相談支援",)),
        ("chiiki-iko", "地域移行支援"),
        ("chiiki-teichaku", "地域定着支援"),
        ("shogaiji-sodan", "障害児相談支援"),
    ),
    *_services(
        "shogaiji",
        ("jido-hattatsu", "児童発達支援"),
        ("hokago-day", "放課後等デイサービス"),
        ("kyotaku-homon-jido", "居宅訪問型児童発達支援"),
        ("hoikusho-homon", "保育所等訪問支援"),
        ("shogaiji-nyusho", "障害児入所支援"),
    ),
    *_services(
        "chiiki-seikatsu",
        ("nicchu-ichiji", "日中一時支援"),
        ("ido-shien", "移動支援"),
        ("katsudo-center", "地域活動支援センター"),
        ("ippan-sodan", "相談支援事業（委託）", ("障害者相談支援事業",)),
    ),
    *_services(
        "kaigo-hoken",
        ("homon-kaigo", "訪問介護"),
        ("kyotaku-kaigo-shien", "居宅介護支援", ("ケアマネジメント",)),
    ),
)

TARGETS: tuple[Term, ...] = (
    Term("physical", "身体", ("身体障害",)),
    Term("intellectual", "知的", ("知的障害",)),
    Term("mental", "精神", ("精神障害",)),
    Term("children", "児童", ("障害児",)),
    Term("intractable", "難病"),
    Term("medical-care", "医療的ケア"),
    # Two terms, never aliases of each other. 強度行動障害 is defined in 障害福祉: 障害支援区分の認定調査の
    # 行動関連項目（12項目・24点）が10点以上 (the line for 行動援護 and 重度障害者支援加算), with its own 支援者養成研修.
    # 行動障害 is broader: behaviour that needs support, whatever the score (国の拠点の機能④「行動障害を有する者」).
    Term("severe-behavioral", "強度行動障害", ("強度行動障がい",)),
    Term("behavioral", "行動障害", ("行動障がい",)),
    Term("developmental", "発達障害"),
    Term("brain-injury", "高次脳機能障害"),
)


class Vocabulary:
    """Lookup of one vocabulary by label, alias or id."""

    def __init__(self, name: str, terms: tuple[Term, ...]):
        self.name = name
        self.terms = terms
        self._by_key: dict[str, Term] = {}
        for t in terms:
            for key in (t.label, t.id, *t.aliases):
                self._by_key[key] = t
        self.by_id = {t.id: t for t in terms}

    def lookup(self, text: str) -> Term | None:
        return self._by_key.get(text.strip())

    def labels(self) -> list[str]:
        return [t.label for t in self.terms]

    def order(self, term_id: str) -> int:
        return list(self.by_id).index(term_id)


FUNCTION_VOCAB = Vocabulary("functions", FUNCTIONS)
ROLE_VOCAB = Vocabulary("role", ROLES)
SERVICE_VOCAB = Vocabulary("services", SERVICES)
TARGET_VOCAB = Vocabulary("targets", TARGETS)
SYSTEM_VOCAB = Vocabulary("system", SYSTEMS)
