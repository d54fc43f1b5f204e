"""What a section of the report is: when it applies (from the configuration alone, so that the
workflow and the notebook agree), which of the report rule's inputs it reads, which figures it
draws, and how it renders; and how a rendered section becomes the notebook's outputs.

The sections themselves, and their order, are listed in ``initbench.report.sections``.
"""

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from initbench.report.figures import save
from initbench.report.page import figure_html, to_html


def always(config: dict) -> bool:
    """For what every configuration has."""
    return True


@dataclass(frozen=True)
class Reads:
    """An input of the report rule that a section reads only for some configurations."""

    name: str
    when: Callable[[dict], bool] = always


@dataclass(frozen=True)
class Draws:
    """A figure a section draws (when ``when`` holds of the configuration): saved as
    ``{name}.png``, shown with its caption ``workflow/report/{name}.rst`` and filed under
    ``category`` in Snakemake's own report."""

    name: str
    category: str
    when: Callable[[dict], bool] = always


@dataclass(frozen=True, eq=False)
class Table:
    """A table for reading (cells already words), with its index as row headers or not."""

    frame: pd.DataFrame
    index: bool = False


@dataclass(frozen=True, eq=False)
class Plot:
    """A figure as drawn, named as the section ``Draws`` it; a ``wide`` one scrolls sideways
    on a narrow screen."""

    name: str
    figure: Figure
    wide: bool = False


# What a section renders, in order: Markdown text, tables and figures.
Block = str | Table | Plot


@dataclass(frozen=True)
class Section:
    """One section of the report.

    ``name`` is its anchor (``cost_curves`` is ``#cost-curves``); ``heading``, its level-2
    heading (none for a section that writes its own); ``reads``, the report rule's inputs it
    reads, by name, each a name or a ``Reads`` for an input some configurations lack;
    ``draws``, its figures; ``applies``, whether it appears for a configuration; ``render``,
    its blocks; ``findings``, the lines it adds to the report's opening list. Both are called
    with the report's ``initbench.report.results.Results``.

    Whether a section appears is decided from the configuration, so that the workflow knows
    its inputs and figures before any job runs. Only what the configuration cannot tell may
    leave a section empty, heading and all: whether a folder holds the post's own images is
    known from their content.
    """

    name: str
    render: Callable[[Any], Iterable[Block]]
    heading: str | None = None
    reads: tuple[str | Reads, ...] = ()
    draws: tuple[Draws, ...] = ()
    applies: Callable[[dict], bool] = always
    findings: Callable[[Any], list[str]] | None = None

    @property
    def anchor(self) -> str:
        return self.name.replace("_", "-")

    def inputs(self, config: dict) -> list[str]:
        """The names of the inputs it reads under ``config``."""
        found = [entry if isinstance(entry, Reads) else Reads(entry) for entry in self.reads]
        return [entry.name for entry in found if entry.when(config)]

    def figures(self, config: dict) -> list[Draws]:
        """The figures it draws under ``config``."""
        return [figure for figure in self.draws if figure.when(config)]


def link(text: str, anchor: str) -> str:
    """A Markdown link to a section's or a paragraph's anchor."""
    return f"[{text}](#{anchor.replace('_', '-')})"


def outputs(
    section: Section,
    results: Any,
    figures_dir: str | os.PathLike,
    captions_dir: str | os.PathLike,
) -> list[dict[str, str]]:
    """``section`` rendered as the notebook shows it, one MIME bundle per block: its heading,
    then its text, tables and figures, each figure saved as PNG in ``figures_dir`` and shown
    from that very file with its caption from ``captions_dir``; ``results``, the report's
    ``Results``."""
    blocks = list(section.render(results))
    shown = []
    if section.heading and blocks:
        shown.append({"text/markdown": f'<a id="{section.anchor}"></a>\n\n## {section.heading}'})
    planned = [figure.name for figure in section.figures(results.config)]
    drawn = []
    for block in blocks:
        if isinstance(block, str):
            shown.append({"text/markdown": block})
        elif isinstance(block, Table):
            shown.append({"text/html": to_html(block.frame, index=block.index)})
        else:
            if block.name not in planned:
                raise ValueError(
                    f"section {section.name} drew the figure {block.name}, which its draws do "
                    f"not list for this configuration ({', '.join(planned) or 'none'})"
                )
            path = Path(figures_dir) / f"{block.name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            save(block.figure, path)
            caption = " ".join((Path(captions_dir) / f"{block.name}.rst").read_text().split())
            shown.append({"text/html": figure_html(path, caption, block.wide)})
            drawn.append(block.name)
    missing = [name for name in planned if name not in drawn]
    if missing:
        raise ValueError(
            f"section {section.name} did not draw {', '.join(missing)}, which the workflow "
            "expects of this configuration: draw it, or narrow its Draws(when=...)"
        )
    return shown
