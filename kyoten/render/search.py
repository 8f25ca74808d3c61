"""Site search over every page, split so that one query downloads a few kilobytes at any size.

What is indexed: every page a visitor can open — each provider (from the model: name, reading,
corporation, address, area, role, services, functions, targets, hours, 空床, 緊急時の受入れ, notes), the
text of every other data page (rendered, <main> only, provider cards left out: they are the providers
themselves), the title and description of each listing (not its later pages), every content/ Markdown
page, and the top page (its contacts and the 整備方針; mkdocs renders it after this index). Each text is
indexed twice: as written and as read (Reader: pykakasi behind the reviewed dictionary), so that kana
and romaji find what kanji finds. The vocabulary's aliases (ショートステイ for 短期入所) are expanded in
the browser: a query that is a term, an alias or the reading of either finds what every form finds.

How it matches: text and query are normalised the same way here and in theme/assets/search.js (NFKC,
lower case, katakana → hiragana, ー written as the vowel it lengthens: しょーと → しょうと). A romaji query is
turned into kana by search.js, with each long vowel Hepburn leaves out tried both ways: sodan and soudan
find そうだん, tankinyusho finds たんきにゅうしょ. The normalised text is cut into runs of letters and digits;
every character (unigram) and every pair of neighbours (bigram) of a run is a key whose posting list
is the set of documents holding it. A query word of one character looks up its unigram; a longer one
looks up all its bigrams and a document must hold them all (not necessarily in one place: rare).
Each key has a second list, for the titles: documents whose title holds every key come first.

How it is split: the keys are spread over `shards` script files by a hash (FNV-1a over the key's UTF-16
code units, the same in search.js), so a query loads only the few shards its keys fall in; the
providers' names and addresses for the result list come in chunks of CHUNK providers. Every file is a
script that calls window.kyotenSearch (loaded with <script src>, which, unlike fetch, also works when
the site is opened from file://). A small site (SPLIT_FROM providers or fewer) keeps everything in the
one manifest file.

Posting lists are text: a list of gaps in a base-64 varint (5 bits a character, the upper half of the
alphabet meaning "more follows"), or a bitmap in base64 ("~" first) when that is shorter.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from collections.abc import Callable

import lxml.html

from kyoten import urls
from kyoten.japanese.readings import VOWEL_OF, Reader, to_hiragana
from kyoten.model.site import Site
from kyoten.model.vocab import FUNCTION_VOCAB, ROLE_VOCAB, SERVICE_VOCAB, TARGET_VOCAB
from kyoten.pages.spec import PageSpec

SPLIT_FROM = 300  # providers: above this the index is split into shards and chunks
CHUNK = 40  # providers per display chunk
PER_SHARD = 12  # providers per shard, roughly (a power of two number of shards)

# kinds of result, in the order they are shown: id, heading
KINDS: tuple[tuple[str, str], ...] = (
    ("provider", "事業所"),
    ("guidance", "ご案内"),
    ("function", "拠点の機能"),
    ("report", "運用状況"),
    ("listing", "事業所の一覧"),
    ("page", "そのほかのページ"),
)
_KIND_INDEX = {k: i for i, (k, _) in enumerate(KINDS)}
TEMPLATE_KIND = {
    "preregistration.html": "guidance", "preregistration_form.html": "guidance", "for_providers.html": "guidance",
    "flyers.html": "guidance", "flyer.html": "guidance",
    "functions.html": "function", "function.html": "function",
    "reports.html": "report", "report.html": "report",
    "directory.html": "listing", "listing.html": "listing", "areas.html": "listing",
    "accessibility.html": "page", "opendata.html": "page",
}
FULL_TEXT = {"preregistration.html", "preregistration_form.html", "for_providers.html", "flyers.html", "flyer.html",
             "functions.html", "function.html", "reports.html", "report.html", "accessibility.html", "opendata.html"}
SKIP_TEXT = "//script|//style|//rt|//rp|//nav|//*[contains(concat(' ', @class, ' '), ' provider-card ')]"

_A64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_RUN = re.compile(r"[^\W_]+")
_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆]")
# the vowel of each kana (small ones too) as hiragana spells a long vowel (お-row → う): ー is written
# as that vowel; the 五十音 table of readings.py, less っ (search.js holds the same table)
_VOWEL: dict[str, str] = {c: "う" if v == "お" else v for c, v in VOWEL_OF.items() if c != "っ"}


def _long_vowels(text: str) -> str:
    """ー as the kana it stands for (しょーと → しょうと, as hiragana spells a long o); dropped after no kana."""
    if "ー" not in text:
        return text
    out: list[str] = []
    for ch in text:
        if ch == "ー":
            ch = _VOWEL.get(out[-1], "") if out else ""
        out.append(ch)
    return "".join(out)


def normalise(text: str) -> str:
    """NFKC, lower case, katakana → hiragana, ー as a vowel (search.js: normalise)."""
    return _long_vowels(to_hiragana(unicodedata.normalize("NFKC", text).lower()))


def keys_of(text: str) -> set[str]:
    """Every unigram and bigram of the runs of a normalised text."""
    out: set[str] = set()
    for r in _RUN.findall(text):
        out.update(r)
        out.update(r[i:i + 2] for i in range(len(r) - 1))
    return out


def shard_of(key: str, shards: int) -> int:
    """FNV-1a (32 bits) over UTF-16 code units, modulo the number of shards (search.js: shardOf)."""
    h = 0x811C9DC5
    data = key.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def encode(ids: list[int], n: int) -> str:
    """A sorted list of document ids as text: varint gaps, or "~" + a base64 bitmap when shorter."""
    out = []
    prev = -1
    for i in ids:
        gap = i - prev - 1
        prev = i
        while gap >= 32:
            out.append(_A64[32 + (gap & 31)])
            gap >>= 5
        out.append(_A64[gap])
    listed = "".join(out)
    if len(listed) * 3 > n // 2:  # a bitmap takes n/8 bytes, 4/3 of that in base64
        bits = bytearray((n + 7) // 8)
        for i in ids:
            bits[i >> 3] |= 1 << (i & 7)
        bitmap = "~" + base64.b64encode(bytes(bits)).decode()
        if len(bitmap) < len(listed):
            return bitmap
    return listed


def page_text(html: str) -> str:
    """The text a visitor reads in a page's <main>, without furigana, scripts, navigation or provider cards."""
    doc = lxml.html.fromstring(html)
    main = doc.find(".//main")
    if main is None:
        return ""
    for el in main.xpath(SKIP_TEXT):
        el.drop_tree()
    return " ".join(main.text_content().split())


