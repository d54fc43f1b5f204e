"""The trainability phase diagram: which (σ_w², depth) of the Gaussian family trained, beside
the depth mean-field theory says can be trained, about 6 ξ_c (Schoenholz et al. 2017)."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from initbench.experiment import gaussian_variances, parse_layers, spans_phase_diagram
from initbench.theory.mean_field import chi1, critical_weight_variance, mean_field

# A cell of the diagram trained when its median final training accuracy reaches this, or
# halfway from always answering the majority class to perfect, whichever is higher.
TRAINED_ACCURACY = 0.9


@dataclass(frozen=True)
class PhaseGrid:
    """The runs of one diagram: the Gaussian family at one σ_b², activation and rate."""

    activation: str
    bias_variance: float
    learning_rate: float
    # The accuracy of always answering the majority class: 0.5 on two balanced classes.
    chance: float = 0.5

    @property
    def trained_accuracy(self) -> float:
        """Where a cell counts as trained, clearly above what learning nothing achieves."""
        return max(TRAINED_ACCURACY, (1 + self.chance) / 2)

    def title(self) -> str:
        return f"{self.activation}, σ_b² = {self.bias_variance:g}, lr {self.learning_rate:g}"


def _gaussian_runs(runs: pd.DataFrame) -> pd.DataFrame:
    variances = [gaussian_variances(method) for method in runs["method"]]
    family = runs.assign(
        weight_variance=[v[0] if v else np.nan for v in variances],
        bias_variance=[v[1] if v else np.nan for v in variances],
        depth=[len(parse_layers(name)) for name in runs["hidden_layers"]],
    )
    return family.dropna(subset=["weight_variance"])


def phase_grids(runs: pd.DataFrame, chance: float = 0.5) -> list[PhaseGrid]:
    """Every (activation, σ_b², learning rate) whose Gaussian runs span a phase diagram
    (``spans_phase_diagram``), in the grid's order; ``chance``, the majority class's share."""
    family = _gaussian_runs(runs)
    grids = []
    keys = ["activation", "bias_variance", "learning_rate"]
    for (activation, bias, rate), group in family.groupby(keys, sort=False):
        methods, architectures = group["method"].unique(), group["hidden_layers"].unique()
        if spans_phase_diagram(list(methods), list(architectures)):
            grids.append(PhaseGrid(activation, float(bias), float(rate), chance))
    return grids


def cells(runs: pd.DataFrame, grid: PhaseGrid) -> pd.DataFrame:
    """One row per (σ_w², depth): the median final training accuracy over seeds, whether it
    trained (``PhaseGrid.trained_accuracy``), and whether theory says it can (depth < 6 ξ_c)."""
    family = _gaussian_runs(runs)
    rows = family[
        (family["activation"] == grid.activation)
        & (family["bias_variance"] == grid.bias_variance)
        & (family["learning_rate"] == grid.learning_rate)
    ]
    table = (
        rows.groupby(["weight_variance", "depth"])
        .agg(accuracy=("train_accuracy", "median"), seeds=("seed", "size"))
        .reset_index()
    )
    table["trained"] = table["accuracy"] >= grid.trained_accuracy
    trainable = {
        variance: mean_field(grid.activation, variance, grid.bias_variance).trainable_depth
        for variance in table["weight_variance"].unique()
    }
    table["trainable_depth"] = table["weight_variance"].map(trainable)
    table["predicted"] = table["depth"] < table["trainable_depth"]
    return table


def theory_curve(grid: PhaseGrid, low: float, high: float, points: int = 200) -> pd.Series:
    """6 ξ_c against σ_w², finely sampled between ``low`` and ``high``."""
    variances = np.linspace(low, high, points)
    return pd.Series(
        [mean_field(grid.activation, v, grid.bias_variance).trainable_depth for v in variances],
        index=variances,
    )


def edge_of_chaos(grid: PhaseGrid) -> float | None:
    """The σ_w² where χ₁ = 1, when it lies between 0.5 and 10."""
    found = [chi1(grid.activation, v, grid.bias_variance) - 1 for v in (0.5, 10.0)]
    if found[0] * found[1] > 0:
        return None
    return critical_weight_variance(grid.activation, grid.bias_variance)
