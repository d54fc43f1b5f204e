"""Hidden-layer activations and their derivatives, one table entry each."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LEAKY_SLOPE = 0.01
# Unbounded activations whose units die (output 0 on every image) rather than saturate.
RECTIFIERS = ("relu", "leaky_relu")


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function, in a form that never overflows: ``exp(-log(1 + e^-z))``."""
    return np.exp(-np.logaddexp(0.0, -z))


@dataclass(frozen=True)
class Activation:
    """``function(z)`` and its ``derivative(z, a)``, where ``a = function(z)`` is at hand.

    ``gain``: the factor that keeps a unit-variance signal's scale through the activation,
    the values of PyTorch's ``torch.nn.init.calculate_gain`` (used by ``orthogonal``).
    """

    function: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gain: float


ACTIVATIONS: dict[str, Activation] = {
    "tanh": Activation(np.tanh, lambda z, a: 1.0 - a * a, gain=5 / 3),
    "relu": Activation(
        lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(z.dtype), gain=np.sqrt(2.0)
    ),
    "leaky_relu": Activation(
        lambda z: np.where(z > 0, z, LEAKY_SLOPE * z),
        lambda z, a: np.where(z > 0, 1.0, LEAKY_SLOPE),
        gain=np.sqrt(2.0 / (1 + LEAKY_SLOPE**2)),
    ),
    "sigmoid": Activation(sigmoid, lambda z, a: a * (1.0 - a), gain=1.0),
}
