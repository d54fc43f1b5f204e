"""Weight initializations: one table entry each, and the variance-scaled Gaussian family.

Each entry draws one layer's ``(W, b)`` from the run's ``RandomState``, ``W`` fan_out x fan_in
and ``b`` fan_out x 1, layer after layer. The normal ones draw ``rng.randn(fan_out, fan_in) * std``,
which reproduces the numbers the post drew after ``np.random.seed(seed)``. Biases start at zero
except where an entry says otherwise.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import numpy as np

from initbench.activations import ACTIVATIONS
from initbench.experiment import critical_member, gaussian_variances
from initbench.theory.mean_field import critical_weight_variance
from initbench.training.lsuv import METHOD as LSUV
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


# How the weights' entries are drawn: the finite-width law of the signal holds for Gaussian
# entries alone, and the Jacobian's spectrum depends on whether they are independent
# (Gaussian, uniform) or the rows of an orthogonal matrix.
GAUSSIAN, UNIFORM, ORTHOGONAL = "gaussian", "uniform", "orthogonal"


@dataclass(frozen=True)
class Initializer:
    """How one layer's ``(W, b)`` is drawn, and its variances in the terms of
    signal-propagation theory (Poole et al. 2016): ``σ_w²``, the weights' variance times
    fan_in, and ``σ_b²``, the biases' variance; ``ensemble``, how the weights' entries are
    drawn (``GAUSSIAN``, ``UNIFORM`` or ``ORTHOGONAL``)."""

    draw: Callable[[np.random.RandomState, Layer], tuple[np.ndarray, np.ndarray]]
    variances: Callable[[Layer], tuple[float, float]]
    ensemble: str


def _normal(weight_variance_of: Callable[[Layer], float], bias_variance: float = 0.0):
    """Weights N(0, weight_variance_of(layer)), then biases N(0, bias_variance)."""

    def draw(rng: np.random.RandomState, layer: Layer):
        std = np.sqrt(weight_variance_of(layer))
        # No draw for a zero scale: it would leave signed zeros (-0.0) in the weights.
        weights = rng.randn(*layer.shape) * std if std else np.zeros(layer.shape)
        if bias_variance:
            return weights, rng.randn(layer.fan_out, 1) * np.sqrt(bias_variance)
        return weights, layer.zero_bias()

    return Initializer(
        draw, lambda layer: (weight_variance_of(layer) * layer.fan_in, bias_variance), GAUSSIAN
    )


def _uniform(limit_of: Callable[[Layer], float]):
    def draw(rng: np.random.RandomState, layer: Layer):
        limit = limit_of(layer)
        return rng.uniform(-limit, limit, size=layer.shape), layer.zero_bias()

    # Uniform in ±limit has variance limit² / 3.
    return Initializer(draw, lambda layer: (limit_of(layer) ** 2 / 3 * layer.fan_in, 0.0), UNIFORM)


def _orthonormal(rng: np.random.RandomState, layer: Layer) -> np.ndarray:
    """A random orthogonal matrix of the layer's shape (Saxe, McClelland & Ganguli 2013).

    The QR factors of a Gaussian matrix, with the signs of R's diagonal moved onto Q so that Q
    is uniformly (Haar) distributed; rows orthonormal when fan_out ≤ fan_in, else columns.
    """
    rows, columns = layer.shape
    gaussian = rng.randn(rows, columns)
    if rows < columns:
        gaussian = gaussian.T
    q, r = np.linalg.qr(gaussian)
    q *= np.sign(np.diag(r))
    return q.T if rows < columns else q


def _orthogonal(rng: np.random.RandomState, layer: Layer):
    """Saxe, McClelland & Ganguli (2013), "Exact solutions to the nonlinear dynamics of
    learning in deep linear neural networks": a random orthogonal matrix times the gain."""
    return layer.gain * _orthonormal(rng, layer), layer.zero_bias()


def _orthogonal_share(layer: Layer) -> float:
    """σ_w² of an orthonormal matrix: unit rows of fan_in entries, or unit columns of
    fan_out."""
    return min(1.0, layer.fan_in / layer.fan_out)


def _pytorch_default(rng: np.random.RandomState, layer: Layer):
    """What ``torch.nn.Linear`` does: weights, then biases, uniform in ±1/√fan_in (its
    ``kaiming_uniform_(a=√5)`` comes to that bound)."""
    bound = 1 / np.sqrt(layer.fan_in)
    weights = rng.uniform(-bound, bound, size=layer.shape)
    return weights, rng.uniform(-bound, bound, size=(layer.fan_out, 1))


