"""Cohen et al.'s (2021) edge of stability, tested on the runs' sharpness during training.

Gradient descent with step η is stable on a quadratic only where its curvature is below 2/η.
Cohen et al. found full-batch gradient descent on neural networks raising the sharpness until
it reaches 2/η, then hovering there while the cost keeps falling, not monotonically; started
above 2/η, training first "catapults" (Lewkowycz et al. 2020): the cost spikes and the
sharpness drops below 2/η.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from initbench.report.summary import RUN_KEYS

# A run reaches the edge when its sharpness first comes within this share below 2/η.
REACHED = 0.9
# After that, it stays at the edge when the median of its later measurements lies within this
# band around 2/η: at large steps the sharpness swings by a decade from one measurement to
# the next, and hovers around 2/η only on the whole.
BAND = (0.8, 1.25)


def run_edges(sharpness: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """One row per run: 2/η, its sharpness at initialization, whether it started above 2/η,
    when it first reached the edge (for a run that started above, after its sharpness first
    fell below), the median of the later measurements over 2/η, and for a run that started
    above: whether it catapulted (its cost rose above its start, then its sharpness fell
    below 2/η)."""
    rows = []
    cost_logs = costs.sort_values("iteration", kind="stable").groupby(RUN_KEYS)["cost"]
    for keys, run in sharpness.groupby(RUN_KEYS, sort=False):
        run = run.sort_values("iteration")
        edge = 2 / float(keys[RUN_KEYS.index("learning_rate")])
        values = run["sharpness"].to_numpy() / edge
        iterations = run["iteration"].to_numpy()
        started_above = bool(values[0] > 1)
        # A run that starts above the edge reaches it anew once its sharpness has dropped.
        dropped = np.flatnonzero(values < REACHED)
        search = int(dropped[0]) if started_above and len(dropped) else 0
        reached = search + np.flatnonzero(values[search:] >= REACHED)
        first = int(iterations[reached[0]]) if len(reached) else None
        later = values[reached[0] + 1 :] if len(reached) else np.array([])
        median = float(np.median(later)) if len(later) else None
        catapult = None
        if started_above:
            cost = cost_logs.get_group(keys).to_numpy()
            below = np.flatnonzero(values < 1)
            # The spike comes first: the cost rises above its start no later than the first
            # measurement that finds the sharpness below 2/η.
            dropped_at = int(iterations[below[0]]) if len(below) else None
            catapult = dropped_at is not None and bool(np.any(cost[1 : dropped_at + 1] > cost[0]))
        rows.append(
            {
                **dict(zip(RUN_KEYS, keys, strict=True)),
                "edge": edge,
                "initial_sharpness": float(run["sharpness"].iloc[0]),
                "started_above": started_above,
                "reached_at": first,
                "median_after": median,
                "stays_at_edge": median is not None and BAND[0] <= median <= BAND[1],
                "catapult": catapult,
            }
        )
    return pd.DataFrame(rows)


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
