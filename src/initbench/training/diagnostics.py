"""What a network looks like at its initialization, before any update.

Per layer: the spread of the pre-activations, the share of saturated hidden units and the size
of the cost's gradient; for the hidden layers, how different their units are (zero for an
initialization that never breaks symmetry); and the sharpness, the largest eigenvalue of the
cost's Hessian, since gradient descent on a quadratic is stable only below ``2 / sharpness``.
"""

import numpy as np

from initbench.training.curvature import TOLERANCE, ReducedCurvature
from initbench.training.network import Params, forward_images, full_gradient, unit_spread
from initbench.training.signal import dead_share, saturated_share
from initbench.training.trainer import Hyperparameters, initial_params

# A tanh or sigmoid unit this close to its bounds has almost no gradient.
SATURATION = 0.99


def saturated_fraction(z: np.ndarray, a: np.ndarray, activation: str) -> float:
    """Share of a hidden layer that passes almost no gradient on these images.

    tanh: activations with ``|a| > 0.99``; sigmoid: ``a < 0.01`` or ``a > 0.99``; ReLU and
    leaky ReLU: dead units, whose pre-activation is ≤ 0 on every image.
    """
    share = dead_share(z, activation)
    if share is None:
        share = saturated_share(a, activation, SATURATION)
    if share is None:
        raise ValueError(f"unknown activation {activation!r}")
    return share


def layer_diagnostics(params: Params, x: np.ndarray, labels: np.ndarray, activation: str):
    """One dict per layer: pre-activation std, gradient norm, and for hidden layers the
    saturated fraction and the unit spread."""
    passed = forward_images(params, x, activation)
    gradient = full_gradient(params, x, labels, activation)
    layers = []
    for index, ((weights, bias), (d_weights, _)) in enumerate(zip(params, gradient, strict=True)):
        layer = {
            "layer": index + 1,
            "preactivation_std": float(passed.z[index].std()),
            "gradient_norm": float(np.linalg.norm(d_weights)),
        }
        if index < len(passed.a):
            layer["saturated_fraction"] = saturated_fraction(
                passed.z[index], passed.a[index], activation
            )
            layer["unit_spread"] = unit_spread(weights, bias)
        layers.append(layer)
    return layers


def sharpness(
    params: Params,
    x: np.ndarray,
    labels: np.ndarray,
    activation: str,
    tolerance: float = TOLERANCE,
    seed: int = 0,
) -> dict:
    """The largest eigenvalue of the cost's Hessian at ``params`` (the sharpness), the
    smallest, the Lanczos steps taken and whether the largest converged
    (``ReducedCurvature``)."""
    first, bias = params[0]
    curvature = ReducedCurvature(x, labels, activation, params, seed)
    return curvature.sharpness(first @ x, bias, params[1:], tolerance)


def diagnose(x: np.ndarray, labels: np.ndarray, hp: Hyperparameters) -> dict:
    """Every diagnostic of the very network the run ``hp`` starts from."""
    params, _ = initial_params(x, labels.shape[0], hp)
    curvature = sharpness(params, x, labels, hp.activation)
    return {
        "layers": layer_diagnostics(params, x, labels, hp.activation),
        **curvature,
        # Gradient descent on a quadratic with this curvature is stable below this step.
        "stable_learning_rate": 2 / curvature["sharpness"] if curvature["sharpness"] > 0 else None,
    }
