"""The JSON Schemas published for editors (`kyoten schema`), generated from the same kind definitions
the validator uses: one source of truth. Add an entry to SCHEMAS for every new YAML data file.

Editors with the YAML language server read the first line of a data file:
    # yaml-language-server: $schema=schemas/providers.schema.json
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

SCHEMA_DIR = "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _providers() -> dict:
    from kyoten.model.registry import PROVIDER
    return {"title": "providers.yaml（事業所の一覧）", "type": "array", "items": PROVIDER.json_schema()}


def _site_config() -> dict:
    from kyoten.model.config import SCHEMA
    return {"title": "site_config.yml（市の設定）", **SCHEMA.json_schema()}


def _functions() -> dict:
    from kyoten.model.content import FUNCTIONS_SCHEMA
    return {"title": "content/functions.yml（5つの機能ごとの市の取組）", **FUNCTIONS_SCHEMA.json_schema()}


def _readings() -> dict:
    return {"title": "content/readings.yml（語: よみ）", "type": "object",
            "additionalProperties": {"type": "string", "pattern": "^[ぁ-ゖー]+$", "maxLength": 200}}


def _report() -> dict:
    from kyoten.model.content import REPORT_SCHEMA
    return {"title": "content/reports/<年度>.yml（運用状況の検証及び検討）", **REPORT_SCHEMA.json_schema()}


# data file (relative to the site folder) -> (schema file name, generator). Other modules add theirs.
SCHEMAS: dict[str, tuple[str, Callable[[], dict]]] = {
    "providers.yaml": ("providers.schema.json", _providers),
    "site_config.yml": ("site_config.schema.json", _site_config),
    "content/functions.yml": ("functions.schema.json", _functions),
    "content/readings.yml": ("readings.schema.json", _readings),
    "content/reports/<年度>.yml": ("report.schema.json", _report),
    # issue 5: guidance pages and flyers
    "content/preregistration.yml": ("preregistration.schema.json", lambda: _guidance("PREREGISTRATION_SCHEMA", "事前登録のご案内")),
    "content/for-providers.yml": ("for-providers.schema.json", lambda: _guidance("FOR_PROVIDERS_SCHEMA", "事業所の方へ（拠点等登録）")),
    "content/flyers.yml": ("flyers.schema.json", lambda: _guidance("FLYERS_SCHEMA", "A4のチラシ")),
    # issue 18: the accessibility declaration's target and the results people recorded
    "content/accessibility.yml": ("accessibility.schema.json", lambda: _accessibility()),
    # issue 18: the essentials in やさしい日本語 and other languages
    "content/languages/<slug>.yml": ("language.schema.json", lambda: _language()),
}


def _accessibility() -> dict:
    from kyoten.model.accessibility import SCHEMA
    return {"title": "content/accessibility.yml（ウェブアクセシビリティ方針と人による試験の記録）", **SCHEMA.json_schema()}


def _language() -> dict:
    from kyoten.model.languages import SCHEMA
    return {"title": "content/languages/<slug>.yml（やさしい日本語・ほかの言語での要点）", **SCHEMA.json_schema()}


def _guidance(name: str, title: str) -> dict:
    from kyoten.model import guidance
    return {"title": f"content/{getattr(guidance, name).what}（{title}）", **getattr(guidance, name).json_schema()}


def render(schema_file: str, make: Callable[[], dict]) -> str:
    doc = {"$schema": DRAFT, "$id": schema_file, **make()}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def all_schemas() -> dict[str, str]:
    """schema file name -> JSON text, in a stable order."""
    return {name: render(name, make) for name, make in SCHEMAS.values()}


def modeline(data_file: str) -> str:
    """The `# yaml-language-server` line for a data file, pointing at the committed schema (relative)."""
    name = SCHEMAS[data_file][0]
    up = "../" * data_file.count("/")
    return f"# yaml-language-server: $schema={up}{SCHEMA_DIR}/{name}"


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in all_schemas().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
