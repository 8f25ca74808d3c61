"""Editor schemas (issue 7): `kyoten schema` output, the committed copies and the modelines."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import ROOT
from kyoten.tools.cli import main as kyoten
from kyoten.tools.schemas import SCHEMAS, all_schemas, modeline


class Yaml12Loader(yaml.SafeLoader):
    """Like the YAML language server: dates stay text (YAML 1.2 core schema has no timestamps)."""


Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_committed_schemas_equal_generated(tmp_path):
    assert kyoten(["schema", str(ROOT), "-o", str(tmp_path)]) == 0
    generated = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    assert generated == all_schemas()
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").iterdir()}
    assert committed == generated, "run `kyoten schema .` and commit schemas/"


@pytest.mark.parametrize("data_file", ["providers.yaml", "site_config.yml", "content/functions.yml"])
def test_demo_files_carry_the_modeline_and_pass_their_schema(data_file):
    path = ROOT / data_file
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == modeline(data_file)
    target = (path.parent / modeline(data_file).split("$schema=")[1]).resolve()
    assert target == (ROOT / "schemas" / SCHEMAS[data_file][0]).resolve() and target.is_file()
    schema = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.load(text, Loader=Yaml12Loader), schema)


def test_schema_rejects_what_the_validator_rejects():
    schema = json.loads(all_schemas()["providers.schema.json"])
    good = {"name": "見本", "role": "基幹相談支援センター", "area": "chuo", "functions": "相談"}
    jsonschema.validate([good], schema)  # one value where a list is expected: the validator accepts it too
    for bad in ({**good, "role": "基幹センター"}, {**good, "adress": "x"}, {k: v for k, v in good.items() if k != "name"},
                {**good, "url": "javascript:alert(1)"}, {**good, "location": {"lat": 135, "lon": 35}},
                {**good, "id": "Mihon_Kikan"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([bad], schema)
