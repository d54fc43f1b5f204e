"""docs/configuration.md is what the schema generates: a key added, removed or redescribed
without regenerating the page is a failing test, and so is a key without a description or a
default."""

import copy

import pytest
import yaml
from conftest import REPO

from initbench.__main__ import main
from initbench.config_check import load_schema
from initbench.config_reference import COMMAND, keys, reference, undocumented

SCHEMA = load_schema(REPO / "workflow/schemas/config.schema.yaml")
PAGE = REPO / "docs/configuration.md"


def row(page: str, key: str) -> str | None:
    """The reference's row of ``key``, or None."""
    return next((line for line in page.splitlines() if line.startswith(f"| `{key}` |")), None)


def test_the_page_in_docs_is_the_one_the_schema_generates():
    assert PAGE.read_text(encoding="utf-8") == reference(SCHEMA), (
        f"docs/configuration.md differs from the schema: regenerate it with `{COMMAND}`"
    )


def test_every_key_has_a_description_and_a_default():
    assert undocumented(SCHEMA) == []


def test_every_key_nested_ones_included_has_a_row_with_its_default_and_meaning():
    page = PAGE.read_text(encoding="utf-8")
    names = [name for name, _ in keys(SCHEMA)]
    assert {"diagnostics", "synthetic.images_per_class", "gaussian.weight_variances"} <= set(names)
    for name, rule in keys(SCHEMA):
        found = row(page, name)
        assert found is not None, f"{name} is missing from docs/configuration.md"
        assert " ".join(rule["description"].split())[:40] in found
    assert "| `[1.0, 2.0]` |" in row(page, "gaussian.weight_variances")
    assert "| `50` |" in row(page, "synthetic.images_per_class")
    assert "| `false` |" in row(page, "diagnostics")


def test_a_new_key_gives_another_page_that_names_it():
    schema = copy.deepcopy(SCHEMA)
    schema["properties"]["momentum"] = {
        "description": "Momentum of gradient descent.",
        "type": "number",
        "minimum": 0,
        "default": 0,
    }
    page = reference(schema)
    assert page != PAGE.read_text(encoding="utf-8")
    assert row(page, "momentum") == (
        "| `momentum` | number ≥ 0 | `0` | Momentum of gradient descent. |"
    )


@pytest.mark.parametrize("key", ["diagnostics", "synthetic.images_per_class"])
def test_a_removed_key_gives_another_page_without_it(key):
    schema = copy.deepcopy(SCHEMA)
    parent, _, child = key.rpartition(".")
    rules = schema["properties"][parent] if parent else schema
    del rules["properties"][child]
    page = reference(schema)
    assert page != PAGE.read_text(encoding="utf-8")
    assert row(page, key) is None and row(reference(SCHEMA), key) is not None


def test_a_key_without_a_description_or_a_default_is_named():
    schema = copy.deepcopy(SCHEMA)
    del schema["properties"]["diagnostics"]["description"]
    del schema["properties"]["gaussian"]["properties"]["weight_variances"]["default"]
    del schema["properties"]["images_dir"]["x-default"]
    assert undocumented(schema) == [
        "images_dir: no default (give 'default', or 'x-default' in words)",
        "gaussian.weight_variances: no default (give 'default', or 'x-default' in words)",
        "diagnostics: no description",
    ]
    with pytest.raises(ValueError, match="diagnostics: no description"):
        reference(schema)


def test_the_command_prints_the_page(capsys):
    assert main(["configuration"]) == 0
    assert capsys.readouterr().out == PAGE.read_text(encoding="utf-8")


def test_the_command_refuses_an_undocumented_schema_naming_the_key(tmp_path, capsys):
    schema = copy.deepcopy(SCHEMA)
    del schema["properties"]["seeds"]["default"]
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(schema, allow_unicode=True), encoding="utf-8")
    assert main(["configuration", "--schema", str(path)]) == 1
    assert "seeds: no default" in capsys.readouterr().err
