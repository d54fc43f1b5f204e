"""Weight initializations, one table entry each; every bias starts at zero.

Each entry gives the standard deviation of normal weights for a layer with ``fan_in`` inputs.
Weights are drawn as ``rng.randn(fan_out, fan_in) * std``, layer by layer, which reproduces
the numbers the post drew after ``np.random.seed(seed)``.
"""

from collections.abc import Callable
from itertools import pairwise

import numpy as np

WEIGHT_STD: dict[str, Callable[[int, float], float]] = {
    # Every unit identical: the post's demonstration that symmetry is never broken.
    "zeros": lambda fan_in, random_scale: 0.0,
    # The post's "random": standard normal times a large scale (10 by default).
    "random": lambda fan_in, random_scale: random_scale,
    # He et al. (2015), "Delving Deep into Rectifiers": variance 2 / fan_in.
    "he": lambda fan_in, random_scale: np.sqrt(2 / fan_in),
    # The post's "xavier", variance 1 / fan_in (elsewhere called LeCun normal).
    "xavier": lambda fan_in, random_scale: np.sqrt(1 / fan_in),
}


def initialize(
    layer_sizes: list[int], method: str, rng: np.random.RandomState, random_scale: float = 10.0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(W, b)`` per layer; ``W`` is fan_out x fan_in, ``b`` is fan_out x 1 zeros."""
    std_of = WEIGHT_STD[method]
    params = []
    for fan_in, fan_out in pairwise(layer_sizes):
        std = std_of(fan_in, random_scale)
        # No draw for a zero scale: it would leave signed zeros (-0.0) in the weights.
        weights = rng.randn(fan_out, fan_in) * std if std else np.zeros((fan_out, fan_in))
        params.append((weights, np.zeros((fan_out, 1))))
    return params
