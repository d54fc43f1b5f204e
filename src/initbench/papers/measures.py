"""What the papers' claims are measured by: pairs of runs by seed, how soon a run's cost
falls, a spread over seeds in words, and this grid's setup in the terms of a paper's."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from initbench.analysis.statistics import SignTest, sign_test
from initbench.experiment import parse_layers, run_keys
from initbench.report.numbers import configured, counted, number, p_value, span

if TYPE_CHECKING:
    from collections.abc import Callable

    from initbench.report.results import Results

# A run has started to learn once its training cost is this share of its starting cost.
STARTED_LEARNING = 0.9


def paired_by_seed(table: pd.DataFrame, column: str, first: str, second: str) -> pd.DataFrame:
    """``column`` of the runs of methods ``first`` and ``second`` that share every other key
    (the seed above all), side by side as ``first`` and ``second``."""
    keys = [key for key in run_keys(table.columns) if key != "method"]
    pairs = table[table["method"] == first][[*keys, column]].merge(
        table[table["method"] == second][[*keys, column]], on=keys, suffixes=("_1", "_2")
    )
    return pairs.rename(columns={f"{column}_1": "first", f"{column}_2": "second"})


def lower_test(table: pd.DataFrame, column: str, first: str, second: str) -> SignTest:
    """The sign test of "``first``'s ``column`` is lower than ``second``'s", seed by seed."""
    pairs = paired_by_seed(table, column, first, second)
    return sign_test(list(pairs["first"]), list(pairs["second"]))


def sign_words(test: SignTest, lower: str, higher: str) -> str:
    """``lower for he than for xavier in 4 of 5 seeds, 1 tie (sign test, one-sided p = 0.19;
    about 9 seeds would decide, if further seeds split as these)``: the projection only while
    these seeds cannot tell (``SignTest.seeds_needed``)."""
    ties = f", {counted(test.ties, 'tie')}" if test.ties else ""
    needed = test.seeds_needed()
    projection = (
        f"; about {needed} seeds would decide, if further seeds split as these" if needed else ""
    )
    return (
        f"lower for {lower} than for {higher} in {test.lower} of {test.pairs} seeds{ties} "
        f"(sign test, one-sided {p_value(test.p_value)}{projection})"
    )


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


def spread(values: pd.Series, show: Callable[[float], str] = number, noun: str = "seed") -> str:
    """``median 1.8 (1.6–2.1 over 5 seeds)``: one value per ``noun``."""
    return (
        f"median {show(float(values.median()))} ({span(values.min(), values.max(), show)} over "
        f"{counted(len(values), noun)})"
    )


def _images(results: Results) -> str:
    sets = results.image_sets.value_counts()
    held_out = int(sets.get("test", 0))
    test = f", {held_out:,} held out" if held_out else ", none held out"
    from initbench.report.sections.findings import DATA_NAMES

    data = DATA_NAMES.get(results.config["dataset"], results.dataset_name)
    return f"{data}: {int(sets.get('train', 0)):,} training images{test}"


def _network(results: Results) -> str:
    names = list(dict.fromkeys(results.runs["hidden_layers"]))
    shapes = ", ".join(
        f"{counted(len(parse_layers(name)), 'hidden layer')} ({name})" for name in names
    )
    classes = results.chance.classes
    output = f"softmax over {classes} classes" if classes > 2 else "one sigmoid unit"
    return f"fully connected, {shapes}; {', '.join(results.config['activations'])}; {output}"


def _optimizer(config: dict, name: str) -> str:
    if name == "gd":
        return "full-batch gradient descent"
    if name == "momentum":
        nesterov = " (Nesterov)" if config["momentum"]["nesterov"] else ""
        return f"SGD with momentum {configured(config['momentum']['coefficient'])}{nesterov}"
    return {"sgd": "mini-batch SGD", "adam": "Adam", "rmsprop": "RMSProp"}[name]


def _training(results: Results) -> str:
    config = results.config
    names = config["optimizers"]
    rates = ", ".join(configured(rate) for rate in config["learning_rates"])
    batches = f", batches of {config['batch_size']}" if set(names) - {"gd"} else ""
    optimizers = ", ".join(_optimizer(config, name) for name in names)
    return f"{optimizers}; learning rate {rates}{batches}"


def _budget(results: Results) -> str:
    config = results.config
    updates = f"{config['iterations']:,} updates"
    if set(config["optimizers"]) == {"gd"}:
        return updates
    images = int((results.image_sets == "train").sum())
    epochs = config["iterations"] * config["batch_size"] / images
    return f"{updates} ({configured(round(epochs, 1))} epochs of mini-batches)"


def setup_here(results: Results) -> dict[str, str]:
    """This grid's setup, per ``claims.ASPECTS``."""
    config = results.config
    return {
        "data": _images(results),
        "network": _network(results),
        "training": _training(results),
        "budget": _budget(results),
        "seeds": counted(len(config["seeds"]), "seed"),
    }
