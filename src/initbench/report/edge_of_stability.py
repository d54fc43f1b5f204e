"""Cohen et al.'s (2021) edge of stability in words and a figure: each learning rate's verdict
and every seed's sharpness against 2/η."""

import pandas as pd
from matplotlib.figure import Figure

from initbench.analysis.edge_of_stability import BAND, REACHED


def verdict(edges: pd.DataFrame) -> str:
    """Cohen et al.'s claim, counted over the runs at each learning rate, and the catapults."""
    low, high = BAND
    lines = []
    held = []
    for rate, runs in edges.groupby("learning_rate"):
        reached = runs[runs["median_after"].notna()]
        stays = int(reached["stays_at_edge"].sum())
        holds = bool(len(reached)) and stays * 2 > len(runs)
        if holds:
            held.append(f"{rate:g}")
        lines.append(
            f"- lr {rate:g} (2/η = {2 / rate:g}): {len(reached)} of {len(runs)} runs reached "
            f"2/η, and {stays} stayed there: **{'holds' if holds else 'does not hold'}**."
        )
    text = (
        "**Cohen et al. 2021: the sharpness rises to 2/η and stays there.** A run reaches 2/η "
        f"when its sharpness first comes within {1 - REACHED:.0%} of it, and stays there when "
        f"the median of its later measurements lies within {low:g}–{high:g} × 2/η. The claim "
        "holds at a learning rate when more than half of its runs stay.\n\n"
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
            f"{count} at lr {rate:g}"
            for rate, count in catapulted.groupby("learning_rate").size().items()
        )
        text += (
            f" {len(above)} of {len(edges)} runs started above 2/η; {len(catapulted)} of them "
            "catapulted: the cost rose above its start, then the sharpness fell below 2/η "
            f"(Lewkowycz et al. 2020){f' ({where})' if where else ''}."
        )
    return text


def sharpness_panels(sharpness: pd.DataFrame, methods: list[str]) -> Figure:
    """One row per method, one column per learning rate: every seed's sharpness during
    training, with 2/η dashed; log scale. For the grid's first activation and architecture."""
    first = sharpness.iloc[0]
    sharpness = sharpness[
        (sharpness["activation"] == first["activation"])
        & (sharpness["hidden_layers"] == first["hidden_layers"])
    ]
    rates = sorted(set(sharpness["learning_rate"]))
    drawn = [method for method in methods if method in set(sharpness["method"])]
    figure = Figure(figsize=(3.2 * len(rates), 2.7 * len(drawn)), layout="constrained")
    panels = figure.subplots(len(drawn), len(rates), squeeze=False, sharey=True)
    for row, method in zip(panels, drawn, strict=True):
        for axes, rate in zip(row, rates, strict=True):
            rows = sharpness[(sharpness["method"] == method) & (sharpness["learning_rate"] == rate)]
            for _, seed in rows.groupby("seed"):
                values = seed["sharpness"].where(seed["sharpness"] > 0)
                axes.plot(seed["iteration"], values, color="tab:blue", linewidth=0.9, alpha=0.7)
            axes.axhline(2 / rate, color="tab:red", linestyle="--", linewidth=1.2, label="2/η")
            axes.set_yscale("log")
            axes.set_title(
                f"{method}, lr {rate:g} ({first['activation']}, {first['hidden_layers']})",
                fontsize="medium",
            )
            axes.set_xlabel("iteration")
        row[0].set_ylabel("sharpness")
    panels[0][-1].legend(frameon=False, fontsize="small")
    return figure
