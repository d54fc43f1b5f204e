"""The figures of the signal through depth: one row per activation, drawn from the runs'
``layers.csv`` and the job's activation histograms."""

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure

from initbench.analysis.depth import (
    DeepSetting,
    activation_spread,
    counts_magnitudes,
    predicted_spread,
)
from initbench.report.figures import GRID_PANEL_SIZE
from initbench.report.numbers import configured

# Panels that show layers as separate lines show at most this many, spread from first to last.
SHOWN_LAYERS = 6
# Karpathy's rule of thumb for the update-to-weight ratio: about 1e-3 is healthy.
HEALTHY_UPDATE_RATIO = 1e-3


def shown_layers(depth: int) -> list[int]:
    """Up to ``SHOWN_LAYERS`` layers, evenly spread from 1 to ``depth``."""
    return sorted({round(layer) for layer in np.linspace(1, depth, SHOWN_LAYERS)})


def _colors(methods: list[str]) -> dict:
    """The report's colour per method; past ten methods (a sweep of the Gaussian family), a
    sequential map, so that no two share a colour."""
    if len(methods) <= 10:
        return {method: f"C{index}" for index, method in enumerate(methods)}
    shades = colormaps["viridis"](np.linspace(0, 0.95, len(methods)))
    return dict(zip(methods, shades, strict=True))


def _positive(series: pd.Series) -> pd.Series:
    """Zeros (dead or zero networks) cannot sit on a log axis: they are left out."""
    return series.where(series > 0)


def signal_through_depth(
    layers: pd.DataFrame,
    settings: list[DeepSetting],
    methods: list[str],
    random_scale: float,
) -> Figure:
    """The activations' standard deviation against the layer, at initialization (with the
    theory's prediction dashed) and at the end of training: the median over seeds."""
    figure = Figure(figsize=(11, 3.6 * len(settings)), layout="constrained")
    panels = figure.subplots(len(settings), 2, squeeze=False)
    colors = _colors(methods)
    for row, setting in zip(panels, settings, strict=True):
        rows = setting.rows(layers)
        for method in methods:
            method_rows = rows[rows["method"] == method]
            if method_rows.empty:
                continue
            for axes, at_end in zip(row, (False, True), strict=True):
                spread = _positive(activation_spread(method_rows, at_end))
                axes.plot(spread.index, spread, "o-", ms=3, color=colors[method], label=method)
            predicted = predicted_spread(method_rows, setting, method, random_scale)
            if predicted is not None:
                row[0].plot(predicted.index, _positive(predicted), "--", color=colors[method])
        label = f"{setting.activation}, {setting.hidden_layers}"
        row[0].set_title(f"{label}: at initialization (dashed: theory)")
        row[1].set_title(f"{label}: after training (lr {configured(setting.learning_rate)})")
        for axes in row:
            axes.set_yscale("log")
            axes.set_xlabel("hidden layer")
        row[0].set_ylabel("activation standard deviation\n(median over seeds)")
        _legend_beside(row[1], "small")
    return figure


def gradients_through_depth(
    layers: pd.DataFrame, settings: list[DeepSetting], methods: list[str]
) -> Figure:
    """The norm of each layer's weight gradient at initialization, against the layer."""
    figure = Figure(figsize=(5.5 * len(settings) + 1.5, 3.6), layout="constrained")
    panels = figure.subplots(1, len(settings), squeeze=False)[0]
    colors = _colors(methods)
    for axes, setting in zip(panels, settings, strict=True):
        rows = setting.rows(layers)
        start = rows[rows["iteration"] == 0]
        for method in methods:
            norms = start[start["method"] == method].groupby("layer")["weight_gradient_norm"]
            if not len(norms):
                continue
            median = _positive(norms.median())
            axes.plot(median.index, median, "o-", ms=3, color=colors[method], label=method)
        axes.set_yscale("log")
        axes.set_title(f"{setting.activation}, {setting.hidden_layers}")
        axes.set_xlabel("hidden layer")
        axes.set_ylabel("‖∇W‖ at initialization\n(median over seeds)")
    _legend_beside(panels[-1], "small")
    return figure


