"""`kyoten diff OLD NEW`: what changed in a site's data, in Japanese words, as Markdown for a pull request.

OLD and NEW are two site folders, or two git revisions of the site folder given with --site (default
`.`). Providers are matched by id: added, removed, and changed field by field (old → new). Content
files added, removed or changed are listed (new 運用状況 reports among them).
"""

from __future__ import annotations

import dataclasses
import io
import tarfile
import tempfile
from pathlib import Path

from kyoten.model.git import GitError, git
from kyoten.model.registry import Provider
from kyoten.model.site import Site, load_site
from kyoten.model.source import DataError
from kyoten.japanese.formats import wareki
from kyoten.model.vocab import FUNCTION_VOCAB, ROLE_VOCAB, SERVICE_VOCAB, TARGET_VOCAB

FIELDS: dict[str, str] = {  # the fields a reviewer reads, in the order of a provider page
    "name": "事業所名", "reading": "よみ", "role": "役割", "area": "地区", "address": "所在地", "location": "位置",
    "phone": "電話", "after_hours_phone": "夜間・休日の電話", "fax": "FAX", "hours": "受付時間",
    "functions": "担う機能", "services": "サービス", "targets": "主な対象", "emergency": "緊急時の受入れ",
    "vacancy": "空き状況", "corporation": "運営法人", "corporate_number": "法人番号", "provider_number": "事業所番号",
    "capacity": "定員", "registered_on": "拠点登録日",
    "url": "ウェブサイト", "note": "備考", "updated": "確認日",
}


def _show(site: Site, name: str, value) -> str:
    if value is None or value == ():
        return "（なし）"
    if name == "role":
        return ROLE_VOCAB.by_id[value].label
    if name == "area":
        return {a.id: a.name for a in site.config.areas}.get(value, value)
    if name in ("functions", "services", "targets"):
        vocab = {"functions": FUNCTION_VOCAB, "services": SERVICE_VOCAB, "targets": TARGET_VOCAB}[name]
        return "、".join(vocab.by_id[v].label for v in value)
    if name in ("registered_on", "updated"):
        return wareki(value)
    if name == "location":
        return f"{value[0]}, {value[1]}"
    if name == "emergency":
        text = "受入れあり" if value.accepts else "受入れなし"
        text += f"（{value.beds}床）" if value.beds is not None else ""
        return text + (f"：{value.note}" if value.note else "")
    if name == "vacancy":
        return f"空床{value.beds}床（{wareki(value.as_of)}時点）" + (f"：{value.note}" if value.note else "")
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def compare(old: Site, new: Site) -> str:
    """The Markdown summary of the differences between two loaded sites."""
    before = {p.id: p for p in old.providers}
    after = {p.id: p for p in new.providers}
    added = [after[i] for i in after if i not in before]
    removed = [before[i] for i in before if i not in after]
    changed: list[tuple[Provider, list[tuple[str, str, str]]]] = []
    for pid, p in after.items():
        if pid not in before:
            continue
        q = before[pid]
        rows = [(label, _show(old, f, getattr(q, f)), _show(new, f, getattr(p, f)))
                for f, label in FIELDS.items() if getattr(q, f) != getattr(p, f)]
        if rows:
            changed.append((p, rows))
    files_old, files_new = _content_files(old.root), _content_files(new.root)
    lines = ["## データの変更点", ""]
    lines.append(f"- 事業所：追加 {len(added)}件、削除 {len(removed)}件、変更 {len(changed)}件"
                 f"（変更後 {len(new.providers)}件）")
    if old.config != new.config:
        lines.append("- サイトの設定（site_config.yml）が変わりました")
    if added:  # everything a reviewer checks before a new 事業所 is published (issue 19)
        lines += ["", "### 追加された事業所", ""]
        for p in added:
            lines += [f"- {p.name}（{ROLE_VOCAB.by_id[p.role].label}、id: `{p.id}`）", "",
                      "  | 項目 | 内容 |", "  |---|---|"]
            lines += [f"  | {label} | {_cell(_show(new, f, getattr(p, f)))} |" for f, label in FIELDS.items()
                      if f not in ("name", "role") and getattr(p, f) not in (None, ())]
            lines.append("")
    if removed:
        lines += ["", "### 削除された事業所", ""]
        lines += [f"- {p.name}（{ROLE_VOCAB.by_id[p.role].label}、id: `{p.id}`）" for p in removed]
    if changed:
        lines += ["", "### 変更された事業所", ""]
        for p, rows in changed:
            lines += [f"#### {p.name}（id: `{p.id}`）", "", "| 項目 | 変更前 | 変更後 |", "|---|---|---|"]
            lines += [f"| {label} | {_cell(a)} | {_cell(b)} |" for label, a, b in rows]
            lines.append("")
    page_changes = [("追加", sorted(set(files_new) - set(files_old))),
                    ("削除", sorted(set(files_old) - set(files_new))),
                    ("変更", sorted(f for f in set(files_new) & set(files_old) if files_new[f] != files_old[f]))]
    if any(names for _, names in page_changes):
        lines += ["", "### ページと報告のファイル（content/）", ""]
        for how, names in page_changes:
            for name in names:
                kind = "運用状況の報告" if name.startswith("reports/") else "ページ"
                lines.append(f"- {how}：`content/{name}`（{kind}）")
    if not (added or removed or changed or old.config != new.config or any(n for _, n in page_changes)):
        lines += ["", "データに変更はありません。"]
    return "\n".join(lines).rstrip() + "\n"


def _content_files(root: Path) -> dict[str, bytes]:
    content = root / "content"
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()} \
        if content.is_dir() else {}


def checkout(site_dir: Path, rev: str, dest: Path) -> Path:
    """The site folder as it was at a git revision, extracted into dest."""
    if rev.startswith("-"):  # `kyoten diff -- --output=FILE HEAD` must not reach git as an option
        raise GitError(f"{rev}: a revision cannot start with '-'")
    commit = git(site_dir, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    prefix = git(site_dir, "rev-parse", "--show-prefix").decode().strip()
    top = Path(git(site_dir, "rev-parse", "--show-toplevel").decode().strip())
    data = git(top, "archive", "--format=tar", f"{commit}:{prefix}" if prefix else commit)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def diff(old: str, new: str, site_dir: Path = Path(".")) -> str:
    """Compare two folders, or two revisions of `site_dir`'s repository."""
    with tempfile.TemporaryDirectory(prefix="kyoten-diff-") as tmp:
        sides = []
        for i, ref in enumerate((old, new)):
            path = Path(ref)
            if not (path / "site_config.yml").is_file():
                path = checkout(site_dir, ref, Path(tmp) / str(i))
            try:
                sides.append(load_site(path))
            except DataError as e:
                raise DataError([dataclasses.replace(d, file=f"{ref}:{d.file}") for d in e.diagnostics]) from None
        return compare(*sides)