@dataclass
class _Builder:
    reader: Reader
    lists: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    titles: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    cache: dict[str, frozenset[str]] = field(default_factory=dict)

    def keys(self, text: str) -> frozenset[str]:
        """The keys of a text as written and as read (cached: areas, services and addresses repeat)."""
        got = self.cache.get(text)
        if got is None:
            written = normalise(text)
            both = written
            if _KANJI.search(text):
                both += " " + normalise(self.reader.reading(text))
            got = frozenset(keys_of(both))
            if len(text) < 200:
                self.cache[text] = got
        return got

    def add(self, doc: int, title: str, title_reading: str | None, parts: list[str]) -> None:
        t = set(self.keys(title))
        if title_reading:
            t |= keys_of(normalise(title_reading))
        every = set(t)
        for part in parts:
            if part:
                every |= self.keys(part)
        for k in t:
            self.titles[k].append(doc)
        for k in every:
            self.lists[k].append(doc)


def _provider_parts(p, area: dict[str, str]) -> list[str]:
    parts = [p.corporation, p.address, area[p.area], ROLE_VOCAB.by_id[p.role].label, p.hours, p.note,
             *(SERVICE_VOCAB.by_id[s].label for s in p.services),
             *(FUNCTION_VOCAB.by_id[f].label for f in p.functions),
             *(TARGET_VOCAB.by_id[t].label for t in p.targets)]
    if p.vacancy:
        parts += ["空床", "空き状況", p.vacancy.note]
    if p.emergency:
        parts += ["緊急時の受入れ" if p.emergency.accepts else None, p.emergency.note]
    if p.after_hours_phone:
        parts.append("夜間・休日の電話")
    return parts


def _aliases(reader: Reader) -> list[list[list[str]]]:
    """Every term with aliases, as its forms [written, read] (normalised): a query word equal to either
    finds the documents that hold any form; search.js skips a form the word already finds (its reading)."""
    groups = []
    for vocab in (SERVICE_VOCAB, ROLE_VOCAB, TARGET_VOCAB, FUNCTION_VOCAB):
        for t in vocab.terms:
            if t.aliases:
                forms = {normalise(f): normalise(reader.reading(f)) for f in (t.label, *t.aliases)}
                groups.append([[f, r] for f, r in forms.items()])
    return groups


def plan(site: Site) -> tuple[int, int]:
    """(shards, chunks) of a site: known before the index is built (the plugin declares every file)."""
    return plan_for(len(site.providers))


def plan_for(n: int) -> tuple[int, int]:
    if n <= SPLIT_FROM:
        return 0, 0
    shards = 1
    while shards * PER_SHARD < n:
        shards *= 2
    return shards, (n + CHUNK - 1) // CHUNK


