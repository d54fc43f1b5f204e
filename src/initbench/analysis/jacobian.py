"""The Jacobian's spectrum at initialization, measured and beside Pennington et al.'s (2017)
moments: per run, the mean and the relative variance of the squared singular values; per
initialization and depth, their medians over seeds and what the wide-layer theory predicts."""

import numpy as np
import pandas as pd

from initbench.experiment import parse_layers
from initbench.theory.jacobian import SpectrumMoments, jacobian_moments
from initbench.training.initializers import ORTHOGONAL, initializer, layer_variances

NETWORK = ["activation", "hidden_layers", "method"]


def numerically_zero(jacobian: pd.DataFrame) -> pd.Series:
    """Whether each singular value is zero to float64's resolution: at or below
    ``numpy.linalg.matrix_rank``'s tolerance for its image's Jacobian (the largest singular
    value x their count x machine epsilon). A dead ReLU unit makes exact zeros, and the
    smallest singular values of a long product of matrices fall below what float64 resolves."""
    values = jacobian.groupby([*NETWORK, "seed", "image"], sort=False)["singular_value"]
    tolerance = values.transform("max") * values.transform("size") * np.finfo(float).eps
    return jacobian["singular_value"] <= tolerance


def run_spectra(jacobian: pd.DataFrame) -> pd.DataFrame:
    """Per run (``NETWORK`` and seed): the depth, the mean of the squared singular values over
    its measured images (``mean_square``), their variance over the mean's square
    (``relative_variance``: 0 for an isometry) and the mean first-layer second moment q¹."""
    squares = jacobian.assign(square=jacobian["singular_value"] ** 2)
    grouped = squares.groupby([*NETWORK, "seed"], sort=False)
    table = grouped.agg(
        mean_square=("square", "mean"),
        variance=("square", lambda values: float(np.var(values))),
        first_second_moment=("first_second_moment", "mean"),
    ).reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        table["relative_variance"] = table["variance"] / table["mean_square"] ** 2
    table["depth"] = [len(parse_layers(name)) for name in table["hidden_layers"]]
    return table


def predicted_moments(
    method: str,
    hidden_layers: str,
    activation: str,
    first_second_moment: float,
    random_scale: float,
) -> SpectrumMoments | None:
    """Pennington et al.'s moments for this network, or
    None where the theory does not describe it: LSUV (scaled by the data) and hidden layers of
    different widths."""
    widths = parse_layers(hidden_layers)
    variances = layer_variances(method, widths, activation, random_scale)
    if variances is None or len(set(widths)) > 1:
        return None
    orthogonal = initializer(method, activation).ensemble == ORTHOGONAL
    return jacobian_moments(first_second_moment, activation, variances, orthogonal)


def spectrum_table(jacobian: pd.DataFrame, random_scale: float) -> pd.DataFrame:
    """Per network (``NETWORK``), shallowest first: the seeds, the medians over them of the
    mean squared singular value and the relative variance, and both as theory predicts them
    from the median q¹ (NaN where it predicts nothing)."""
    runs = run_spectra(jacobian)
    rows = []
    for (activation, hidden_layers, method), group in runs.groupby(NETWORK, sort=False):
        moments = predicted_moments(
            method,
            hidden_layers,
            activation,
            float(group["first_second_moment"].median()),
            random_scale,
        )
        rows.append(
            {
                "activation": activation,
                "hidden_layers": hidden_layers,
                "method": method,
                "depth": int(group["depth"].iloc[0]),
                "seeds": len(group),
                "mean_square": float(group["mean_square"].median()),
                "relative_variance": float(group["relative_variance"].median()),
                "predicted_mean_square": np.nan if moments is None else moments.mean_square,
                "predicted_relative_variance": (
                    np.nan if moments is None else moments.relative_variance
                ),
            }
        )
    table = pd.DataFrame(rows)
    return table.sort_values(["activation", "depth"], kind="stable").reset_index(drop=True)
