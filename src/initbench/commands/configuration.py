"""``python -m initbench configuration``: the configuration reference, from the schema."""

import argparse
import sys
from pathlib import Path

from initbench.config_check import load_schema
from initbench.config_reference import COMMAND, reference

# The workflow's schema in this checkout: src/initbench/commands/ is three folders below it.
SCHEMA = Path(__file__).resolve().parents[3] / "workflow/schemas/config.schema.yaml"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m initbench configuration",
        description="Print the configuration reference as Markdown: every key of the schema "
        f"with what it holds, its default and its meaning. `{COMMAND}` regenerates the page.",
    )
    parser.add_argument(
        "--schema", type=Path, default=SCHEMA, help=f"the JSON schema to read (default {SCHEMA})"
    )
    return parser


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        page = reference(load_schema(args.schema))
    except (OSError, ValueError) as error:
        print(f"initbench configuration: {args.schema}: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(page)
    return 0