def _layer_colors(layer_list: list[int]) -> dict[int, tuple]:
    """Shallow layers light, deep layers dark: one blue, more opaque with depth."""
    shades = np.linspace(0.35, 1.0, len(layer_list))
    return {layer: (0.1, 0.2, 0.6, shade) for layer, shade in zip(layer_list, shades, strict=True)}


def _panel_per_method(settings: list[DeepSetting], drawn: list[str], **options):
    """A figure of one row per deep setting and one panel per method, with room for a legend."""
    width, height = GRID_PANEL_SIZE
    figure = Figure(
        figsize=(width * len(drawn) + 1, (height + 0.3) * len(settings)), layout="constrained"
    )
    return figure, figure.subplots(len(settings), len(drawn), squeeze=False, **options)


def _legend_beside(axes, fontsize: str) -> None:
    axes.legend(frameon=False, fontsize=fontsize, loc="center left", bbox_to_anchor=(1, 0.5))


def activation_histograms(
    histograms: pd.DataFrame, settings: list[DeepSetting], methods: list[str]
) -> Figure:
    """makemore's picture: one panel per method, the distribution of a few layers'
    activations at initialization, one seed, on the images trained on; for rectifiers, the
    magnitudes of the nonzero activations on a logarithmic axis."""
    drawn = [method for method in methods if method in set(histograms["method"])]
    figure, panels = _panel_per_method(settings, drawn)
    for row, setting in zip(panels, settings, strict=True):
        rows = histograms[
            (histograms["activation"] == setting.activation)
            & (histograms["hidden_layers"] == setting.hidden_layers)
        ]
        layer_list = shown_layers(setting.depth)
        shades = _layer_colors(layer_list)
        magnitudes = counts_magnitudes(setting.activation)
        for axes, method in zip(row, drawn, strict=True):
            method_rows = rows[rows["method"] == method]
            for layer in layer_list:
                bins = method_rows[method_rows["layer"] == layer]
                total = bins["count"].sum()
                if not total:
                    continue
                centres = (
                    np.sqrt(bins["bin_left"] * bins["bin_right"])
                    if magnitudes
                    else (bins["bin_left"] + bins["bin_right"]) / 2
                )
                axes.plot(
                    centres,
                    _positive(bins["count"] / total),
                    color=shades[layer],
                    linewidth=1.2,
                    label=f"layer {layer}",
                )
            if magnitudes:
                axes.set_xscale("log")
            axes.set_yscale("log")
            axes.set_title(f"{method}, seed {int(method_rows['seed'].iloc[0])}", fontsize="medium")
            axes.set_xlabel("|activation| (nonzero)" if magnitudes else "activation")
        row[0].set_ylabel(f"{setting.activation}, {setting.hidden_layers}\nshare per bin")
        _legend_beside(row[-1], "x-small")
    return figure


def update_ratios(layers: pd.DataFrame, settings: list[DeepSetting], methods: list[str]) -> Figure:
    """The update-to-weight ratio ``‖η·∇W‖ / ‖W‖`` of a few layers over training, the median
    over seeds, with makemore's healthy 1e-3 marked."""
    drawn = [method for method in methods if method in set(layers["method"])]
    figure, panels = _panel_per_method(settings, drawn, sharey="row")
    for row, setting in zip(panels, settings, strict=True):
        rows = setting.rows(layers)
        layer_list = shown_layers(setting.depth)
        shades = _layer_colors(layer_list)
        for axes, method in zip(row, drawn, strict=True):
            method_rows = rows[(rows["method"] == method) & rows["layer"].isin(layer_list)]
            ratios = method_rows.groupby(["layer", "iteration"])["update_ratio"].median()
            for layer in layer_list:
                if layer not in ratios.index.get_level_values("layer"):
                    continue
                series = _positive(ratios.loc[layer])
                axes.plot(
                    series.index,
                    series,
                    color=shades[layer],
                    linewidth=1.2,
                    label=f"layer {layer}",
                )
            axes.axhline(HEALTHY_UPDATE_RATIO, color="tab:red", linestyle=":", linewidth=1)
            axes.set_yscale("log")
            axes.set_title(method, fontsize="medium")
            axes.set_xlabel("iteration")
        row[0].set_ylabel(f"{setting.activation}, {setting.hidden_layers}\n‖η·∇W‖ / ‖W‖")
        _legend_beside(row[-1], "x-small")
    return figure
