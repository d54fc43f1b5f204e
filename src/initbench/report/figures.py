"""The report's figures, drawn with matplotlib from the summary tables."""

import math
import os

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from initbench.analysis.classes import class_sizes, median_matrix
from initbench.analysis.summary import by_setting, held_out
from initbench.data.matrix import image_shape
from initbench.report.figure_layout import (
    DPI,
    PAGE_WIDTH,
    SMALLEST_FONT,
    block_figure,
    first_column,
    legend_above,
    log_scale,
    method_colors,
    page_figure,
    panel_figure,
    panel_slots,
)
from initbench.report.numbers import count
from initbench.storage import write_with

# A median-curves panel, roomier than most, for several curves to be told apart; and a
# stability column (its cost above its accuracy).
MEDIAN_PANEL_SIZE = (5.0, 3.6)
STABILITY_PANEL_SIZE = (5.0, 3.3)

# One sample image with its class above it: as wide as two classes' panels were always drawn
# (the post's Figure 1), narrowing to ten to a row, at which 8×8 and 28×28 images still show
# every pixel; the title adds its line of text.
IMAGE_PANEL_WIDTH = 3.0
IMAGES_PER_ROW = 10
TITLE_HEIGHT = 0.3
# The most characters of a class name a figure shows: ten fit a sample image's panel and the
# margin of a confusion matrix at the figures' 10 pt.
NAME_LENGTH = 10
# About the width of one character at 10 pt, in inches (0.6 em).
CHARACTER_WIDTH = 0.6 * SMALLEST_FONT / 72


def shortened(name: str, length: int = NAME_LENGTH) -> str:
    """``name`` cut to ``length`` characters, an ellipsis marking the cut."""
    return name if len(name) <= length else name[: length - 1] + "…"


def sample_images(pixels: np.ndarray, images: pd.DataFrame) -> Figure:
    """The first image of each class, in the order of their labels, rebuilt from its column of
    the pixel matrix (``images``: ``images.csv``, a row per column); grey images in grey."""
    side, _, channels = image_shape(pixels.shape[0])
    firsts = images.reset_index(drop=True).drop_duplicates("label").sort_values("label")
    width = max(PAGE_WIDTH / IMAGES_PER_ROW, min(IMAGE_PANEL_WIDTH, PAGE_WIDTH / len(firsts)))
    figure, panels = panel_figure(len(firsts), (width, width + TITLE_HEIGHT))
    for axes, (column, name) in zip(panels, firsts["class"].items(), strict=True):
        image = pixels[:, column].reshape(side, side, channels)
        if channels == 1:
            axes.imshow(image[:, :, 0], cmap="gray", vmin=0, vmax=255)
        else:
            axes.imshow(image)
        axes.set_title(shortened(str(name)))
        axes.axis("off")
    return figure


# Counts are written in the cells of a confusion matrix of up to this many classes: ten
# columns of four-digit counts fit a panel two of which share the page's width. Past it, the
# shading alone shows where the answers go.
ANNOTATED_CLASSES = 10
# Inches: room around a cell's count; the side of the smallest matrix (two classes' cells
# big enough to read as a figure) and of every unannotated one; and the least room between
# two labelled classes (10 pt text is 0.14 in high).
CELL_PADDING = 0.12
SMALLEST_MATRIX = 2.0
UNANNOTATED_MATRIX = 4.5
LABEL_SPACING = 0.2
# A matrix panel's room, in inches, beyond its class names: the axis label and its gap.
AXIS_LABEL_ROOM = 0.45


