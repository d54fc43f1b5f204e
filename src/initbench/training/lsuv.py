"""LSUV, layer-sequential unit-variance initialization (Mishkin & Matas 2015, "All you need is
a good init", Algorithm 1): start orthonormal, then rescale each layer in turn, input to output,
until the variance of its output on the training images is 1 within a tolerance.

A layer's output is its pre-activation ``W·a + b``; the next layer sees it through the
activation. Only the images it is given are read: the trainer gives the training images alone.
"""

import numpy as np

from initbench.activations import ACTIVATIONS
from initbench.training.network import Params

METHOD = "lsuv"
TOLERANCE = 0.1
MAX_PASSES = 10


def lsuv(
    params: Params,
    x: np.ndarray,
    activation: str,
    tolerance: float = TOLERANCE,
    max_passes: int = MAX_PASSES,
) -> tuple[Params, dict]:
    """``params`` rescaled layer by layer, and for each layer the rescaling passes it took and
    the variance of its output reached (a layer whose output is constant cannot be rescaled:
    it keeps its weights, with variance 0)."""
    function = ACTIVATIONS[activation].function
    rescaled, passes, variances = [], [], []
    inputs = x
    for index, (weights, bias) in enumerate(params):
        weights = weights.copy()
        output = weights @ inputs + bias
        variance, used = float(output.var()), 0
        while abs(variance - 1.0) >= tolerance and used < max_passes and variance > 0:
            weights /= np.sqrt(variance)
            output = weights @ inputs + bias
            variance, used = float(output.var()), used + 1
        rescaled.append((weights, bias.copy()))
        passes.append(used)
        variances.append(variance)
        if index < len(params) - 1:
            inputs = function(output)
    return rescaled, {"lsuv_passes": passes, "lsuv_variances": variances}