INITIALIZERS: dict[str, Initializer] = {
    # Every unit identical: the post's demonstration that symmetry is never broken.
    "zeros": _normal(lambda layer: 0.0),
    # The post's "random": standard normal times a large scale (10 by default).
    "random": _normal(lambda layer: layer.random_scale**2),
    # He, Zhang, Ren & Sun (2015), "Delving Deep into Rectifiers": variance 2 / fan_in.
    "he": _normal(lambda layer: 2 / layer.fan_in),
    # He et al. (2015) again, uniform in ±√(6 / fan_in): the same variance, 2 / fan_in.
    "he_uniform": _uniform(lambda layer: np.sqrt(6 / layer.fan_in)),
    # The post's "xavier": variance 1 / fan_in, which is what is elsewhere called LeCun normal.
    "xavier": _normal(lambda layer: 1 / layer.fan_in),
    # LeCun, Bottou, Orr & Müller (1998), "Efficient BackProp": variance 1 / fan_in (plain
    # normal here; Keras truncates it at two standard deviations).
    "lecun_normal": _normal(lambda layer: 1 / layer.fan_in),
    # Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward
    # neural networks": variance 2 / (fan_in + fan_out).
    "glorot_normal": _normal(lambda layer: 2 / (layer.fan_in + layer.fan_out)),
    # Glorot & Bengio (2010), their own "normalized initialization": uniform in
    # ±√(6 / (fan_in + fan_out)), variance 2 / (fan_in + fan_out).
    "glorot_uniform": _uniform(lambda layer: np.sqrt(6 / (layer.fan_in + layer.fan_out))),
    # The "commonly used heuristic" Glorot & Bengio (2010) started from, their "standard
    # initialization" (eq. 1): uniform in ±1/√fan_in, variance 1 / (3·fan_in).
    "glorot_standard": _uniform(lambda layer: 1 / np.sqrt(layer.fan_in)),
    "orthogonal": Initializer(
        _orthogonal, lambda layer: (layer.gain**2 * _orthogonal_share(layer), 0.0), ORTHOGONAL
    ),
    "pytorch_default": Initializer(
        _pytorch_default, lambda layer: (1 / 3, 1 / (3 * layer.fan_in)), UNIFORM
    ),
    # What a Keras Dense layer does: Glorot uniform weights, zero biases.
    "keras_default": _uniform(lambda layer: np.sqrt(6 / (layer.fan_in + layer.fan_out))),
}


def gaussian(weight_variance: float, bias_variance: float) -> Initializer:
    """The variance-scaled Gaussian family of Poole et al. (2016), "Exponential expressivity
    in deep neural networks through transient chaos": weights N(0, σ_w² / fan_in), then
    biases N(0, σ_b²). σ_w² = 2, σ_b² = 0 draws exactly what ``he`` draws; σ_w² = 1,
    ``xavier``."""
    return _normal(lambda layer: weight_variance / layer.fan_in, bias_variance)


def scaled_orthogonal(weight_variance: float, bias_variance: float) -> Initializer:
    """Orthogonal weights times √σ_w², then biases N(0, σ_b²): the orthogonal counterpart of
    ``gaussian`` (Pennington, Schoenholz & Ganguli 2017, "Resurrecting the sigmoid in deep
    learning through dynamical isometry")."""
    scale = np.sqrt(weight_variance)

    def draw(rng: np.random.RandomState, layer: Layer):
        weights = scale * _orthonormal(rng, layer)
        if bias_variance:
            return weights, rng.randn(layer.fan_out, 1) * np.sqrt(bias_variance)
        return weights, layer.zero_bias()

    return Initializer(
        draw,
        lambda layer: (weight_variance * _orthogonal_share(layer), bias_variance),
        ORTHOGONAL,
    )


CRITICAL_FAMILIES = {"critical_gaussian": gaussian, "critical_orthogonal": scaled_orthogonal}


@cache
def _critical(family: str, bias_variance: float, activation: str) -> Initializer:
    return CRITICAL_FAMILIES[family](
        critical_weight_variance(activation, bias_variance), bias_variance
    )


def initializer(method: str, activation: str) -> Initializer:
    """The entry of ``method`` for hidden layers of ``activation``: a table name, a Gaussian
    of the family named as ``gaussian_name`` names it, or a member of a critical family
    (``critical_name``), whose σ_w² puts ``activation`` at χ₁ = 1; ``ValueError`` for
    anything else."""
    if method in INITIALIZERS:
        return INITIALIZERS[method]
    variances = gaussian_variances(method)
    if variances is not None:
        return gaussian(*variances)
    member = critical_member(method)
    if member is not None:
        return _critical(*member, activation)
    raise ValueError(
        f"unknown initialization {method!r}: one of {', '.join(INITIALIZERS)}, "
        "gaussian_w<σ_w²>_b<σ_b²> such as gaussian_w1.76_b0.05, or "
        "critical_gaussian_b<σ_b²> or critical_orthogonal_b<σ_b²> such as "
        "critical_orthogonal_b0.0001"
    )


def layer_variances(
    method: str, hidden_layers: tuple[int, ...], activation: str, random_scale: float
) -> list[tuple[float, float]] | None:
    """``(σ_w², σ_b²)`` of the weights into hidden layers 2 … L, as ``method`` draws them;
    None for LSUV, whose scales are set by the data."""
    if method == LSUV:
        return None
    gain = ACTIVATIONS[activation].gain
    draw = initializer(method, activation)
    return [
        draw.variances(Layer(fan_in, fan_out, gain, random_scale))
        for fan_in, fan_out in pairwise(hidden_layers)
    ]


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
    draw = initializer(method, activation).draw
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
