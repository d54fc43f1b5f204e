"""What the papers' claims are measured by (``initbench.report.papers`` words them): pairs of
runs by seed, how soon a run starts to learn, the spread of the signal through the layers at
initialization (Glorot & Bengio 2010), and the sharpness and loss over training (Cohen et al.
2021)."""

import math

import numpy as np
import pandas as pd

from initbench.analysis.statistics import SignTest, sign_test
from initbench.experiment import run_keys

# A run has started to learn once its training cost is this share of its starting cost.
STARTED_LEARNING = 0.9


def paired_by_seed(
    table: pd.DataFrame, column: str, first: str, second: str, key: str = "method"
) -> pd.DataFrame:
    """``column`` of the runs whose ``key`` (by default the method) is ``first`` and of those
    whose ``key`` is ``second``, paired where every other key agrees (the seed above all),
    side by side as ``first`` and ``second``."""
    keys = [name for name in run_keys(table.columns) if name != key]
    pairs = table[table[key] == first][[*keys, column]].merge(
        table[table[key] == second][[*keys, column]], on=keys, suffixes=("_1", "_2")
    )
    return pairs.rename(columns={f"{column}_1": "first", f"{column}_2": "second"})


def lower_test(
    table: pd.DataFrame, column: str, first: str, second: str, key: str = "method"
) -> SignTest:
    """The sign test of "``first``'s ``column`` is lower than ``second``'s", seed by seed
    (``first`` and ``second`` values of ``key``, by default methods)."""
    pairs = paired_by_seed(table, column, first, second, key)
    return sign_test(list(pairs["first"]), list(pairs["second"]))


def updates_to_learn(costs: pd.DataFrame, share: float = STARTED_LEARNING) -> pd.DataFrame:
    """Per run: the first recorded update at which its training cost was at most ``share`` of
    its starting cost (``updates``, infinite when it never was)."""
    keys = run_keys(costs.columns)
    rows = []
    for run_key, run in costs.sort_values("iteration", kind="stable").groupby(keys, sort=False):
        cost = run["cost"].to_numpy()
        reached = np.flatnonzero(cost <= share * cost[0])
        updates = float(run["iteration"].iloc[reached[0]]) if len(reached) else math.inf
        rows.append({**dict(zip(keys, run_key, strict=True)), "updates": updates})
    return pd.DataFrame(rows)


def layer_ratios(layers: pd.DataFrame) -> pd.DataFrame:
    """Per run at initialization (update 0): the last hidden layer's activation spread over
    the first's (``activations``), and the first hidden layer's back-propagated gradient
    norm over the last's (``gradients``: below 1 when they shrink on the way down)."""
    keys = run_keys(layers.columns)
    start = layers[layers["iteration"] == 0].sort_values([*keys, "layer"], kind="stable")
    grouped = start.groupby(keys, sort=False)
    first, last = grouped.first(), grouped.last()
    return (
        (last["activation_std"] / first["activation_std"])
        .rename("activations")
        .to_frame()
        .assign(
            gradients=first["preactivation_gradient_norm"] / last["preactivation_gradient_norm"]
        )
        .reset_index()
    )


def loss_over_time(edges: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """Per run that reached 2/η: whether its cost rose from one record to the next at some
    point after that (``rose``) and whether its final cost is below its cost when it reached
    2/η (``fell``)."""
    keys = run_keys(edges.columns)
    reached = edges[edges["reached_at"].notna()]
    rows = []
    logs = costs.sort_values("iteration", kind="stable").groupby(keys)
    for _, run in reached.iterrows():
        log = logs.get_group(tuple(run[key] for key in keys))
        after = log[log["iteration"] >= run["reached_at"]]["cost"].to_numpy()
        rows.append(
            {
                **{key: run[key] for key in keys},
                "rose": bool(len(after) > 1 and (after[1:] > after[:-1]).any()),
                "fell": bool(len(after) > 1 and after[-1] < after[0]),
            }
        )
    return pd.DataFrame(rows, columns=[*keys, "rose", "fell"])


def rise(sharpness: pd.DataFrame) -> pd.DataFrame:
    """Per run: its largest sharpness over its first (``rise``)."""
    keys = run_keys(sharpness.columns)
    ordered = sharpness.sort_values("iteration", kind="stable").groupby(keys, sort=False)
    return (ordered["sharpness"].max() / ordered["sharpness"].first()).rename("rise").reset_index()
