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
# After that, it stays at the edge when this share of later measurements lie within this band
# around 2/η.
BAND = (0.8, 1.2)
STAYS = 0.8


def run_edges(sharpness: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """One row per run: 2/η, its sharpness at initialization, whether it started above 2/η,
    when it first reached the edge (for a run that started above, after its sharpness first
    fell below), the share of later measurements in the band, and for a run that started
    above: whether it catapulted (its cost rose above its start, and its sharpness fell
    below 2/η)."""
    rows = []
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
        in_band = float(np.mean((later >= BAND[0]) & (later <= BAND[1]))) if len(later) else None
        catapult = None
        if started_above:
            cost = costs
            for key, value in zip(RUN_KEYS, keys, strict=True):
                cost = cost[cost[key] == value]
            cost = cost.sort_values("iteration")["cost"].to_numpy()
            spiked = len(cost) > 1 and bool(np.max(cost[1:]) > cost[0])
            catapult = spiked and bool(np.any(values[1:] < 1))
        rows.append(
            {
                **dict(zip(RUN_KEYS, keys, strict=True)),
                "edge": edge,
                "initial_sharpness": float(run["sharpness"].iloc[0]),
                "started_above": started_above,
                "reached_at": first,
                "share_in_band": in_band,
                "stays_at_edge": in_band is not None and in_band >= STAYS,
                "catapult": catapult,
            }
        )
    return pd.DataFrame(rows)


def verdict(edges: pd.DataFrame) -> str:
    """Cohen et al.'s claim, counted over the runs, and the catapults."""
    reached = edges[edges["reached_at"].notna() & edges["share_in_band"].notna()]
    stays = int(reached["stays_at_edge"].sum())
    never = edges[edges["reached_at"].isna()]
    low, high = BAND
    holds = len(reached) and stays * 2 > len(reached)
    text = (
        f"**Cohen et al. 2021: once the sharpness reaches 2/η, it stays within "
        f"{low:g}–{high:g} × 2/η** (in at least {STAYS:.0%} of the later measurements) in "
        f"**{stays} of {len(reached)} runs** that reached it: "
        f"**{'holds' if holds else 'does not hold here'}**."
    )
    if len(never):
        rates = ", ".join(f"{rate:g}" for rate in sorted(set(never["learning_rate"])))
        text += (
            f" {len(never)} of {len(edges)} runs never came within {1 - REACHED:.0%} of 2/η "
            f"(learning rates {rates})."
        )
    above = edges[edges["started_above"]]
    if len(above):
        catapults = int(above["catapult"].sum())
        text += (
            f" {len(above)} of {len(edges)} runs started above 2/η; {catapults} of them "
            "catapulted: the cost "
            "rose above its start while the sharpness fell below 2/η (Lewkowycz et al. 2020)."
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
