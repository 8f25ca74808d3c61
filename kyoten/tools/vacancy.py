"""`kyoten vacancy`: change one provider's 空き状況 (`vacancy` in providers.yaml) and nothing else.

Operators of short-stay 事業所 know their free beds first (issue 19). The city repository's issue form
「空き状況を知らせる」 sends 事業所番号 or id, beds and date; its workflow passes the issue text to this
command (an environment variable written to a file, never into a shell script), and this command checks
every value as untrusted input. Only the lines of that provider's `vacancy` are written (or one line is
added); comments and every other line stay byte for byte. The result is loaded again and must differ from
the old registry in exactly that provider's vacancy before providers.yaml is replaced (write_atomic).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

from kyoten.japanese.formats import parse_date, wareki
from kyoten.model.config import CONFIG_FILE
from kyoten.model.registry import PROVIDERS_FILE, Provider, Vacancy, providers_of_text
from kyoten.model.schema import PLACEHOLDER
from kyoten.model.site import load_site
from kyoten.model.source import DataError, Report, load_yaml
from kyoten.render.output import write_atomic
from kyoten.tools.exits import EXIT_DATA, EXIT_OK, EXIT_USAGE

# the labels of the issue form (templates/github/ISSUE_TEMPLATE/vacancy.yml); GitHub writes each as "### label"
FORM_LABELS = {"provider": "事業所番号またはID", "beds": "空いている床数", "date": "いつの時点か", "note": "補足"}
NO_RESPONSE = "_No response_"  # what GitHub writes for an optional field left empty
MAX_FORM = 64 * 1024
MAX_BEDS = 999


def _shown(text: str | None, limit: int) -> str:
    """A value from the issue, safe to print back on one line."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", text or "")[:limit]


class VacancyError(Exception):
    """A value given to `kyoten vacancy` is wrong (exit 2); the message is Japanese, for the operator."""


def parse_issue_form(text: str) -> dict[str, str]:
    """The answers of an issue form body ("### label" then the answer), by field name."""
    by_label = {label: key for key, label in FORM_LABELS.items()}
    out: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        heading = re.fullmatch(r"###\s+(.+?)\s*", line)
        if heading:
            key = by_label.get(heading.group(1))
            if key is not None:
                out[key] = ""
            continue
        if key is not None:
            out[key] = (out[key] + "\n" + line).strip()
    return {k: v for k, v in out.items() if v and v != NO_RESPONSE}


def check_values(provider: str | None, beds: str | None, date: str | None, note: str | None,
                 today: dt.date) -> tuple[str, int, dt.date, str | None]:
    """The values, checked; VacancyError lists every wrong one."""
    errors = []
    provider = unicodedata.normalize("NFKC", provider or "").strip()
    if not provider:
        errors.append(f"{FORM_LABELS['provider']}を書いてください (provider: a 事業所番号 or id)")
    elif len(provider) > 80 or not re.fullmatch(r"[0-9A-Za-z-]+", provider.replace(" ", "")):
        errors.append(f"{FORM_LABELS['provider']}「{_shown(provider, 80)}」は、10桁の事業所番号か、半角英数字の id で書いてください"
                      " (provider: e.g. 1210100001 or kaede-tanki)")
    n = None
    text = unicodedata.normalize("NFKC", beds or "").strip().removesuffix("床").strip()
    if not text:
        errors.append(f"{FORM_LABELS['beds']}を書いてください (beds: a whole number)")
    elif not re.fullmatch(r"\d{1,3}", text) or int(text) > MAX_BEDS:
        errors.append(f"{FORM_LABELS['beds']}「{_shown(beds, 20)}」は 0〜{MAX_BEDS} の数字で書いてください (beds: 0 to {MAX_BEDS})")
    else:
        n = int(text)
    day = parse_date(date or "") if date and len(date) <= 40 else None
    if not (date or "").strip():
        errors.append(f"{FORM_LABELS['date']}を書いてください (date: YYYY-MM-DD)")
    elif day is None:
        errors.append(f"{FORM_LABELS['date']}「{_shown(date, 40)}」は日付として読めません。2026-11-20 の形で書いてください (date: YYYY-MM-DD)")
    elif day > today + dt.timedelta(days=1):
        errors.append(f"{FORM_LABELS['date']}「{wareki(day)}」は先の日付です。今の空き状況の日付を書いてください (date: not in the future)")
    elif day < today - dt.timedelta(days=365):
        errors.append(f"{FORM_LABELS['date']}「{wareki(day)}」は1年以上前です。今の空き状況の日付を書いてください (date: within a year)")
    if note is not None:
        note = unicodedata.normalize("NFKC", note).strip() or None
    if note is not None and (len(note) > 200 or re.search(r"[\x00-\x1f\x7f\u2028\u2029]", note) or PLACEHOLDER in note):
        errors.append(f"{FORM_LABELS['note']}は改行や記号「{PLACEHOLDER}」を使わず、200文字までで書いてください (note: one line, 200 characters)")
    if errors:
        raise VacancyError("\n".join(errors))
    return provider.replace(" ", ""), n, day, note


