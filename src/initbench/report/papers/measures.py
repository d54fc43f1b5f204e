"""The papers' measurements in words: a sign test, a spread over seeds, and this grid's setup
in the terms of a paper's (``initbench.analysis.papers`` measures)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from initbench.analysis.statistics import SignTest
from initbench.experiment import parse_layers
from initbench.report.numbers import configured, counted, number, p_value, span

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from initbench.report.results import Results


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


def spread(values: pd.Series, show: Callable[[float], str] = number, noun: str = "seed") -> str:
    """``median 1.8 (1.6–2.1 over 5 seeds)``: one value per ``noun``."""
    return (
        f"median {show(float(values.median()))} ({span(values.min(), values.max(), show)} over "
        f"{counted(len(values), noun)})"
    )


def _images(results: Results) -> str:
    from initbench.report.sections.findings import DATA_NAMES

    sets = results.image_sets.value_counts()
    held_out = int(sets.get("test", 0))
    test = f", {held_out:,} held out" if held_out else ", none held out"
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
