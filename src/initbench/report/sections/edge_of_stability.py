"""Cohen et al.'s (2021) edge of stability, when runs record their sharpness: each learning
rate's verdict, the catapults, and every seed's sharpness against 2/η."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import records_sharpness
from initbench.report.numbers import configured, number, percent
from initbench.report.section import Block, Draws, Plot, Section

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.results import Results


def verdict(edges: pd.DataFrame) -> str:
    """Cohen et al.'s claim, counted over the runs at each learning rate, and the catapults."""
    from initbench.analysis.edge_of_stability import BAND, REACHED

    low, high = BAND
    lines = []
    held = []
    for rate, runs in edges.groupby("learning_rate"):
        reached = runs[runs["median_after"].notna()]
        stays = int(reached["stays_at_edge"].sum())
        holds = bool(len(reached)) and stays * 2 > len(runs)
        if holds:
            held.append(configured(rate))
        lines.append(
            f"- lr {configured(rate)} (2/η = {number(2 / rate)}): {len(reached)} of {len(runs)} "
            f"runs reached 2/η, and {stays} stayed there: "
            f"**{'holds' if holds else 'does not hold'}**."
        )
    text = (
        "**Cohen et al. 2021: the sharpness rises to 2/η and stays there.** A run reaches 2/η "
        f"when its sharpness first comes within {percent(1 - REACHED, digits=3)} of it, and "
        f"stays there when the median of its later measurements lies within "
        f"{configured(low)}–{configured(high)} × 2/η. The claim holds at a learning rate when "
        "more than half of its runs stay.\n\n"
        + "\n".join(lines)
        + "\n\n"
        + (
            f"It holds at learning rates {', '.join(held)}."
            if held
            else "It holds at no learning rate of the grid."
        )
    )
    above = edges[edges["started_above"]]
    if len(above):
        catapulted = above[above["catapult"].astype(bool)]
        where = ", ".join(
            f"{count} at lr {configured(rate)}"
            for rate, count in catapulted.groupby("learning_rate").size().items()
        )
        text += (
            f" {len(above)} of {len(edges)} runs started above 2/η; {len(catapulted)} of them "
            "catapulted: the cost rose above its start, then the sharpness fell below 2/η "
            f"(Lewkowycz et al. 2020){f' ({where})' if where else ''}."
        )
    return text


def render(results: Results) -> Iterator[Block]:
    from initbench.analysis.edge_of_stability import run_edges
    from initbench.report.theory_figures import sharpness_panels

    yield verdict(run_edges(results.sharpness, results.costs))
    figure = sharpness_panels(results.sharpness, results.method_order)
    yield Plot("edge_of_stability", figure, wide=True)


SECTION = Section(
    name="edge_of_stability",
    heading="The edge of stability",
    applies=records_sharpness,
    reads=("sharpness", "costs"),
    draws=(Draws("edge_of_stability", "5. Theory"),),
    render=render,
)
