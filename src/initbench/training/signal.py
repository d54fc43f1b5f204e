"""The signal through a network during training, hidden layer by hidden layer.

What Karpathy's "makemore part 3" watches: the spread of each layer's pre-activations and
activations, the share of units that pass almost no gradient (saturated tanh or sigmoid units,
dead rectifiers), the size of the gradients, and the update-to-weight ratio ``‖η·∇W‖ / ‖W‖``
(about 1e-3 is healthy). Recorded at iteration 0, every ``every`` iterations and at the last.
"""

import numpy as np

from initbench.activations import RECTIFIERS
from initbench.training.network import Forward

# makemore's threshold: a tanh this close to ±1 (a sigmoid this close to 0 or 1) has a
# derivative below 0.06 (0.03), and passes almost nothing back.
SATURATION = 0.97
FIELDS = [
    "iteration",
    "layer",
    "preactivation_mean",
    "preactivation_std",
    "activation_std",
    "saturated_share",
    "dead_share",
    "preactivation_gradient_norm",
    "weight_gradient_norm",
    "weight_norm",
    "update_ratio",
]


def recorded_iterations(iterations: int, every: int) -> set[int]:
    """0, every, 2·every, … and the last iteration."""
    if every < 1:
        raise ValueError(f"the signal is recorded every ≥ 1 iterations, not {every}")
    return {*range(0, iterations + 1, every), iterations}


def saturated_share(a: np.ndarray, activation: str, threshold: float = SATURATION) -> float | None:
    """Share of a tanh or sigmoid layer's outputs past ``threshold`` (``|a|`` for tanh; ``a`` or
    ``1 - a`` for sigmoid); None for rectifiers."""
    if activation == "tanh":
        return float(np.mean(np.abs(a) > threshold))
    if activation == "sigmoid":
        return float(np.mean((a < 1 - threshold) | (a > threshold)))
    return None


def dead_share(z: np.ndarray, activation: str) -> float | None:
    """Share of a rectifier layer's units off (pre-activation ≤ 0) on every image; None for
    the others."""
    if activation in RECTIFIERS:
        return float(np.mean(np.all(z <= 0, axis=1)))
    return None


def hidden_layer_signal(
    iteration: int,
    passed: Forward,
    preactivation_gradients: list[np.ndarray],
    weight_gradient_norms: list[float],
    weight_norms: list[float],
    learning_rate: float,
    activation: str,
) -> list[list]:
    """One row of ``FIELDS`` per hidden layer (numbered from 1), at ``iteration``.

    The norms of each hidden layer's incoming weights and of their gradient come from the
    caller, who holds the first layer in whatever exact form it trains it.
    """
    rows = []
    for index, (z, a) in enumerate(zip(passed.z[:-1], passed.a, strict=True)):
        gradient_norm, norm = weight_gradient_norms[index], weight_norms[index]
        rows.append(
            [
                iteration,
                index + 1,
                float(z.mean()),
                float(z.std()),
                float(a.std()),
                saturated_share(a, activation),
                dead_share(z, activation),
                float(np.linalg.norm(preactivation_gradients[index])),
                gradient_norm,
                norm,
                learning_rate * gradient_norm / norm if norm > 0 else None,
            ]
        )
    return rows
