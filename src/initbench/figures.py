"""The report's figures, drawn with matplotlib from the summary tables."""

import os

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from initbench.storage import write_with

PANEL_SIZE = (4.2, 3.2)


def sample_images(pixels: np.ndarray, classes: list[str], image_size: int) -> Figure:
    """The first image of each class, rebuilt from its column of the pixel matrix."""
    shown = list(dict.fromkeys(classes))
    figure = Figure(figsize=(3 * len(shown), 3.3), layout="constrained")
    for axes, name in zip(figure.subplots(1, len(shown), squeeze=False)[0], shown, strict=True):
        column = pixels[:, classes.index(name)]
        axes.imshow(column.reshape(image_size, image_size, 3))
        axes.set_title(name)
        axes.axis("off")
    return figure


# Costs above this many times the highest starting cost are drawn on that ceiling, so that one
# exploding run neither flattens the others nor overflows a log axis.
OFF_SCALE_FACTOR = 100


def display_ceiling(costs: pd.DataFrame) -> float:
    """The highest cost drawn to scale: ``OFF_SCALE_FACTOR`` x the worst starting cost."""
    return OFF_SCALE_FACTOR * float(costs.loc[costs["iteration"] == 0, "cost"].max())


def cost_quantiles(costs: pd.DataFrame, method: str, ceiling: float) -> pd.DataFrame:
    """Per iteration: the seeds' costs as columns, and their quartiles and median.

    A diverged run has no cost after it diverged; it counts as off the scale from there on,
    as does any cost above ``ceiling``: both are drawn on the ceiling.
    """
    curves = (
        costs[costs["method"] == method]
        .pivot(index="iteration", columns="seed", values="cost")
        .reindex(range(costs["iteration"].max() + 1))
    )
    curves = curves.fillna(ceiling).clip(upper=ceiling)
    quantiles = curves.quantile([0.25, 0.5, 0.75], axis=1).T
    quantiles.columns = ["q1", "median", "q3"]
    return curves.join(quantiles)


def diverged_seeds(costs: pd.DataFrame, method: str) -> int:
    """Seeds of ``method`` whose cost log stops short: they diverged."""
    last = costs.loc[costs["method"] == method].groupby("seed")["iteration"].max()
    return int((last < costs["iteration"].max()).sum())


def _mark_ceiling(axes, table: pd.DataFrame, ceiling: float) -> None:
    if (table.to_numpy() >= ceiling).any():
        axes.axhline(ceiling, color="tab:red", linestyle=":", linewidth=1, label="off scale")


def cost_panels(costs: pd.DataFrame, methods: list[str]) -> Figure:
    """One panel per initialization: each seed thin, the median bold, the quartile band shaded."""
    columns = min(len(methods), 2)
    rows = -(-len(methods) // columns)
    figure = Figure(figsize=(PANEL_SIZE[0] * columns, PANEL_SIZE[1] * rows), layout="constrained")
    panels = figure.subplots(rows, columns, squeeze=False).ravel()
    ceiling = display_ceiling(costs)
    for axes, method in zip(panels, methods, strict=False):
        table = cost_quantiles(costs, method, ceiling)
        seeds = [column for column in table.columns if column not in ("q1", "median", "q3")]
        for seed in seeds:
            axes.plot(table.index, table[seed], color="tab:blue", linewidth=0.6, alpha=0.45)
        axes.fill_between(table.index, table["q1"], table["q3"], color="tab:blue", alpha=0.2)
        axes.plot(table.index, table["median"], color="black", linewidth=2, label="median")
        _mark_ceiling(axes, table, ceiling)
        diverged = diverged_seeds(costs, method)
        axes.set_title(
            f"{method} ({len(seeds)} seeds" + (f", {diverged} diverged)" if diverged else ")")
        )
        axes.set_xlabel("iteration")
        axes.set_ylabel("cost")
        axes.legend(loc="upper right", frameon=False)
    for axes in panels[len(methods) :]:
        axes.remove()
    return figure


def median_curves(costs: pd.DataFrame, methods: list[str]) -> Figure:
    """Every method's median cost curve on one axes (log scale: they span decades)."""
    figure = Figure(figsize=(6.5, 4), layout="constrained")
    axes = figure.subplots()
    ceiling = display_ceiling(costs)
    medians = pd.DataFrame(
        {method: cost_quantiles(costs, method, ceiling)["median"] for method in methods}
    )
    for method in methods:
        axes.plot(medians.index, medians[method], linewidth=2, label=method)
    _mark_ceiling(axes, medians, ceiling)
    axes.set_yscale("log")
    axes.set_xlabel("iteration")
    axes.set_ylabel("median cost over seeds")
    axes.legend(frameon=False)
    return figure


def save(figure: Figure, path: str | os.PathLike) -> None:
    """PNG without a software stamp, written atomically."""
    write_with(
        path,
        lambda temporary: figure.savefig(
            temporary, format="png", dpi=110, metadata={"Software": None}
        ),
    )
