"""The trainability phase diagram (Schoenholz et al. 2017), when the grid sweeps the Gaussian
family over σ_w² and depth: which cells trained, beside the depth mean-field theory says can
be trained, about 6 ξ_c."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import draws_phase_diagram
from initbench.report.numbers import counted, number, percent
from initbench.report.section import Block, Draws, Plot, Section, link, listed
from initbench.report.verdicts import COUNT_TEST, VERDICT_WORDS, share_of
from initbench.theory.mean_field import TRAINABLE_DEPTH_SCALES

if TYPE_CHECKING:
    import pandas as pd

    from initbench.analysis.phase import PhaseGrid
    from initbench.analysis.statistics import Count
    from initbench.report.results import Results


def agreement(table: pd.DataFrame) -> Count:
    """In how many cells "trained" matches "depth < 6 ξ_c"."""
    from initbench.analysis.statistics import Count

    return Count(int((table["trained"] == table["predicted"]).sum()), len(table))


def phase_sentence(grid: PhaseGrid, table: pd.DataFrame) -> str:
    """The measured agreement of "trained" with "depth < 6 ξ_c", as found."""
    from initbench.analysis.phase import edge_of_chaos

    matches = agreement(table)
    seeds = int(table["seeds"].min())
    edge = edge_of_chaos(grid)
    edge_text = f" The edge of chaos, χ₁ = 1, is at σ_w² = {number(edge)}." if edge else ""
    missed = table[table["trained"] != table["predicted"]]
    text = (
        f"**{grid.title()}:** a cell *trained* when its median final training accuracy over "
        f'{counted(seeds, "seed")} reached {percent(grid.trained_accuracy)}. "Trained" '
        f'matches "depth < {TRAINABLE_DEPTH_SCALES} ξ_c" in **{share_of(matches, "cell")}**: '
        f"**{VERDICT_WORDS[matches.verdict]}**.{edge_text}"
    )
    if len(missed):
        trained_beyond = missed[missed["trained"]]
        failed_within = missed[~missed["trained"]]
        parts = []
        if len(trained_beyond):
            parts.append(f"{len(trained_beyond)} trained beyond {TRAINABLE_DEPTH_SCALES} ξ_c")
        if len(failed_within):
            parts.append(f"{len(failed_within)} did not train within it")
        text += f" Of the others, {listed(parts)}."
    return text


def finding(grid: PhaseGrid, table: pd.DataFrame) -> str:
    """One diagram's line in the findings: whether theory's depth scale tells the cells that
    train."""
    matches = agreement(table)
    return (
        f"**{VERDICT_WORDS[matches.verdict].capitalize()}** ({grid.title()}): the Gaussian "
        f"initializations train where depth < {TRAINABLE_DEPTH_SCALES} ξ_c (Schoenholz et al. "
        f"2017) in most cells; here in {share_of(matches, 'cell')}. "
        f"See {link('the phase diagram', 'phase_diagram')}."
    )


def findings(results: Results) -> list[str]:
    return [finding(grid, table) for grid, table in results.phase_diagrams]


def render(results: Results) -> Iterator[Block]:
    from initbench.report.theory_figures import phase_diagram

    found = results.phase_diagrams
    yield (
        "The claim is that the cells where depth stays below the depth scale train, and the "
        f"others do not, in most cells. {COUNT_TEST}"
    )
    yield Plot("phase_diagram", phase_diagram(found), wide=True)
    for grid, table in found:
        yield phase_sentence(grid, table)


SECTION = Section(
    name="phase_diagram",
    heading="The trainability phase diagram",
    applies=draws_phase_diagram,
    reads=("runs", "images", "split"),
    draws=(Draws("phase_diagram", "5. Theory"),),
    render=render,
    findings=findings,
    question=(
        "Do the Gaussian initializations train exactly where depth stays below 6 ξ_c, the "
        "depth scale of mean-field theory (Schoenholz et al. 2017)?"
    ),
)