def confusion_matrices(confusion: pd.DataFrame, methods: list[str], classes: list[str]) -> Figure:
    """One panel per method, of one set's counts (``confusion``: one setting's): the median
    count over seeds of each cell, the true class down and the answer across, shaded by its
    share of the true class's images; the counts written in the cells when there are at most
    ``ANNOTATED_CLASSES`` classes. ``classes``: the names by label."""
    medians = {
        method: median_matrix(confusion[confusion["method"] == method]) for method in methods
    }
    sizes = class_sizes(confusion).to_numpy().astype(float)
    total = len(classes)
    annotated = total <= ANNOTATED_CLASSES
    if annotated:
        widest = max(len(count(value)) for matrix in medians.values() for value in matrix.stack())
        cell = max(widest * CHARACTER_WIDTH + CELL_PADDING, LABEL_SPACING)
        side = max(total * cell, SMALLEST_MATRIX)
    else:
        side = UNANNOTATED_MATRIX
    # Every class labelled when their labels have room, else every step-th.
    step = math.ceil(LABEL_SPACING * total / side)
    ticks = list(range(0, total, step))
    names = [shortened(classes[label]) for label in ticks]
    longest = max(map(len, names)) * CHARACTER_WIDTH
    upright = longest <= side / total * step
    panel = (
        side + longest + AXIS_LABEL_ROOM,
        side + (SMALLEST_FONT / 72 if upright else longest) + AXIS_LABEL_ROOM + TITLE_HEIGHT,
    )
    figure, panels = panel_figure(len(methods), panel)
    for axes, method in zip(panels, methods, strict=True):
        matrix = medians[method].to_numpy()
        # A class without images in this set has no share: left unshaded.
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = matrix / sizes[:, np.newaxis]
        axes.imshow(shares, cmap="Blues", vmin=0, vmax=1)
        if annotated:
            for (true, predicted), value in np.ndenumerate(matrix):
                dark = shares[true, predicted] > 0.5
                axes.text(
                    predicted,
                    true,
                    count(value),
                    ha="center",
                    va="center",
                    color="white" if dark else "black",
                )
        axes.set_xticks(ticks, names, rotation=0 if upright else 90)
        axes.set_yticks(ticks, names)
        axes.set_xlabel("answered")
        if first_column(axes):
            axes.set_ylabel("true class")
        axes.set_title(method)
    return figure


# Costs above this many times the highest starting cost are drawn on that ceiling, so that one
# exploding run neither flattens the others nor overflows a log axis.
OFF_SCALE_FACTOR = 100


def display_ceiling(costs: pd.DataFrame) -> float:
    """The highest cost drawn to scale: ``OFF_SCALE_FACTOR`` x the worst starting cost."""
    return OFF_SCALE_FACTOR * float(costs.loc[costs["iteration"] == 0, "cost"].max())