def file_paths(site: Site) -> list[str]:
    shards, chunks = plan(site)
    return [urls.SEARCH_SCRIPT, *(urls.search_shard(i) for i in range(shards)),
            *(urls.search_chunk(i) for i in range(chunks))]


def build_index(site: Site, pages: list[PageSpec], markdown_pages: list[tuple[str, str, str]],
                render: Callable[[PageSpec], str]) -> dict[str, str]:
    """Every search file: {path: text}. `render` gives a page's HTML (for the text of non-provider pages)."""
    r = site.reader
    area = {a.id: a.name for a in site.config.areas}
    providers = site.providers
    b = _Builder(r)
    for i, p in enumerate(providers):
        b.add(i, p.name, p.reading, _provider_parts(p, area))

    docs: list[list] = []  # non-provider documents: [title, url, kind]
    for page in pages:
        kind = TEMPLATE_KIND.get(page.template)
        if kind is None or "/page/" in page.url:  # search, 404 and providers; a listing's later pages
            continue
        text = page_text(render(page)) if page.template in FULL_TEXT else ""
        title = page.title
        flyer = page.data.get("flyer") if page.template == "flyer.html" else None
        if flyer and flyer.get("subtitle"):  # as the list of flyers names them: two can share a title
            title += f"（{flyer['subtitle']}）"
        docs.append([title, page.url, _KIND_INDEX[kind], page.description, text])
    for title, url, text in markdown_pages:
        docs.append([title, url, _KIND_INDEX["guidance"], "", text])
    # the top page (mkdocs renders it, after this index): its own words, the contacts it shows first
    cfg = site.config
    contacts = " ".join(f"{c.name} {'平日' if c.when == 'weekday' else '夜間・休日'} {c.hours or ''} {c.note or ''}"
                        for c in cfg.contacts)
    docs.append([cfg.title, urls.HOME, _KIND_INDEX["page"], cfg.description or "",
                 f"困ったとき・緊急のときの連絡先 {contacts} 地域生活支援拠点等とは {site.functions.policy or ''}"])
    docs.sort(key=lambda d: d[2])  # kinds in their order; pages keep their order within a kind
    n = len(providers) + len(docs)
    for j, (title, _, _, description, text) in enumerate(docs):
        b.add(len(providers) + j, title, None, [description, text])

    shards, chunks = plan(site)
    roles = [t.label for t in ROLE_VOCAB.terms]
    role_index = {t.id: i for i, t in enumerate(ROLE_VOCAB.terms)}
    area_ids = [a.id for a in site.config.areas]
    area_index = {a: i for i, a in enumerate(area_ids)}
    shown = [[p.name, p.id, role_index[p.role], area_index[p.area]] for p in providers]
    manifest = {
        "v": 2, "n": n, "providers": len(providers), "shards": shards, "per_chunk": CHUNK if chunks else 0,
        "kinds": [label for _, label in KINDS], "roles": roles, "areas": [area[a] for a in area_ids],
        "docs": [[d[0], d[1], d[2]] for d in docs], "aliases": _aliases(r),
        # every pair of latin letters the index holds: a romaji query skips its latin form (and that form's
        # shards) when it holds a pair no page has, as soudan does on most sites
        "latin": "".join(sorted(k for k in b.lists if len(k) == 2 and k.isascii() and k.isalpha())),
        "provider_url": urls.provider("\0").split("\0"),
        "shard_path": urls.search_shard("{n}"), "chunk_path": urls.search_chunk("{n}"),  # type: ignore[arg-type]
    }
    # sorted: the same bytes whatever the process's string hashing (reproducible builds)
    entries = {k: [encode(sorted(b.lists[k]), n), encode(sorted(b.titles.get(k, ())), n)] for k in sorted(b.lists)}
    files: dict[str, str] = {}
    if not shards:
        manifest["keys"] = entries
        manifest["shown"] = shown
    else:
        buckets: list[dict[str, list[str]]] = [{} for _ in range(shards)]
        for k, entry in entries.items():
            buckets[shard_of(k, shards)][k] = entry
        for i, bucket in enumerate(buckets):
            files[urls.search_shard(i)] = f"kyotenSearch.shard({i},{_json(bucket)});\n"
        for c in range(chunks):
            files[urls.search_chunk(c)] = f"kyotenSearch.chunk({c},{_json(shown[c * CHUNK:(c + 1) * CHUNK])});\n"
    files[urls.SEARCH_SCRIPT] = "window.kyotenSearch=" + _json(manifest) + ";\n"
    return files


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
