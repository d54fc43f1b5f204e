"""Set runs on the post's own images beside the post's published table."""

import csv
import math
from importlib.resources import files

import numpy as np
import pandas as pd

from initbench.analysis.summary import held_out
from initbench.experiment import (
    POST_EXPERIMENT,
    POST_OPTIMIZATION,
    layers_name,
    nearest_to_post_setting,
    optimization_name,
    rate_name,
)

# The post's setting; its published numbers mean something only beside runs made the same way.
POST_SETTINGS = {
    **POST_EXPERIMENT,
    "hidden_layers": layers_name(POST_EXPERIMENT["hidden_layers"]),
    **POST_OPTIMIZATION,
}
# Relative difference under which our seed-1 number counts as the post's own.
MATCH_TOLERANCE = 1e-9
# How a published number stands beside ours: our seed 1 equals it, or matches it within
# MATCH_TOLERANCE, or else it lies within or outside the range of our seeds.
EXACT, MATCHES, WITHIN, OUTSIDE = "exact", "matches", "within", "outside"


def _published(name: str) -> list[dict]:
    text = files("initbench.analysis").joinpath(f"published/{name}").read_text()
    return list(csv.DictReader(text.splitlines()))


def published_costs() -> list[dict]:
    """``method, iteration, cost`` rows as printed by the post (cost after k iterations)."""
    return [
        {"method": row["method"], "iteration": int(row["iteration"]), "cost": float(row["cost"])}
        for row in _published("post-costs.csv")
    ]


def published_accuracy() -> list[dict]:
    """``method, train_accuracy_percent`` rows as printed by the post."""
    return [
        {"method": row["method"], "train_accuracy_percent": float(row["train_accuracy_percent"])}
        for row in _published("post-accuracy.csv")
    ]


def published_methods() -> list[str]:
    """The methods the post published numbers for."""
    found = [row["method"] for row in published_costs() + published_accuracy()]
    return list(dict.fromkeys(found))


def nearest_to_post(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` (runs or costs) under the post's setting when the grid has it,
    else under the grid's first setting: the comparison is made on one setting."""
    optimized = [
        frame.get(key, pd.Series(value, index=frame.index))
        for key, value in POST_OPTIMIZATION.items()
    ]
    names = [
        {
            "activation": activation,
            "learning_rate": rate_name(rate),
            "layers": layers,
            "optimization": optimization_name(optimizer, order_seed),
        }
        for activation, rate, layers, optimizer, order_seed in zip(
            frame["activation"],
            frame["learning_rate"],
            frame["hidden_layers"],
            *optimized,
            strict=True,
        )
    ]
    distinct = [dict(items) for items in dict.fromkeys(tuple(name.items()) for name in names)]
    chosen = nearest_to_post_setting(distinct)
    return frame[[name == chosen for name in names]]


def settings_differing_from_post(runs: pd.DataFrame) -> dict[str, list]:
    """Settings of these runs that are not the post's, with the values found."""
    differing = {}
    for key, value in POST_SETTINGS.items():
        if key not in runs:  # a grid of the post's gradient descent alone names no optimizer
            continue
        found = sorted(runs[key].unique().tolist())
        if found != [value]:
            differing[key] = found
    if held_out(runs):
        # The post trained on every image; these runs held some out.
        differing["test_fraction"] = ["> 0"]
    return differing


def agreement(post: float, seed_1: float, seeds: pd.Series) -> tuple[str, float]:
    """How ``post`` stands beside our seed 1 and our seeds, and the significant digits our
    seed 1 shares with it (NaN unless it ``MATCHES``)."""
    if seed_1 == post:
        return EXACT, np.nan
    if not math.isnan(seed_1) and abs(seed_1 - post) <= MATCH_TOLERANCE * abs(post):
        return MATCHES, round(-math.log10(abs(seed_1 - post) / abs(post)))
    if seeds.min() <= post <= seeds.max():
        return WITHIN, np.nan
    return OUTSIDE, np.nan


COLUMNS = [
    "method",
    "quantity",
    "after_iterations",
    "post",
    "ours_seed_1",
    "ours_median",
    "ours_min",
    "ours_max",
    "agreement",
    "digits",
]


def comparison(costs: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """Each published number beside our seed-1 run and our seeds' spread, and how they agree.

    ``quantity`` is ``cost`` (after ``after_iterations`` of the post's iterations) or
    ``train_accuracy_percent``. Numbers we have no run for (a method left out, a run shorter
    than the post's) are skipped.
    """
    rows = []
    for method, published in pd.DataFrame(published_costs()).groupby("method", sort=False):
        for post_iteration, post_cost in zip(
            published["iteration"], published["cost"], strict=True
        ):
            # The post's "cost after k iterations" is our cost after k - 1 updates.
            ours = costs[(costs["method"] == method) & (costs["iteration"] == post_iteration - 1)]
            rows.append(_row(method, "cost", post_iteration, post_cost, ours))
    for row in published_accuracy():
        method, post_accuracy = row["method"], row["train_accuracy_percent"]
        method_runs = runs[runs["method"] == method]
        # Percent of a whole number of images: rounding removes the noise of "* 100" alone.
        ours = method_runs.assign(cost=(method_runs["train_accuracy"] * 100).round(9))
        rows.append(_row(method, "train_accuracy_percent", np.nan, post_accuracy, ours))
    return pd.DataFrame([row for row in rows if row is not None], columns=COLUMNS)


def _row(
    method: str, quantity: str, after_iterations: float, post: float, ours: pd.DataFrame
) -> dict | None:
    if ours.empty:
        return None
    values = ours["cost"]
    seed_1 = ours.loc[ours["seed"] == 1, "cost"]
    seed_1 = float(seed_1.iloc[0]) if len(seed_1) else np.nan
    found, digits = agreement(post, seed_1, values)
    return {
        "method": method,
        "quantity": quantity,
        "after_iterations": after_iterations,
        "post": post,
        "ours_seed_1": seed_1,
        "ours_median": values.median(),
        "ours_min": values.min(),
        "ours_max": values.max(),
        "agreement": found,
        "digits": digits,
    }
