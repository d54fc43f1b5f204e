"""The Jacobian's spectrum at initialization, drawn as Pennington et al. (2017) drew it: the
density of the singular values, a line per depth, a panel per initialization."""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from initbench.experiment import parse_layers
from initbench.report.figure_layout import block_figure, first_column, legend_above, log_scale

BINS = 60
# The share of the smallest and the largest resolved singular values left off the axis: rare
# extremes that would stretch it over decades no line fills.
CLIPPED = 0.001


def _depth_colors(depths: list[int]) -> dict[int, tuple]:
    """Shallow networks light, deep ones dark: one purple, more opaque with depth."""
    shades = np.linspace(0.3, 1.0, len(depths))
    return {depth: (0.4, 0.1, 0.5, shade) for depth, shade in zip(depths, shades, strict=True)}


def _edges(values: pd.Series) -> np.ndarray:
    """``BINS`` bins equal in logarithm over the values, their extreme ``CLIPPED`` shares left
    out, with room for an isometry's 1."""
    if values.empty:
        return np.geomspace(0.1, 10.0, BINS + 1)
    low, high = np.quantile(values, [CLIPPED, 1 - CLIPPED])
    low, high = min(low, 0.5), max(high, 2.0)
    return np.geomspace(low, high, BINS + 1)


def jacobian_spectra(jacobian: pd.DataFrame, methods: list[str]) -> Figure:
    """A block per activation and a panel per initialization: the share of the singular
    values of the hidden stack's Jacobian per bin (pooled over seeds and images; those zero to
    float64's resolution left out, as shares of all), a line per depth, on axes shared within
    the block; isometry (every singular value 1) dotted."""
    from initbench.analysis.jacobian import numerically_zero

    resolved = jacobian[~numerically_zero(jacobian)]
    activations = list(dict.fromkeys(jacobian["activation"]))
    drawn = [method for method in methods if method in set(jacobian["method"])]
    names = list(dict.fromkeys(jacobian["hidden_layers"]))
    depths = sorted({len(parse_layers(name)) for name in names})
    colors = _depth_colors(depths)
    figure, blocks = block_figure(
        activations,
        len(drawn),
        block_legend=[f"{depth} layers" for depth in depths],
        sharex=True,
        sharey=True,
    )
    for row, activation in zip(blocks, activations, strict=True):
        rows = resolved[resolved["activation"] == activation]
        counted = jacobian[jacobian["activation"] == activation]
        edges = _edges(rows["singular_value"])
        centres = np.sqrt(edges[:-1] * edges[1:])
        for axes, method in zip(row, drawn, strict=True):
            method_rows = rows[rows["method"] == method]
            totals = counted[counted["method"] == method].groupby("hidden_layers").size()
            for name, network in method_rows.groupby("hidden_layers", sort=False):
                depth = len(parse_layers(name))
                counts, _ = np.histogram(network["singular_value"], bins=edges)
                share = counts / totals[name]
                axes.plot(
                    centres,
                    np.where(share > 0, share, np.nan),
                    color=colors[depth],
                    linewidth=1.2,
                    label=f"{depth} layers",
                )
            axes.axvline(1.0, color="tab:red", linestyle=":", linewidth=1)
            log_scale(axes, "x")
            log_scale(axes)
            axes.set_title(method, fontsize="medium")
            axes.set_xlabel("singular value of J")
            if first_column(axes):
                axes.set_ylabel("share per bin")
        legend_above(row)
    return figure
