"""The figures of theory beside experiment, drawn from the runs and the mean-field theory: the
trainability phase diagram and the sharpness during training against 2/η."""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from initbench.analysis.phase import PhaseGrid, edge_of_chaos, theory_curve
from initbench.report.numbers import configured


def _edges(values: np.ndarray) -> np.ndarray:
    """Cell edges around sorted values: halfway between neighbours, as far again outside."""
    middles = (values[1:] + values[:-1]) / 2
    return np.concatenate(
        [[values[0] - (middles[0] - values[0])], middles, [values[-1] + (values[-1] - middles[-1])]]
    )


def phase_diagram(diagrams: list[tuple[PhaseGrid, pd.DataFrame]]) -> Figure:
    """Per diagram: the median final training accuracy over (σ_w², depth), with 6 ξ_c drawn
    over it and the edge of chaos marked; cells that trained outlined."""
    figure = Figure(figsize=(6.4 * len(diagrams), 5.0), layout="constrained")
    panels = figure.subplots(1, len(diagrams), squeeze=False)[0]
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
            fontsize="small",
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
    """One row per method, one column per learning rate: every seed's sharpness during
    training, with 2/η dashed; log scale. For the grid's first activation and architecture."""
    first = sharpness.iloc[0]
    sharpness = sharpness[
        (sharpness["activation"] == first["activation"])
        & (sharpness["hidden_layers"] == first["hidden_layers"])
    ]
    rates = sorted(set(sharpness["learning_rate"]))
    drawn = [method for method in methods if method in set(sharpness["method"])]
    figure = Figure(figsize=(3.2 * len(rates), 2.7 * len(drawn)), layout="constrained")
    panels = figure.subplots(len(drawn), len(rates), squeeze=False, sharey=True)
    for row, method in zip(panels, drawn, strict=True):
        for axes, rate in zip(row, rates, strict=True):
            rows = sharpness[(sharpness["method"] == method) & (sharpness["learning_rate"] == rate)]
            for _, seed in rows.groupby("seed"):
                values = seed["sharpness"].where(seed["sharpness"] > 0)
                axes.plot(seed["iteration"], values, color="tab:blue", linewidth=0.9, alpha=0.7)
            axes.axhline(2 / rate, color="tab:red", linestyle="--", linewidth=1.2, label="2/η")
            axes.set_yscale("log")
            network = f"{first['activation']}, {first['hidden_layers']}"
            axes.set_title(f"{method}, lr {configured(rate)} ({network})", fontsize="medium")
            axes.set_xlabel("iteration")
        row[0].set_ylabel("sharpness")
    panels[0][-1].legend(frameon=False, fontsize="small")
    return figure
