"""Schoenholz, Gilmer, Ganguli & Sohl-Dickstein (2017), "Deep information propagation"
(Figures 5 and 6): tanh networks of the Gaussian family train where their depth stays below
about 6 ξ_c, the depth scale of mean-field theory, and not beyond. Measured by the phase
diagram's cells (``initbench.analysis.phase``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from initbench.experiment import draws_phase_diagram
from initbench.report.papers.claims import Claim, Paper

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.results import Results

SETUP = {
    "data": "MNIST and CIFAR-10",
    "network": (
        "fully connected tanh networks, weights N(0, σ_w²/fan_in) and biases N(0, σ_b²), "
        "σ_b² = 0.05 and σ_w² from 1 to 4, against depth; the width: not found in the text "
        "we could read"
    ),
    "training": "SGD on MNIST; the learning rate and batch size: not found",
    "budget": "not found in the text we could read",
    "seeds": "not found",
}


def missed(cells: pd.DataFrame, what: str) -> str:
    """``2 did not train within it (σ_w² = 2.5 at 50, 60; σ_w² = 4 at 30 layers)``."""
    from initbench.report.numbers import configured

    if cells.empty:
        return f"0 {what}"
    listed = "; ".join(
        f"σ_w² = {configured(variance)} at {', '.join(str(depth) for depth in group['depth'])}"
        for variance, group in cells.sort_values(["weight_variance", "depth"]).groupby(
            "weight_variance"
        )
    )
    return f"{len(cells)} {what} ({listed} layers)"


def claims(results: Results) -> list[Claim]:
    from initbench.report.sections.phase_diagram import agreement
    from initbench.report.verdicts import share_of
    from initbench.theory.mean_field import TRAINABLE_DEPTH_SCALES

    found = []
    for grid, table in results.phase_diagrams:
        matches = agreement(table)
        misses = table[table["trained"] != table["predicted"]]
        beyond = missed(misses[misses["trained"]], "trained beyond it")
        within = missed(misses[~misses["trained"]], "did not train within it")
        found.append(
            Claim(
                "abstract; Figures 5–6 (the 6 ξ_c curve)",
                '"random networks may be trained precisely when information can travel '
                "through them. Thus, the depth scales that we identify provide bounds on how "
                'deep a network may be trained"',
                f"{grid.title()}: a cell trained (median final training accuracy at least "
                f"{grid.trained_accuracy:.0%}) exactly where depth < {TRAINABLE_DEPTH_SCALES} ξ_c "
                f"in {share_of(matches, 'cell')}; of the others, {beyond} and {within}",
                matches.verdict,
            )
        )
    return found


PAPER = Paper(
    key="schoenholz2017",
    citation="Schoenholz et al. 2017",
    title="Deep information propagation",
    setup=SETUP,
    claims=claims,
    difference=(
        "Within a short budget a network near the depth scale may not have trained yet: the "
        "region trained in a fixed number of updates grows with the updates, so cells that "
        "miss within 6 ξ_c are the first place to look for a budget too short."
    ),
    requirements=(
        ("a phase diagram (methods: [gaussian] over several depths)", draws_phase_diagram),
    ),
)
