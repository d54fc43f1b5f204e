"""What a section of the report is: when it applies (from the configuration alone, so that the
workflow and the notebook agree), which of the report rule's inputs it reads, which figures it
draws, and how it renders. ``initbench.report.notebook`` turns a rendered section into the
notebook's outputs.

The sections themselves, and their order, are listed in ``initbench.report.sections``.
``common.smk`` reads their plans (``applies``, ``reads``, ``draws``) each time Snakemake starts.
A section module therefore imports at its top only what its plan needs, as this one does, so
that the workflow reads the plans without loading pandas and matplotlib: what only rendering
needs (pandas, ``initbench.analysis``, the figures) it imports in the functions that render,
and what only its annotations name, under ``TYPE_CHECKING``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


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
    with the report's ``initbench.report.results.Results``. ``question``: what a grid built
    for this section asks, which the findings lead with (``initbench.report.sections.LEADS``).

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
    question: str | None = None

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


def listed(items: Iterable[str]) -> str:
    """Items as a sentence lists them: ``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def capitalized(text: str) -> str:
    """``text`` opening a sentence: its first letter upper case, the rest as it was (2/η, He)."""
    return text[:1].upper() + text[1:]
