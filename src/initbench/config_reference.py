"""The configuration reference: every key of the workflow's schema as Markdown, with its type,
its default and its meaning, nested keys (``synthetic.seed``) after their parent.

``docs/configuration.md`` is this page, written by ``python -m initbench configuration``; a
test holds the page to the schema, so a key added without regenerating it is a failing test.
A key needs a ``description`` and a ``default``; where no value can stand as the default (it
is computed, or required only in some cases), ``x-default`` says in words what holds when the
key is left out. Validators ignore ``x-default``; it never fills a value in.
"""

import json
from collections.abc import Iterator

import yaml

COMMAND = "python -m initbench configuration > docs/configuration.md"

INTRO = f"""\
# Configuration

<!-- Generated from workflow/schemas/config.schema.yaml by
`{COMMAND}`.
Edit the schema, not this page: tests/test_config_reference.py fails until they agree. -->

`config.yaml` holds the post's experiment. Set any key there, in a file of your own
(`--configfile my.yaml`), or on the command line, lists in brackets as you would type them:
`--config dataset=folder images_dir=/path/to/images seeds=[1,2,3]` (`seeds=1,2` is refused,
with `seeds=[1,2]` suggested). The configuration is checked against
`workflow/schemas/config.schema.yaml` before any job runs, and the workflow stops with one
message alone, each problem named with the value found and the value expected
(`learning_rates[0]: expected a number > 0, got 0`); an unknown key, such as a typo, is an
error (`learnig_rate: unknown key (did you mean 'learning_rates'?)`).

`methods`, `activations`, `learning_rates`, `hidden_layers` and `seeds` list values to compare:
every combination is one run. [What lands where](outputs.md) says where each run's files go and
which jobs a change of key reruns; [Initializations](initializations.md) describes each method.
"""

TYPES = {
    "string": ("text", "texts"),
    "integer": ("integer", "integers"),
    "number": ("number", "numbers"),
    "boolean": ("true or false", "true or false"),
    "object": ("mapping", "mappings"),
    "array": ("list", "lists"),
}
BOUNDS = {"minimum": "≥", "exclusiveMinimum": ">", "maximum": "≤", "exclusiveMaximum": "<"}


def keys(schema: dict, prefix: str = "") -> Iterator[tuple[str, dict]]:
    """Every key of ``schema`` with its rule, in the schema's order, nested keys after their
    parent and named through it: ``synthetic``, ``synthetic.images_per_class``, …"""
    for key, rule in schema.get("properties", {}).items():
        yield prefix + key, rule
        yield from keys(rule, f"{prefix}{key}.")


def undocumented(schema: dict) -> list[str]:
    """What the reference would miss: each key without a description, or without a default
    (``default``, or ``x-default`` in words)."""
    problems = []
    for name, rule in keys(schema):
        if not str(rule.get("description", "")).strip():
            problems.append(f"{name}: no description")
        if "default" not in rule and not str(rule.get("x-default", "")).strip():
            problems.append(f"{name}: no default (give 'default', or 'x-default' in words)")
    return problems


def _choices(values: list) -> str:
    names = [f"`{value}`" for value in values]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _bounds(rule: dict) -> str:
    return " and ".join(f"{sign} {rule[bound]}" for bound, sign in BOUNDS.items() if bound in rule)


def kind(rule: dict, plural: bool = False) -> str:
    """What a key holds, in words: ``integer ≥ 1``, ``list of numbers > 0``, ``list from
    `tanh`, `relu`, …``; alternatives (``oneOf``) by their titles."""
    if "oneOf" in rule:
        return "; or ".join(option.get("title") or kind(option) for option in rule["oneOf"])
    if "enum" in rule:
        return _choices(rule["enum"])
    name = TYPES[rule["type"]][plural]
    if rule["type"] == "array" and "enum" in rule["items"]:
        return f"{name} from " + ", ".join(f"`{value}`" for value in rule["items"]["enum"])
    if rule["type"] == "array":
        return f"{name} of " + kind(rule["items"], plural=True)
    if rule["type"] == "object":
        return f"{name} of " + ", ".join(f"`{key}`" for key in rule.get("properties", {}))
    bounds = _bounds(rule)
    return f"{name} {bounds}" if bounds else name


def default(rule: dict) -> str:
    """A key's default as it would be written in ``config.yaml``, or in words."""
    if "default" not in rule:
        return rule["x-default"]
    value = rule["default"]
    if value == {} and "properties" in rule:
        return "each key's own"
    if isinstance(value, str):
        return f"`{value}`"
    if isinstance(value, list):
        return f"`{yaml.safe_dump(value, default_flow_style=True, width=10**6).strip()}`"
    return f"`{json.dumps(value)}`"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def reference(schema: dict) -> str:
    """The Markdown page of every key of ``schema``; ``ValueError`` naming each key that lacks
    a description or a default."""
    problems = undocumented(schema)
    if problems:
        raise ValueError(
            "the configuration schema leaves keys undocumented:\n  " + "\n  ".join(problems)
        )
    rows = [
        [f"`{name}`", _cell(kind(rule)), _cell(default(rule)), _cell(rule["description"])]
        for name, rule in keys(schema)
    ]
    table = [["key", "holds", "default", "meaning"], ["---"] * 4, *rows]
    lines = ["| " + " | ".join(row) + " |" for row in table]
    return INTRO + "\n" + "\n".join(lines) + "\n"
