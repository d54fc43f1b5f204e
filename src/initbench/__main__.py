"""``python -m initbench COMMAND ...``: one job's work from the command line, and the
configuration reference.

The workflow's per-run rules call train and diagnose, and so can you, outside Snakemake;
configuration prints docs/configuration.md from the schema. Each command is a module of
``initbench.commands``, imported only when it runs: a train job loads what training needs and
nothing more (no Snakemake), which is most of what makes it quick to start.
"""

import importlib
import sys

COMMANDS = {
    "train": "train one network from one initialization; write its run folder",
    "diagnose": "measure one network at its initialization: per-layer statistics, sharpness",
    "configuration": "print the configuration reference (docs/configuration.md) from the schema",
}


def usage() -> str:
    lines = [f"  {name:<15}{summary}" for name, summary in COMMANDS.items()]
    return (
        "usage: python -m initbench COMMAND [options]\n\ncommands:\n"
        + "\n".join(lines)
        + "\n\n`python -m initbench COMMAND --help` describes a command's options."
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    if argv[0] not in COMMANDS:
        print(f"initbench: unknown command {argv[0]!r}\n\n{usage()}", file=sys.stderr)
        return 2
    command = importlib.import_module(f"initbench.commands.{argv[0]}")
    return command.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
