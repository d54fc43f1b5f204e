"""Each method summarized over its seeds, setting by setting, from the gathered runs."""

import functools

import numpy as np
import pandas as pd

from initbench.experiment import setting_keys

# The fewest runs whose quartiles say more than the runs themselves: from two or three, the
# quartiles are the values or points between them.
QUARTILES_FROM = 4


def held_out(runs: pd.DataFrame) -> bool:
    """Whether the runs held images out of training (test_fraction > 0): the accuracy to
    report is then the held-out one."""
    return bool(runs["test_accuracy"].notna().any())


def first_below_median(runs: pd.DataFrame) -> float:
    """The median first iteration below the threshold, a run that never gets there counting
    as ∞ (so ∞ unless more than half get there)."""
    reached = runs["first_iteration_below_threshold"].astype("float64").fillna(np.inf)
    return float(np.median(reached)) if len(reached) else np.inf


def quantile_with_infinity(values: pd.Series, q: float) -> float:
    """``values.quantile(q)`` (linear interpolation), where interpolating towards an infinite
    value gives infinity rather than NaN (inf - inf)."""
    largest = np.finfo(np.float64).max
    quantile = float(values.replace(np.inf, largest).quantile(q))
    finite = values[np.isfinite(values)].to_numpy()
    return np.inf if quantile > np.max(finite, initial=-np.inf) else quantile


def summarize_methods(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per setting and method: spread of final costs, accuracy, speed of learning,
    divergence.

    ``median_iteration_below_threshold`` counts a run that never gets there as never: it is
    empty unless more than half of the runs get there.
    """

    def per_method(group: pd.DataFrame) -> pd.Series:
        final = group["final_cost"]
        quantile = functools.partial(quantile_with_infinity, final)
        median_reach = first_below_median(group)
        return pd.Series(
            {
                "runs": len(group),
                "final_cost_median": quantile(0.5),
                "final_cost_q1": quantile(0.25),
                "final_cost_q3": quantile(0.75),
                "final_cost_min": final.min(),
                "final_cost_max": final.max(),
                "train_accuracy_mean": group["train_accuracy"].mean(),
                "train_accuracy_min": group["train_accuracy"].min(),
                "test_accuracy_mean": group["test_accuracy"].mean(),
                "test_accuracy_min": group["test_accuracy"].min(),
                "median_iteration_below_threshold": (
                    median_reach if np.isfinite(median_reach) else np.nan
                ),
                "diverged_runs": int(group["diverged"].sum()),
            }
        )

    summary = runs.groupby([*setting_keys(runs.columns), "method"], sort=False).apply(
        per_method, include_groups=False
    )
    summary = summary.reset_index()
    return summary.astype({"runs": "int64", "diverged_runs": "int64"})


def by_setting(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """``frame``'s rows split by setting, in order of first appearance, each with its label."""
    groups = frame.groupby(setting_keys(frame.columns), sort=False)
    return [(setting_label(*key), group) for key, group in groups]


def setting_label(
    activation: str,
    learning_rate: float,
    hidden_layers: str,
    optimizer: str | None = None,
    order_seed: int = 0,
) -> str:
    """ "tanh, lr 0.01, layers 5-5", and where the grid sweeps optimizers, the optimizer and,
    but for gd, its order seed: "relu, lr 0.001, layers 64x8, adam, order 0"."""
    label = f"{activation}, lr {learning_rate:g}, layers {hidden_layers}"
    if optimizer is None:
        return label
    return f"{label}, {optimization_label(optimizer, order_seed)}"


def optimization_label(optimizer: str, order_seed: int) -> str:
    """ "gd" (which reads no order), or "adam, order 0"."""
    return optimizer if optimizer == "gd" else f"{optimizer}, order {order_seed}"