def find_provider(providers: tuple[Provider, ...], wanted: str) -> Provider:
    digits = wanted.replace("-", "")
    if digits.isdigit():
        found = [p for p in providers if p.provider_number and re.sub(r"[\s-]", "", p.provider_number) == digits]
    else:
        found = [p for p in providers if p.id == wanted.lower()]
    if not found:
        raise VacancyError(f"{FORM_LABELS['provider']}「{wanted}」の事業所はサイトにありません。"
                           "事業所番号（10桁）か、サイトの事業所のページのアドレスの id を書いてください (provider: not found)")
    if len(found) > 1:
        raise VacancyError(f"事業所番号「{wanted}」の事業所が{len(found)}件あります（"
                           + "、".join(f"{p.name}: {p.id}" for p in found) + "）。id で指定してください (provider: ambiguous)")
    return found[0]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(beds: int, day: dt.date, note: str | None) -> str:
    return f"{{beds: {beds}, as_of: {day.isoformat()}" + ("" if note is None else f", note: {_quoted(note)}") + "}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _last_content(lines: list[str], first: int, indent: int) -> int:
    """The last line of content from `first` on that belongs to a node whose keys are indented by `indent`
    (the lines after it that are blank, comments, or indented deeper)."""
    last, i = first, first + 1
    while i < len(lines) and (not _content(lines[i]) or _indent(lines[i]) > indent):
        if _content(lines[i]):
            last = i
        i += 1
    return last


def edit_text(text: str, root, provider: Provider, beds: int, day: dt.date, note: str | None) -> str:
    """providers.yaml's text with only that provider's vacancy lines replaced (or one line added)."""
    lines = text.splitlines(keepends=True)
    pnode = next((n for n in root.value if n.kind == "map" and n.loc.line == provider.line), None)
    if pnode is None or not pnode.key_locs:
        raise VacancyError(f"providers.yaml の{provider.line}行目の事業所を読めません (provider)")
    keys = list(pnode.key_locs.values())
    indent = keys[0].col - 1  # the provider's keys are indented by this many spaces
    if len({loc.line for loc in keys}) < len(keys) or any(loc.col - 1 != indent for loc in keys):
        raise VacancyError(f"providers.yaml の{provider.line}行目の事業所は1行に書かれているため、自動では変えられません。"
                           "市の担当者に知らせてください (provider: written in flow style)")
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    pad = " " * indent
    if "vacancy" in pnode.key_locs:
        start = pnode.key_locs["vacancy"].line - 1
        end = _last_content(lines, start, indent) + 1
        vnode = pnode.value["vacancy"]
        if vnode.kind == "map" and vnode.loc.line > start + 1:  # block style: keep it, and the key's line
            inner = " " * (vnode.loc.col - 1)
            body = [f"{inner}beds: {beds}{newline}", f"{inner}as_of: {day.isoformat()}{newline}"]
            body += [] if note is None else [f"{inner}note: {_quoted(note)}{newline}"]
            new = [lines[start]] + body
        else:
            comment = re.search(r"\s+#[^\"'}]*$", lines[start].rstrip("\r\n"))
            new = [f"{pad}vacancy: {_flow(beds, day, note)}{comment.group() if comment else ''}{newline}"]
        return "".join(lines[:start] + new + lines[end:])
    last = _last_content(lines, provider.line - 1, indent - 1)  # no vacancy yet: one line after the provider
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    return "".join(lines[:last + 1] + [f"{pad}vacancy: {_flow(beds, day, note)}{newline}"] + lines[last + 1:])


