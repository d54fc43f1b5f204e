"""A paper beside the runs: each of its claims quoted with where it is made, what the runs
measured with how sure that is, and whether the two agree; and the paper's setup beside this
grid's, so that what differs is stated, not hidden.

A paper's module (one per paper in this package) imports at its top only what this one does,
so that the workflow reads which inputs its claims need without loading pandas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from initbench.analysis.statistics import CANNOT_TELL, DOES_NOT_HOLD, HOLDS

if TYPE_CHECKING:
    from initbench.report.results import Results

# A claim's verdict, as the agreement of the runs with the paper.
AGREEMENT = {HOLDS: "agrees", DOES_NOT_HOLD: "disagrees", CANNOT_TELL: "cannot tell"}
# What a setup is described by, in the order the report lists it.
ASPECTS = ("data", "network", "training", "budget", "seeds")


def holds_out(config: dict) -> bool:
    """Whether the runs are tested on held-out images: a share of each class, or a data set's
    own test images."""
    from initbench.data.idx import IDX_SETS

    return config["test_fraction"] > 0 or config["dataset"] in IDX_SETS


@dataclass(frozen=True)
class Claim:
    """One claim: ``source``, where the paper makes it (section, figure or table);
    ``statement``, its words, quoted; ``measured``, what the runs found, with its
    uncertainty (Markdown); ``verdict``, the outcome of the test behind it (``HOLDS``,
    ``DOES_NOT_HOLD`` or ``CANNOT_TELL`` of ``initbench.analysis.statistics``)."""

    source: str
    statement: str
    measured: str
    verdict: str

    @property
    def agreement(self) -> str:
        return AGREEMENT[self.verdict]


@dataclass(frozen=True)
class Paper:
    """A paper whose experiment a grid repeats (the configuration key ``paper``).

    ``setup``: the paper's own, per ``ASPECTS``, as far as its text says (what could not be
    found says so); ``claims``: its claims measured on the report's results; ``reads``: the
    report inputs they need beyond the runs and their costs; ``difference``: what matters
    most in how this grid differs, said once under the setup.
    """

    key: str
    citation: str
    title: str
    setup: dict[str, str]
    claims: Callable[[Results], list[Claim]]
    reads: tuple[str, ...] = ()
    difference: str = ""
    requirements: tuple[tuple[str, Callable[[dict], bool]], ...] = ()

    def unmet(self, config: dict) -> list[str]:
        """What the claims need of the grid (``requirements``: in words, and whether
        ``config`` has it) that ``config`` lacks, in words."""
        return [words for words, met in self.requirements if not met(config)]
