"""The figures of theory beside experiment, drawn from the runs and the mean-field theory: the
trainability phase diagram and the sharpness during training against 2/η."""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from initbench.analysis.phase import PhaseGrid, edge_of_chaos, theory_curve
from initbench.report.figure_layout import (
    block_figure,
    first_column,
    legend_above,
    log_scale,
    panel_figure,
)
from initbench.report.numbers import configured

# A phase diagram with its colour bar, and its legend below it.
PHASE_PANEL_SIZE = (6.4, 5.0)


def _edges(values: np.ndarray) -> np.ndarray:
    """Cell edges around sorted values: halfway between neighbours, as far again outside."""
    middles = (values[1:] + values[:-1]) / 2
    return np.concatenate(
        [[values[0] - (middles[0] - values[0])], middles, [values[-1] + (values[-1] - middles[-1])]]
    )


def phase_diagram(diagrams: list[tuple[PhaseGrid, pd.DataFrame]]) -> Figure:
    """Per diagram: the median final training accuracy over (σ_w², depth), with 6 ξ_c drawn
    over it and the edge of chaos marked; cells that trained outlined."""
    figure, panels = panel_figure(len(diagrams), PHASE_PANEL_SIZE)
    for axes, (grid, table) in zip(panels, diagrams, strict=True):
        accuracy = table.pivot(index="depth", columns="weight_variance", values="accuracy")
        variances = accuracy.columns.to_numpy(dtype=float)
        depths = accuracy.index.to_numpy(dtype=float)
        mesh = axes.pcolormesh(
            _edges(variances),
            _edges(depths),
            accuracy.to_numpy(),
            cmap="viridis",
            vmin=grid.chance,
            vmax=1.0,
        )
        trained = table[table["trained"]]
        axes.plot(
            trained["weight_variance"],
            trained["depth"],
            "o",
            mfc="none",
            mec="white",
            ms=5,
            label="trained",
        )
        curve = theory_curve(grid, float(variances.min()), float(variances.max()))
        axes.plot(curve.index, curve, color="tab:red", linewidth=2, label="6 ξ_c (theory)")
        edge = edge_of_chaos(grid)
        if edge is not None and variances.min() <= edge <= variances.max():
            axes.axvline(edge, color="white", linestyle="--", linewidth=1, label="χ₁ = 1")
        axes.set_ylim(_edges(depths)[0], _edges(depths)[-1])
        axes.set_xlabel("σ_w²")
        axes.set_ylabel("hidden layers")
        axes.set_title(grid.title())
        # On a dark ground, as on the map: the white markers and line show.
        axes.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.13),
            ncol=3,
            facecolor="0.3",
            edgecolor="0.3",
            framealpha=1,
            labelcolor="white",
        )
        figure.colorbar(mesh, ax=axes, label="final training accuracy (median over seeds)")
    return figure


def sharpness_panels(sharpness: pd.DataFrame, methods: list[str]) -> Figure:
    """A block per method, a panel per learning rate in each: every seed's sharpness during
    training, with 2/η dashed; log scale. For the grid's first activation and architecture."""
    first = sharpness.iloc[0]
    sharpness = sharpness[
        (sharpness["activation"] == first["activation"])
        & (sharpness["hidden_layers"] == first["hidden_layers"])
    ]
    rates = sorted(set(sharpness["learning_rate"]))
    drawn = [method for method in methods if method in set(sharpness["method"])]
    network = f"{first['activation']}, {first['hidden_layers']}"
    headings = [f"{method} ({network})" for method in drawn]
    figure, blocks = block_figure(headings, len(rates), legend=["2/η"], sharey=True)
    # One scale for every panel, as within a block, so that the blocks compare at a glance.
    for row in blocks[1:]:
        row[0].sharey(blocks[0][0])
    for row, method in zip(blocks, drawn, strict=True):
        for axes, rate in zip(row, rates, strict=True):
            rows = sharpness[(sharpness["method"] == method) & (sharpness["learning_rate"] == rate)]
            for _, seed in rows.groupby("seed"):
                values = seed["sharpness"].where(seed["sharpness"] > 0)
                axes.plot(seed["iteration"], values, color="tab:blue", linewidth=0.9, alpha=0.7)
            axes.axhline(2 / rate, color="tab:red", linestyle="--", linewidth=1.2, label="2/η")
            log_scale(axes)
            axes.set_title(f"lr {configured(rate)}", fontsize="medium")
            axes.set_xlabel("iteration")
            if first_column(axes):
                axes.set_ylabel("sharpness")
    legend_above(blocks[0], figure)
    return figure
