"""Check a configuration against the workflow's JSON schema, in words a user can act on.

Snakemake's own validation prints jsonschema's report: the failing sub-schema as a Python
dict. This says instead which key is wrong, what it holds and what it should hold.
"""

import difflib
import os
import re
from collections.abc import Iterable

import yaml
from jsonschema import Draft202012Validator, ValidationError

TYPE_NAMES = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "a list",
    "object": "a mapping of keys to values",
    "boolean": "true or false",
}


def load_schema(path: str | os.PathLike) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def key_name(path: Iterable) -> str:
    """``synthetic.seed``, ``seeds[2]``: where a value sits in the configuration."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _expected(error: ValidationError) -> str:
    value, schema = error.validator_value, error.schema
    kind = TYPE_NAMES.get(schema.get("type"), "a value")
    match error.validator:
        case "type":
            return TYPE_NAMES.get(value, value)
        case "enum":
            return "one of " + ", ".join(str(option) for option in value)
        case "minimum":
            return f"{kind} ≥ {value}"
        case "maximum":
            return f"{kind} ≤ {value}"
        case "exclusiveMinimum":
            return f"{kind} > {value}"
        case "exclusiveMaximum":
            return f"{kind} < {value}"
        case "minItems":
            return f"a list of at least {value} item(s)"
        case "uniqueItems":
            return "a list without repeated items"
        case "minLength":
            return "a non-empty string"
        case "oneOf" | "anyOf":
            return " or ".join(option["title"] for option in value)
        case "pattern":
            return "a name of letters, digits, '.', '_' and '-', starting with a letter or digit"
        case "not":
            return "none of " + ", ".join(str(option) for option in value["enum"])
    return error.message


def _unknown_keys(error: ValidationError) -> list[str]:
    known = error.schema.get("properties", {})
    problems = []
    for key in sorted(set(error.instance) - set(known)):
        name = key_name([*error.absolute_path, key])
        close = difflib.get_close_matches(str(key), list(known), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(known)
        problems.append(f"{name}: unknown key ({hint})")
    return problems


def _missing_keys(error: ValidationError, schema: dict) -> list[str]:
    condition = ""
    if "then" in error.schema_path:
        constants = schema["if"]["properties"]
        condition = " when " + " and ".join(
            f"{key} is {rule['const']!r}" for key, rule in constants.items()
        )
    return [
        f"{key_name([*error.absolute_path, key])}: required{condition}"
        for key in error.validator_value
        if key not in error.instance
    ]


def _scalar(value, kind: str | None):
    """A value typed on the command line, where every scalar arrives as text, as YAML reads
    it from a file: ``"10"`` -> 10 where an integer is expected, ``"0.1"`` -> 0.1 where a
    number is, ``"true"`` -> True where a boolean is. Anything else is left for the checks."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if kind in ("integer", "number") and re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            return value
    if kind == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return value


def typed_as_schema(value, schema: dict):
    """``value`` with the text scalars that ``schema`` expects as numbers or booleans turned
    into them, through lists and mappings; where the schema offers alternatives (``oneOf``),
    the first that the turned value satisfies."""
    for key in ("oneOf", "anyOf"):
        if key in schema:
            for option in schema[key]:
                candidate = typed_as_schema(value, option)
                if Draft202012Validator(option).is_valid(candidate):
                    return candidate
            return value
    if isinstance(value, list) and "items" in schema:
        return [typed_as_schema(item, schema["items"]) for item in value]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        return {
            key: typed_as_schema(item, properties[key]) if key in properties else item
            for key, item in value.items()
        }
    return _scalar(value, schema.get("type"))


def _takes_a_list(schema: dict) -> bool:
    options = [schema, *schema.get("oneOf", []), *schema.get("anyOf", [])]
    return any(option.get("type") == "array" for option in options)


def _list_hint(error: ValidationError) -> str:
    """For a list written as ``1,2`` (``--config seeds=1,2`` gives the text "1,2"), the way
    that works: ``seeds=[1,2]``."""
    text = error.instance
    if not (isinstance(text, str) and "," in text and _takes_a_list(error.schema)):
        return ""
    items = ",".join(item.strip() for item in text.split(","))
    # On the command line only the top-level keys are set as key=value.
    written = (
        f"{key_name(error.absolute_path)}=[{items}]"
        if len(error.absolute_path) == 1
        else f"[{items}]"
    )
    return f" (a list goes in brackets: {written})"


def config_problems(config: dict, schema: dict) -> list[str]:
    """One line per problem, naming the key, the value found and the value expected."""
    problems = []
    errors = Draft202012Validator(schema).iter_errors(config)
    for error in sorted(errors, key=lambda error: [str(part) for part in error.absolute_path]):
        if error.validator == "additionalProperties":
            problems += _unknown_keys(error)
        elif error.validator == "required":
            problems += _missing_keys(error, schema)
        else:
            problems.append(
                f"{key_name(error.absolute_path)}: expected {_expected(error)}, "
                f"got {error.instance!r}{_list_hint(error)}"
            )
    return problems
