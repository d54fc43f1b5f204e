"""Cohen et al.'s (2021) edge of stability, when runs record their sharpness: each learning
rate's verdict, the catapults, and every seed's sharpness against 2/η."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import records_sharpness
from initbench.report.numbers import configured, configured_percent, number
from initbench.report.section import Block, Draws, Plot, Section, capitalized, link
from initbench.report.verdicts import COUNT_TEST, VERDICT_WORDS, share_of

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.results import Results


def verdict(edges: pd.DataFrame) -> str:
    """Cohen et al.'s claim, counted over the runs at each learning rate, and the catapults."""
    from initbench.analysis.edge_of_stability import BAND, REACHED, by_learning_rate

    low, high = BAND
    lines = [
        f"- lr {configured(found.learning_rate)} "
        f"(2/η = {number(2 / found.learning_rate)}): {found.reached} of "
        f"{found.runs} runs reached 2/η, and {share_of(found.stays, 'run')} stayed there: "
        f"**{VERDICT_WORDS[found.stays.verdict]}**."
        for found in by_learning_rate(edges)
    ]
    text = (
        "**Cohen et al. 2021: the sharpness rises to 2/η and stays there.** A run reaches 2/η "
        f"when its sharpness first comes within {configured_percent(1 - REACHED)} of it, and "
        f"stays there when the median of its later measurements lies within "
        f"{configured(low)}–{configured(high)} × 2/η. At each learning rate, the claim is that "
        f"most runs stay. {COUNT_TEST}\n\n" + "\n".join(lines) + "\n\n"
        f"{capitalized(rates_verdict(edges))}."
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


def rates_verdict(edges: pd.DataFrame) -> str:
    """Where the claim holds, does not, and cannot be told, by learning rate."""
    from initbench.analysis.edge_of_stability import by_learning_rate

    found = by_learning_rate(edges)
    parts = []
    for verdict, words in VERDICT_WORDS.items():
        rates = [configured(rate.learning_rate) for rate in found if rate.stays.verdict == verdict]
        if rates:
            noun = "learning rate" if len(rates) == 1 else "learning rates"
            parts.append(f"{words} at {noun} {', '.join(rates)}")
    return "; ".join(parts)


def finding(edges: pd.DataFrame) -> str:
    """The findings' line: the claim and its verdict at each learning rate."""
    return (
        f"Cohen et al. 2021, the sharpness rises to 2/η and stays there in most runs: "
        f"{rates_verdict(edges)}. See {link('the edge of stability', 'edge_of_stability')}."
    )


def render(results: Results) -> Iterator[Block]:
    from initbench.report.theory_figures import sharpness_panels

    yield verdict(results.edges)
    figure = sharpness_panels(results.sharpness, results.method_order)
    yield Plot("edge_of_stability", figure, wide=True)


SECTION = Section(
    name="edge_of_stability",
    heading="The edge of stability",
    applies=records_sharpness,
    reads=("sharpness", "costs"),
    draws=(Draws("edge_of_stability", "5. Theory"),),
    render=render,
    findings=lambda results: [finding(results.edges)],
    question=(
        "Does gradient descent raise the sharpness to 2/η and keep it there, as Cohen et al. "
        "(2021) found?"
    ),
)