def cost_quantiles(costs: pd.DataFrame, method: str, ceiling: float) -> pd.DataFrame:
    """Per recorded iteration (every one under gd, every ``record_every`` on mini-batches):
    the seeds' costs as columns, and their quartiles and median.

    A diverged run has no cost after it diverged; it counts as off the scale from there on,
    as does any cost above ``ceiling``: both are drawn on the ceiling.
    """
    curves = (
        costs[costs["method"] == method]
        .pivot(index="iteration", columns="seed", values="cost")
        .reindex(np.sort(costs["iteration"].unique()))
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


def _seed_panel(axes, costs: pd.DataFrame, method: str, ceiling: float) -> int:
    """Every seed thin, the median bold, the quartile band shaded; returns the seeds drawn."""
    table = cost_quantiles(costs, method, ceiling)
    seeds = [column for column in table.columns if column not in ("q1", "median", "q3")]
    for seed in seeds:
        axes.plot(table.index, table[seed], color="tab:blue", linewidth=0.6, alpha=0.45)
    axes.fill_between(table.index, table["q1"], table["q3"], color="tab:blue", alpha=0.2)
    axes.plot(table.index, table["median"], color="black", linewidth=2, label="median")
    _mark_ceiling(axes, table, ceiling)
    axes.set_xlabel("iteration")
    return len(seeds)


def _panel_title(costs: pd.DataFrame, method: str, seeds: int) -> str:
    diverged = diverged_seeds(costs, method)
    return f"{method} ({seeds} seeds" + (f", {diverged} diverged)" if diverged else ")")


def cost_panels(costs: pd.DataFrame, methods: list[str]) -> Figure:
    """One panel per initialization; when the grid has several settings, a block of them
    per setting, headed by it."""
    ceiling = display_ceiling(costs)
    settings = by_setting(costs)
    legend = ["median", "off scale"]
    if len(settings) == 1:
        figure, panels = panel_figure(len(methods), legend=legend)
        for axes, method in zip(panels, methods, strict=True):
            seeds = _seed_panel(axes, costs, method, ceiling)
            axes.set_title(_panel_title(costs, method, seeds))
            axes.set_ylabel("cost")
        legend_above(panels)
        return figure
    labels = [label for label, _ in settings]
    figure, blocks = block_figure(labels, len(methods), legend=legend)
    for panels, (_, setting_costs) in zip(blocks, settings, strict=True):
        for axes, method in zip(panels, methods, strict=True):
            seeds = _seed_panel(axes, setting_costs, method, ceiling)
            axes.set_title(_panel_title(setting_costs, method, seeds))
            if first_column(axes):
                axes.set_ylabel("cost")
    legend_above([axes for panels in blocks for axes in panels], figure)
    return figure


def median_curves(costs: pd.DataFrame, methods: list[str]) -> Figure:
    """Every method's median cost curve on one axes per setting (log scale: they span decades)."""
    settings = by_setting(costs)
    figure, panels = panel_figure(len(settings), MEDIAN_PANEL_SIZE, legend=[*methods, "off scale"])
    ceiling = display_ceiling(costs)
    colors = method_colors(methods)
    for axes, (label, setting_costs) in zip(panels, settings, strict=True):
        medians = pd.DataFrame(
            {method: cost_quantiles(setting_costs, method, ceiling)["median"] for method in methods}
        )
        for method in methods:
            axes.plot(
                medians.index, medians[method], linewidth=2, color=colors[method], label=method
            )
        _mark_ceiling(axes, medians, ceiling)
        log_scale(axes)
        axes.set_xlabel("iteration")
        if first_column(axes):
            axes.set_ylabel("median cost over seeds")
        if len(settings) > 1:
            axes.set_title(label)
    legend_above(panels)
    return figure


def stability(runs: pd.DataFrame, diagnostics: pd.DataFrame, methods: list[str]) -> Figure:
    """Final cost and accuracy against the learning rate, one column per activation and
    architecture: the median over seeds, with ``2 / sharpness`` at initialization marked.

    Held-out accuracy when images were held out, else training accuracy. Diverged runs count
    as final cost ∞; a median that is ∞ is drawn as a cross at the top.
    """
    settings = list(runs.groupby(["activation", "hidden_layers"], sort=False).groups)
    width, height = STABILITY_PANEL_SIZE
    figure = page_figure(len(settings), (width, 2 * height), legend=methods)
    slots = panel_slots(figure, len(settings), width)
    accuracy = "test_accuracy" if held_out(runs) else "train_accuracy"
    finite = runs["final_cost"][np.isfinite(runs["final_cost"])]
    top = 10 * float(finite.max()) if len(finite) else 10.0
    colors = method_colors(methods)
    for slot, (activation, layers) in zip(slots, settings, strict=True):
        setting = runs[(runs["activation"] == activation) & (runs["hidden_layers"] == layers)]
        cost_axes, accuracy_axes = slot.subgridspec(2, 1).subplots(sharex=True)
        for method in methods:
            by_rate = setting[setting["method"] == method].groupby("learning_rate")
            cost = by_rate["final_cost"].median()
            off = ~np.isfinite(cost)
            cost_axes.plot(
                cost.index, cost.clip(upper=top), "o-", color=colors[method], label=method
            )
            cost_axes.plot(
                cost.index[off], [top] * int(off.sum()), "x", color=colors[method], ms=10
            )
            accuracy_axes.plot(by_rate[accuracy].median(), "o-", color=colors[method], label=method)
            rate = _stable_rate(diagnostics, activation, layers, method)
            if rate is not None:
                for axes in (cost_axes, accuracy_axes):
                    axes.axvline(rate, color=colors[method], linestyle="--", linewidth=0.8)
        cost_axes.set_title(f"{activation}, layers {layers}")
        log_scale(cost_axes)
        cost_axes.set_ylabel("median final cost")
        accuracy_axes.set_ylabel(f"median {accuracy.replace('_', ' ')}")
        accuracy_axes.set_xlabel("learning rate (dashed: 2 / sharpness at initialization)")
        rates = setting["learning_rate"]
        for axes in (cost_axes, accuracy_axes):
            log_scale(axes, "x")
            # The tested rates, not a far-off 2 / sharpness, set the scale.
            axes.set_xlim(rates.min() / 3, rates.max() * 3)
    legend_above(figure.axes)
    return figure


def _stable_rate(diagnostics: pd.DataFrame, activation: str, layers: str, method: str):
    """Median of ``2 / sharpness`` over the seeds whose Lanczos estimate converged; None unless
    most did and one has positive curvature."""
    rows = diagnostics[
        (diagnostics["activation"] == activation)
        & (diagnostics["hidden_layers"] == layers)
        & (diagnostics["method"] == method)
    ]
    converged = rows[rows["converged"].astype(bool)]
    rates = converged["stable_learning_rate"].dropna()
    if not len(rates) or len(converged) * 2 <= len(rows):
        return None
    return float(rates.median())


def save(figure: Figure, path: str | os.PathLike) -> None:
    """PNG without a software stamp, written atomically."""
    write_with(
        path,
        lambda temporary: figure.savefig(
            temporary, format="png", dpi=DPI, metadata={"Software": None}
        ),
    )
