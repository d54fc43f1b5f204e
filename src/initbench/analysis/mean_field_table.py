"""The mean-field quantities of every initialization of a grid, as rows of a table."""

import math

from initbench.experiment import parse_layers
from initbench.theory.mean_field import mean_field
from initbench.training.initializers import layer_variances

FIELDS = [
    "activation",
    "hidden_layers",
    "method",
    "weight_variance",
    "bias_variance",
    "fixed_point",
    "chi1",
    "phase",
    "correlation_fixed_point",
    "depth_scale_q",
    "depth_scale_c",
    "trainable_depth",
]


def _cell(value: float | None) -> float | str:
    """Infinite depth scales as ``inf``; an absent fixed point as an empty cell."""
    if value is None:
        return ""
    return float(value) if math.isfinite(value) else "inf"


def described(
    activations: list[str], layer_names: list[str], methods: list[str], random_scale: float
) -> list[tuple[str, str, str, float, float]]:
    """``(activation, architecture, method, σ_w², σ_b²)`` for each network of the grid whose
    hidden layers are drawn with one (σ_w², σ_b²): those mean-field theory describes. LSUV
    (scaled by the data) and networks of one hidden layer or of layers drawn at different
    variances are not. Arithmetic on the configuration alone: cheap to ask."""
    found = []
    for activation in activations:
        for name in layer_names:
            for method in methods:
                variances = layer_variances(method, parse_layers(name), activation, random_scale)
                if not variances or len(set(variances)) > 1:
                    continue
                found.append((activation, name, method, *variances[0]))
    return found


def mean_field_rows(
    activations: list[str], layer_names: list[str], methods: list[str], random_scale: float
) -> list[list]:
    """One row of ``FIELDS`` per network that mean-field theory describes (``described``)."""
    rows = []
    for activation, name, method, weight_variance, bias_variance in described(
        activations, layer_names, methods, random_scale
    ):
        found = mean_field(activation, weight_variance, bias_variance)
        rows.append(
            [
                activation,
                name,
                method,
                float(weight_variance),
                float(bias_variance),
                _cell(found.fixed_point),
                float(found.chi1),
                found.phase,
                float(found.correlation_fixed_point),
                _cell(found.depth_scale_q),
                _cell(found.depth_scale_c),
                _cell(found.trainable_depth),
            ]
        )
    return rows
