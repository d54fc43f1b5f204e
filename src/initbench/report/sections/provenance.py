"""Configuration and provenance: the code, configuration and data every number above comes
from, and every configuration key with its value."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.report.section import Block, Section, Table

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.results import Results


def provenance_list(
    commit: str | None, config_digest: str, data_digest: str, versions: dict
) -> str:
    return (
        f"- **Code:** {'commit `' + commit + '`' if commit else 'not a git checkout'}\n"
        f"- **Configuration hash (SHA-256):** `{config_digest}`\n"
        f"- **Input data hash (SHA-256 over every image):** `{data_digest}`\n"
        "- **Software:** " + ", ".join(f"{name} {version}" for name, version in versions.items())
    )


def config_table(config: dict) -> pd.DataFrame:
    """Every configuration key and its full value, lists and mappings as JSON."""
    import pandas as pd

    return pd.DataFrame(
        {
            "Key": list(config),
            "Value": [
                value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for value in config.values()
            ],
        }
    )


def render(results: Results) -> Iterator[Block]:
    from initbench.data.hashes import data_hash
    from initbench.report.provenance import config_hash, git_commit, package_versions

    images = results.images
    yield provenance_list(
        git_commit(results.project_dir),
        config_hash(results.config),
        data_hash(list(zip(images["file"], images["sha256"], strict=True))),
        package_versions(),
    )
    yield Table(config_table(results.config))


SECTION = Section(
    name="provenance",
    heading="Configuration and provenance",
    reads=("images",),
    render=render,
)
