"""Weight initializations, one table entry each.

Each entry draws one layer's ``(W, b)`` from the run's ``RandomState``, ``W`` fan_out x fan_in
and ``b`` fan_out x 1, layer after layer. The normal ones draw ``rng.randn(fan_out, fan_in) * std``,
which reproduces the numbers the post drew after ``np.random.seed(seed)``. Biases start at zero
except where an entry says otherwise.
"""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from initbench.training.activations import ACTIVATIONS
from initbench.training.network import Params


@dataclass(frozen=True)
class Layer:
    """What an initializer may use: the layer's shape, the recommended gain of the activation
    that follows it (for ``orthogonal``) and the post's ``random_scale``."""

    fan_in: int
    fan_out: int
    gain: float
    random_scale: float

    @property
    def shape(self) -> tuple[int, int]:
        return (self.fan_out, self.fan_in)

    def zero_bias(self) -> np.ndarray:
        return np.zeros((self.fan_out, 1))


def _normal(std_of: Callable[[Layer], float]):
    def draw(rng: np.random.RandomState, layer: Layer):
        std = std_of(layer)
        # No draw for a zero scale: it would leave signed zeros (-0.0) in the weights.
        weights = rng.randn(*layer.shape) * std if std else np.zeros(layer.shape)
        return weights, layer.zero_bias()

    return draw


def _uniform(limit_of: Callable[[Layer], float]):
    def draw(rng: np.random.RandomState, layer: Layer):
        limit = limit_of(layer)
        return rng.uniform(-limit, limit, size=layer.shape), layer.zero_bias()

    return draw


def _orthogonal(rng: np.random.RandomState, layer: Layer):
    """Saxe, McClelland & Ganguli (2013), "Exact solutions to the nonlinear dynamics of
    learning in deep linear neural networks": a random orthogonal matrix times the gain.

    The QR factors of a Gaussian matrix, with the signs of R's diagonal moved onto Q so that Q
    is uniformly (Haar) distributed; rows orthonormal when fan_out ≤ fan_in, else columns.
    """
    rows, columns = layer.shape
    gaussian = rng.randn(rows, columns)
    if rows < columns:
        gaussian = gaussian.T
    q, r = np.linalg.qr(gaussian)
    q *= np.sign(np.diag(r))
    if rows < columns:
        q = q.T
    return layer.gain * q, layer.zero_bias()


def _pytorch_default(rng: np.random.RandomState, layer: Layer):
    """What ``torch.nn.Linear`` does: weights, then biases, uniform in ±1/√fan_in (its
    ``kaiming_uniform_(a=√5)`` comes to that bound)."""
    bound = 1 / np.sqrt(layer.fan_in)
    weights = rng.uniform(-bound, bound, size=layer.shape)
    return weights, rng.uniform(-bound, bound, size=(layer.fan_out, 1))


Initializer = Callable[[np.random.RandomState, Layer], tuple[np.ndarray, np.ndarray]]

INITIALIZERS: dict[str, Initializer] = {
    # Every unit identical: the post's demonstration that symmetry is never broken.
    "zeros": _normal(lambda layer: 0.0),
    # The post's "random": standard normal times a large scale (10 by default).
    "random": _normal(lambda layer: layer.random_scale),
    # He, Zhang, Ren & Sun (2015), "Delving Deep into Rectifiers": variance 2 / fan_in.
    "he": _normal(lambda layer: np.sqrt(2 / layer.fan_in)),
    # He et al. (2015) again, uniform in ±√(6 / fan_in): the same variance, 2 / fan_in.
    "he_uniform": _uniform(lambda layer: np.sqrt(6 / layer.fan_in)),
    # The post's "xavier": variance 1 / fan_in, which is what is elsewhere called LeCun normal.
    "xavier": _normal(lambda layer: np.sqrt(1 / layer.fan_in)),
    # LeCun, Bottou, Orr & Müller (1998), "Efficient BackProp": variance 1 / fan_in (plain
    # normal here; Keras truncates it at two standard deviations).
    "lecun_normal": _normal(lambda layer: np.sqrt(1 / layer.fan_in)),
    # Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward
    # neural networks": variance 2 / (fan_in + fan_out).
    "glorot_normal": _normal(lambda layer: np.sqrt(2 / (layer.fan_in + layer.fan_out))),
    # Glorot & Bengio (2010), their own "normalized initialization": uniform in
    # ±√(6 / (fan_in + fan_out)), variance 2 / (fan_in + fan_out).
    "glorot_uniform": _uniform(lambda layer: np.sqrt(6 / (layer.fan_in + layer.fan_out))),
    "orthogonal": _orthogonal,
    "pytorch_default": _pytorch_default,
    # What a Keras Dense layer does: Glorot uniform weights, zero biases.
    "keras_default": _uniform(lambda layer: np.sqrt(6 / (layer.fan_in + layer.fan_out))),
}


def initialize(
    layer_sizes: list[int],
    method: str,
    rng: np.random.RandomState,
    random_scale: float = 10.0,
    activation: str = "tanh",
) -> Params:
    """``(W, b)`` per layer, drawn in order from ``rng``; ``W`` is fan_out x fan_in.

    ``activation`` is the hidden layers' one: its gain scales ``orthogonal`` weights of the
    layers that feed it; the output layer feeds the sigmoid, of gain 1.
    """
    draw = INITIALIZERS[method]
    hidden_gain = ACTIVATIONS[activation].gain
    output_gain = ACTIVATIONS["sigmoid"].gain
    shapes = list(pairwise(layer_sizes))
    return [
        draw(
            rng,
            Layer(
                fan_in,
                fan_out,
                gain=output_gain if index == len(shapes) - 1 else hidden_gain,
                random_scale=random_scale,
            ),
        )
        for index, (fan_in, fan_out) in enumerate(shapes)
    ]
