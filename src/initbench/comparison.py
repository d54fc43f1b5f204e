"""Set runs on the post's own images beside the post's published table."""

import math

import numpy as np
import pandas as pd

from initbench.grid import SETTING_KEYS
from initbench.reference import published_accuracy, published_costs
from initbench.trainer import Hyperparameters, train

# The post's setting; its published numbers mean something only beside runs made the same way.
POST_SETTINGS = {
    "activation": "tanh",
    "hidden_layers": "5-5",
    "learning_rate": 0.01,
    "iterations": 1000,
    "random_scale": 10.0,
}
# Relative difference under which our seed-1 number counts as the post's own.
MATCH_TOLERANCE = 1e-9


def nearest_to_post(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` (runs or costs) under the post's setting when the grid has it,
    else under the grid's first setting: the comparison is made on one setting."""
    keys = list(SETTING_KEYS)
    post = pd.Series({key: POST_SETTINGS[key] for key in keys})
    matching = (frame[keys] == post).all(axis=1)
    if matching.any():
        return frame[matching]
    first = frame[keys].iloc[0]
    return frame[(frame[keys] == first).all(axis=1)]


def settings_differing_from_post(runs: pd.DataFrame) -> dict[str, list]:
    """Settings of these runs that are not the post's, with the values found."""
    differing = {}
    for key, value in POST_SETTINGS.items():
        found = sorted(runs[key].unique().tolist())
        if found != [value]:
            differing[key] = found
    if runs["test_accuracy"].notna().any():
        # The post trained on every image; these runs held some out (test_fraction > 0).
        differing["test_fraction"] = ["images held out of training"]
    return differing


def verdict(post: float, seed_1: float, seeds: pd.Series) -> str:
    if seed_1 == post:
        return "seed 1 matches exactly"
    if not math.isnan(seed_1) and abs(seed_1 - post) <= MATCH_TOLERANCE * abs(post):
        digits = -math.log10(abs(seed_1 - post) / abs(post))
        return f"seed 1 matches ({digits:.0f} significant digits)"
    if seeds.min() <= post <= seeds.max():
        return "within our seeds' range"
    return "outside our seeds' range"


def comparison(costs: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """Each published number beside our seed-1 run and our seeds' spread, with a verdict.

    Numbers we have no run for (a method left out, a run shorter than the post's) are skipped.
    """
    rows = []
    for method, published in pd.DataFrame(published_costs()).groupby("method", sort=False):
        for post_iteration, post_cost in zip(
            published["iteration"], published["cost"], strict=True
        ):
            # The post's "cost after k iterations" is our cost after k - 1 updates.
            ours = costs[(costs["method"] == method) & (costs["iteration"] == post_iteration - 1)]
            rows.append(_row(method, f"cost after {post_iteration} iterations", post_cost, ours))
    for row in published_accuracy():
        method, post_accuracy = row["method"], row["train_accuracy_percent"]
        method_runs = runs[runs["method"] == method]
        # Percent of a whole number of images: rounding removes the noise of "* 100" alone.
        ours = method_runs.assign(cost=(method_runs["train_accuracy"] * 100).round(9))
        rows.append(_row(method, "train accuracy (%)", post_accuracy, ours))
    return pd.DataFrame([row for row in rows if row is not None])


def _row(method: str, quantity: str, post: float, ours: pd.DataFrame) -> dict | None:
    if ours.empty:
        return None
    values = ours["cost"]
    seed_1 = ours.loc[ours["seed"] == 1, "cost"]
    seed_1 = float(seed_1.iloc[0]) if len(seed_1) else np.nan
    return {
        "method": method,
        "quantity": quantity,
        "post": post,
        "ours_seed_1": seed_1,
        "ours_median": values.median(),
        "ours_min": values.min(),
        "ours_max": values.max(),
        "verdict": verdict(post, seed_1, values),
    }


def order_sensitivity(
    x: np.ndarray, labels: np.ndarray, hp: Hyperparameters, tolerance: float = 0.01
) -> int | None:
    """First iteration at which training on the images in reverse order departs from training
    in order by more than ``tolerance`` (relative), or None.

    Reversing the images changes nothing but the order of floating-point sums, so a departure
    measures how chaotic the dynamics are with these hyperparameters.
    """
    forward_order = train(x, labels, hp).costs
    reverse_order = train(x[:, ::-1], labels[:, ::-1], hp).costs
    departed = np.flatnonzero(np.abs(reverse_order - forward_order) > tolerance * forward_order)
    return int(departed[0]) if departed.size else None
