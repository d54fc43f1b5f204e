"""The figures of the signal through depth: one row per activation, drawn from the runs'
``layers.csv`` and the job's activation histograms."""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from initbench.analysis.depth import (
    DeepSetting,
    activation_spread,
    counts_magnitudes,
    finite_width_band,
    predicted_spread,
)
from initbench.report.figure_layout import (
    PANEL_SIZE,
    block_figure,
    first_column,
    legend_above,
    log_scale,
    method_colors,
    panel_figure,
)
from initbench.report.numbers import configured

# Panels that show layers as separate lines show at most this many, spread from first to last.
SHOWN_LAYERS = 6
# Karpathy's rule of thumb for the update-to-weight ratio: about 1e-3 is healthy.
HEALTHY_UPDATE_RATIO = 1e-3


def shown_layers(depth: int) -> list[int]:
    """Up to ``SHOWN_LAYERS`` layers, evenly spread from 1 to ``depth``."""
    return sorted({round(layer) for layer in np.linspace(1, depth, SHOWN_LAYERS)})


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
    variance map's prediction dashed and, where it holds, the finite-width law's band for the
    median over the seeds shaded, from layer 1's median) and at the end of training: the
    median over seeds."""
    labels = [f"{setting.activation}, {setting.hidden_layers}" for setting in settings]
    figure, blocks = block_figure(labels, 2, PANEL_SIZE, legend=methods)
    colors = method_colors(methods)
    for row, setting in zip(blocks, settings, strict=True):
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
            seeds = method_rows["seed"].nunique()
            band = finite_width_band(setting, method, random_scale, seeds)
            if band is not None:
                first = float(activation_spread(method_rows).iloc[0])
                layer_numbers = np.arange(1, band.lower.size + 1)
                row[0].fill_between(
                    layer_numbers,
                    _positive(pd.Series(first * band.lower)),
                    first * band.upper,
                    color=colors[method],
                    alpha=0.15,
                    linewidth=0,
                )
        row[0].set_title("at initialization (dashed: theory)")
        row[1].set_title(f"after training (lr {configured(setting.learning_rate)})")
        for axes in row:
            log_scale(axes)
            axes.set_xlabel("hidden layer")
            if first_column(axes):
                axes.set_ylabel("activation standard deviation\n(median over seeds)")
    legend_above([axes for row in blocks for axes in row], figure)
    return figure


def gradients_through_depth(
    layers: pd.DataFrame, settings: list[DeepSetting], methods: list[str]
) -> Figure:
    """The norm of each layer's weight gradient at initialization, against the layer."""
    figure, panels = panel_figure(len(settings), PANEL_SIZE, legend=methods)
    colors = method_colors(methods)
    for axes, setting in zip(panels, settings, strict=True):
        rows = setting.rows(layers)
        start = rows[rows["iteration"] == 0]
        for method in methods:
            norms = start[start["method"] == method].groupby("layer")["weight_gradient_norm"]
            if not len(norms):
                continue
            median = _positive(norms.median())
            axes.plot(median.index, median, "o-", ms=3, color=colors[method], label=method)
        log_scale(axes)
        axes.set_title(f"{setting.activation}, {setting.hidden_layers}")
        axes.set_xlabel("hidden layer")
        if first_column(axes):
            axes.set_ylabel("‖∇W‖ at initialization\n(median over seeds)")
    legend_above(panels)
    return figure


def _layer_colors(layer_list: list[int]) -> dict[int, tuple]:
    """Shallow layers light, deep layers dark: one blue, more opaque with depth."""
    shades = np.linspace(0.35, 1.0, len(layer_list))
    return {layer: (0.1, 0.2, 0.6, shade) for layer, shade in zip(layer_list, shades, strict=True)}


def _block_per_setting(settings: list[DeepSetting], drawn: list[str], **options):
    """A figure of a block per deep setting, a panel per method in each, with room in each
    block for a legend of its deepest setting's shown layers."""
    labels = [f"{setting.activation}, {setting.hidden_layers}" for setting in settings]
    deepest = shown_layers(max(setting.depth for setting in settings))
    return block_figure(
        labels, len(drawn), block_legend=[f"layer {layer}" for layer in deepest], **options
    )


def activation_histograms(
    histograms: pd.DataFrame,
    settings: list[DeepSetting],
    methods: list[str],
    quantity: str = "activation",
) -> Figure:
    """makemore's picture: one panel per method, the distribution of a few layers'
    activations at initialization, one seed, on the images trained on; for rectifiers, the
    magnitudes of the nonzero activations on a logarithmic axis. ``quantity="gradient"``
    draws the back-propagated gradients' magnitudes instead (Glorot & Bengio's Figure 7)."""
    drawn = [method for method in methods if method in set(histograms["method"])]
    figure, blocks = _block_per_setting(settings, drawn)
    for row, setting in zip(blocks, settings, strict=True):
        rows = histograms[
            (histograms["activation"] == setting.activation)
            & (histograms["hidden_layers"] == setting.hidden_layers)
            & (histograms["quantity"] == quantity)
        ]
        layer_list = shown_layers(setting.depth)
        shades = _layer_colors(layer_list)
        gradients = quantity == "gradient"
        magnitudes = gradients or counts_magnitudes(setting.activation)
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
                log_scale(axes, "x")
            log_scale(axes)
            axes.set_title(f"{method}, seed {int(method_rows['seed'].iloc[0])}", fontsize="medium")
            axes.set_xlabel(f"|{quantity}| (nonzero)" if magnitudes else quantity)
            if first_column(axes):
                axes.set_ylabel("share per bin")
        legend_above(row)
    return figure


def update_ratios(layers: pd.DataFrame, settings: list[DeepSetting], methods: list[str]) -> Figure:
    """The update-to-weight ratio ``‖η·∇W‖ / ‖W‖`` of a few layers over training, the median
    over seeds, with makemore's healthy 1e-3 marked."""
    drawn = [method for method in methods if method in set(layers["method"])]
    figure, blocks = _block_per_setting(settings, drawn, sharey=True)
    for row, setting in zip(blocks, settings, strict=True):
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
            log_scale(axes)
            axes.set_title(method, fontsize="medium")
            axes.set_xlabel("iteration")
            if first_column(axes):
                axes.set_ylabel("‖η·∇W‖ / ‖W‖")
        legend_above(row)
    return figure