def _same_but_vacancy(a: Provider, b: Provider) -> bool:
    return dataclasses.replace(a, vacancy=None, line=0, end_line=0) == dataclasses.replace(b, vacancy=None, line=0, end_line=0)


def vacancy(site_dir: Path, provider: str | None, beds: str | None, date: str | None, note: str | None,
            today: dt.date) -> tuple[str, str, Provider, Vacancy]:
    """(old text, new text, the provider, its new vacancy); raises VacancyError or DataError."""
    wanted, n, day, note = check_values(provider, beds, date, note, today)
    site = load_site(site_dir)  # DataError: the site must be valid before anything is changed
    p = find_provider(site.providers, wanted)
    path = site_dir / PROVIDERS_FILE
    raw = path.read_bytes()
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    old = raw.decode("utf-8-sig")
    root = load_yaml(path, Report(), site_dir)
    new = edit_text(old, root, p, n, day, note)
    want = Vacancy(n, day, note)
    report = Report()
    before, after = site.providers, providers_of_text(new, site.config, site.reader, report)
    if report.errors or len(before) != len(after) or not all(
            _same_but_vacancy(x, y) and (x.vacancy == y.vacancy if x.id != p.id else y.vacancy == want)
            for x, y in zip(before, after)):
        raise DataError(report.errors or [])  # kyoten made a wrong edit: nothing is written
    return bom + old, bom + new, p, want


def run_vacancy(site_dir: Path, provider: str | None, beds: str | None, date: str | None, note: str | None,
                issue_form: str | None, today: dt.date | None = None) -> int:
    if not (site_dir / CONFIG_FILE).is_file():
        print(f"{site_dir}: site_config.yml がありません。サイトのフォルダを指定してください (not a site folder)", file=sys.stderr)
        return EXIT_USAGE
    if issue_form is not None:
        raw = sys.stdin.buffer.read(MAX_FORM + 1) if issue_form == "-" else Path(issue_form).read_bytes()[:MAX_FORM + 1]
        if len(raw) > MAX_FORM:
            print("エラー: issue の本文が長すぎます (issue form: at most 64 KB)", file=sys.stderr)
            return EXIT_USAGE
        form = parse_issue_form(raw.decode("utf-8", errors="replace"))
        provider = provider if provider is not None else form.get("provider")
        beds = beds if beds is not None else form.get("beds")
        date = date if date is not None else form.get("date")
        note = note if note is not None else form.get("note")
    try:
        old, new, p, want = vacancy(site_dir, provider, beds, date, note, today or dt.date.today())
    except VacancyError as e:
        for line in str(e).splitlines():
            print(f"エラー: {line}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as e:
        for d in e.diagnostics:
            print(d, file=sys.stderr)
        print("エラー: サイトのデータに誤りがあるため、空き状況を変えていません。先に kyoten validate で直してください"
              if e.diagnostics else "エラー: 空き状況だけを変えることができなかったため、何も書いていません (vacancy: edit check failed)",
              file=sys.stderr)
        return EXIT_DATA
    shown = f"空床{want.beds}床（{wareki(want.as_of)}時点）" + (f"：{want.note}" if want.note else "")
    if new == old:
        print(f"「{p.name}」（{p.id}）の空き状況はすでに「{shown}」です。変更はありません。", file=sys.stderr)
        return EXIT_OK
    write_atomic(site_dir / PROVIDERS_FILE, new.encode("utf-8"))
    print(f"「{p.name}」（{p.id}）の空き状況を「{shown}」にしました（providers.yaml の空き状況の行だけを変えました）。",
          file=sys.stderr)
    if "tanki-nyusho" not in p.services and p.role != "emergency-stay":
        print(f"注意: 「{p.name}」は短期入所・緊急一時保護受託事業所として載っていません。空き状況を載せてよいか確かめてください。",
              file=sys.stderr)
    return EXIT_OK
