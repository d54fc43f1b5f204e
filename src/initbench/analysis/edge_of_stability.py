"""Cohen et al.'s (2021) edge of stability, tested on the runs' sharpness during training.

Gradient descent with step η is stable on a quadratic only where its curvature is below 2/η.
Cohen et al. found full-batch gradient descent on neural networks raising the sharpness until
it reaches 2/η, then hovering there while the cost keeps falling, not monotonically; started
above 2/η, training first "catapults" (Lewkowycz et al. 2020): the cost spikes and the
sharpness drops below 2/η.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from initbench.analysis.statistics import Count
from initbench.experiment import run_keys

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
    named_by = run_keys(sharpness.columns)
    cost_logs = costs.sort_values("iteration", kind="stable").groupby(named_by)["cost"]
    for keys, run in sharpness.groupby(named_by, sort=False):
        run = run.sort_values("iteration")
        edge = 2 / float(keys[named_by.index("learning_rate")])
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
                **dict(zip(named_by, keys, strict=True)),
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


@dataclass(frozen=True)
class RateVerdict:
    """Cohen et al.'s claim at one learning rate: of its ``runs``, how many ``reached`` 2/η,
    and the count of those that stayed there, tested as "most runs" (``Count.verdict``)."""

    learning_rate: float
    runs: int
    reached: int
    stays: Count


def by_learning_rate(edges: pd.DataFrame) -> list[RateVerdict]:
    """The claim at each learning rate of ``run_edges``, the smallest rate first."""
    return [
        RateVerdict(
            float(rate),
            len(runs),
            int(runs["median_after"].notna().sum()),
            Count(int(runs["stays_at_edge"].sum()), len(runs)),
        )
        for rate, runs in edges.groupby("learning_rate")
    ]
