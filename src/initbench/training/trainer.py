"""Full-batch gradient descent, with an exact cheap form of the first layer.

Gradient descent only ever adds ``dZ1 · Xᵀ`` terms to the first layer's weights, so
``W1 = W1₀ + C · Xᵀ`` for a units x images matrix ``C``, and ``W1 · X = W1₀·X + C · (XᵀX)``.
With the Gram matrix ``XᵀX`` formed once, an iteration costs units x images² instead of
units x features x images; ``W1`` is rebuilt once at the end. This "gram" path and the
"plain" path compute the same function, up to floating-point rounding.
"""

import time
from dataclasses import dataclass, field

import numpy as np

from initbench.experiment import POST_EXPERIMENT, gaussian_variances
from initbench.training.curvature import ReducedCurvature
from initbench.training.initializers import INITIALIZERS, initialize
from initbench.training.lsuv import METHOD as LSUV
from initbench.training.lsuv import lsuv
from initbench.training.network import Params, backward, cost_from_logits, forward, predict
from initbench.training.signal import hidden_layer_signal, recorded_iterations

PATHS = ("auto", "gram", "plain")
SHARPNESS_FIELDS = ["iteration", "sharpness", "lowest_eigenvalue", "lanczos_steps", "converged"]
# The Gram path is taken only when its images x images matrix fits this budget.
GRAM_MEMORY_BUDGET_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class Hyperparameters:
    """What a run is trained under; the defaults are the post's experiment."""

    method: str
    seed: int
    hidden_layers: tuple[int, ...] = POST_EXPERIMENT["hidden_layers"]
    activation: str = POST_EXPERIMENT["activation"]
    learning_rate: float = POST_EXPERIMENT["learning_rate"]
    iterations: int = POST_EXPERIMENT["iterations"]
    random_scale: float = POST_EXPERIMENT["random_scale"]
    path: str = "auto"


@dataclass
class Run:
    """``costs[t]``: cost after t updates, t = 0 .. iterations (shorter when diverged)."""

    costs: np.ndarray
    params: Params
    train_accuracy: float
    diverged_at: int | None
    path: str
    seconds: float
    # On the held-out images, when there are any: cost after t updates, and final accuracy.
    test_costs: np.ndarray | None = None
    test_accuracy: float | None = None
    # Rows of ``signal.FIELDS``: each hidden layer at the recorded iterations.
    signal: list[list] = field(default_factory=list)
    # What a data-dependent initialization recorded (LSUV's passes and variances).
    initialization: dict = field(default_factory=dict)
    # Rows of ``SHARPNESS_FIELDS``: the cost's curvature at the recorded iterations.
    sharpness: list[list] = field(default_factory=list)


class PlainFirstLayer:
    """The first layer's weights, held and updated as they are."""

    def __init__(self, x: np.ndarray, weights: np.ndarray, x_test: np.ndarray | None = None):
        self.x, self.w, self.x_test = x, weights.copy(), x_test

    def preactivation(self) -> np.ndarray:
        return self.w @ self.x

    def test_preactivation(self) -> np.ndarray:
        return self.w @ self.x_test

    def step(self, dz1: np.ndarray, learning_rate: float) -> None:
        self.w -= learning_rate * (dz1 @ self.x.T)

    def weights(self) -> np.ndarray:
        return self.w

    def weight_norm(self) -> float:
        return float(np.linalg.norm(self.w))

    def gradient_norm(self, dz1: np.ndarray) -> float:
        """``‖dZ1 · Xᵀ‖``, the norm of the first layer's weight gradient."""
        return float(np.linalg.norm(dz1 @ self.x.T))


class GramFirstLayer:
    """The first layer's weights held as ``W1₀ + C · Xᵀ``, with only ``C`` updated."""

    def __init__(self, x: np.ndarray, weights: np.ndarray, x_test: np.ndarray | None = None):
        self.x, self.w0 = x, weights
        self.w0_squared = float(np.sum(weights * weights))
        self.w0x = weights @ x
        self.gram = x.T @ x
        self.c = np.zeros((weights.shape[0], x.shape[1]))
        if x_test is not None:
            # Held-out images see W1 · X_test = W1₀ · X_test + C · (Xᵀ X_test).
            self.w0x_test = weights @ x_test
            self.cross = x.T @ x_test

    def preactivation(self) -> np.ndarray:
        return self.w0x + self.c @ self.gram

    def test_preactivation(self) -> np.ndarray:
        return self.w0x_test + self.c @ self.cross

    def step(self, dz1: np.ndarray, learning_rate: float) -> None:
        self.c -= learning_rate * dz1

    def weights(self) -> np.ndarray:
        return self.w0 + self.c @ self.x.T

    def weight_norm(self) -> float:
        """``‖W1₀ + C·Xᵀ‖`` from ``‖W1₀‖² + 2⟨W1₀·X, C⟩ + ⟨C·XᵀX, C⟩``, without forming W1."""
        squared = (
            self.w0_squared + 2 * np.sum(self.w0x * self.c) + np.sum((self.c @ self.gram) * self.c)
        )
        return float(np.sqrt(max(squared, 0.0)))

    def gradient_norm(self, dz1: np.ndarray) -> float:
        """``‖dZ1 · Xᵀ‖ = √⟨dZ1·XᵀX, dZ1⟩``."""
        return float(np.sqrt(max(np.sum((dz1 @ self.gram) * dz1), 0.0)))


def choose_path(features: int, images: int, first_units: int, iterations: int) -> str:
    """The cheaper exact path by multiply-add count, when the Gram matrix fits in memory."""
    if images * images * 8 > GRAM_MEMORY_BUDGET_BYTES:
        return "plain"
    plain = 2 * iterations * first_units * features * images
    gram = features * images * (images + 2 * first_units) + iterations * first_units * images**2
    return "gram" if gram < plain else "plain"


# The named initializations a run may start from: the drawn ones, and LSUV, which also reads
# the data. Besides these, every Gaussian of the family (``grid.gaussian_name``).
METHODS = (*INITIALIZERS, LSUV)


def is_method(method: str) -> bool:
    """Whether a run can start from ``method``: one of ``METHODS`` or a Gaussian's name."""
    return method in METHODS or gaussian_variances(method) is not None


def initial_params(x: np.ndarray, hp: Hyperparameters) -> tuple[Params, dict]:
    """The network a run on images ``x`` starts from, drawn from ``RandomState(hp.seed)``
    alone, and what its initialization recorded (LSUV's passes and variances; else nothing).
    LSUV draws the orthogonal network and rescales it on ``x``."""
    params = initialize(
        [x.shape[0], *hp.hidden_layers, 1],
        "orthogonal" if hp.method == LSUV else hp.method,
        np.random.RandomState(hp.seed),
        hp.random_scale,
        hp.activation,
    )
    if hp.method == LSUV:
        return lsuv(params, x, hp.activation)
    return params, {}


def train(
    x: np.ndarray,
    labels: np.ndarray,
    hp: Hyperparameters,
    test: tuple[np.ndarray, np.ndarray] | None = None,
    signal_every: int | None = None,
    sharpness_every: int | None = None,
) -> Run:
    """Train on ``x`` (features x images, float64) and ``labels`` (1 x images, 0/1).

    ``test``: held-out ``(x, labels)``, never trained on; their cost is logged alongside.
    ``signal_every``: record each hidden layer's signal at iteration 0, every this many
    iterations and at the last (``signal.FIELDS``); None records nothing.
    ``sharpness_every``: the same for the sharpness (``SHARPNESS_FIELDS``), on the
    Gram-reduced inputs, from one Lanczos start for the whole run.
    """
    started = time.perf_counter()
    features, images = x.shape
    params, initialization = initial_params(x, hp)
    if hp.path not in PATHS:
        raise ValueError(f"path must be one of {PATHS}, not {hp.path!r}")
    path = hp.path
    if path == "auto":
        path = choose_path(features, images, hp.hidden_layers[0], hp.iterations)
    recorded = recorded_iterations(hp.iterations, signal_every) if signal_every else set()
    x_test, labels_test = test if test is not None else (None, None)
    first = (GramFirstLayer if path == "gram" else PlainFirstLayer)(x, params[0][0], x_test)
    first_bias = params[0][1]
    costs = np.empty(hp.iterations + 1)
    test_costs = np.empty(hp.iterations + 1) if test is not None else None
    diverged_at = None
    signal, sharpness = [], []
    curvature = ReducedCurvature(x, labels, hp.activation, params) if sharpness_every else None
    measured = recorded_iterations(hp.iterations, sharpness_every) if sharpness_every else set()
    # Overflow on the way to divergence is expected; it is recorded as data, not warned about.
    with np.errstate(all="ignore"):
        for t in range(hp.iterations + 1):
            first_x = first.preactivation()
            passed = forward(params, first_x + first_bias, hp.activation)
            costs[t] = cost_from_logits(passed.logits, labels)
            if not np.isfinite(costs[t]):
                diverged_at = t
                break
            if test is not None:
                tested = forward(params, first.test_preactivation() + first_bias, hp.activation)
                test_costs[t] = cost_from_logits(tested.logits, labels_test)
            if t in measured:
                found = curvature.sharpness(first_x, first_bias, params[1:])
                sharpness.append([t, *(found[field] for field in SHARPNESS_FIELDS[1:])])
            if t == hp.iterations and t not in recorded:
                break
            dzs, gradients = backward(params, passed, labels, hp.activation)
            if t in recorded:
                signal += hidden_layer_signal(
                    t,
                    passed,
                    dzs,
                    [first.gradient_norm(dzs[0])]
                    + [float(np.linalg.norm(dw)) for dw, _ in gradients[:-1]],
                    [first.weight_norm()]
                    + [float(np.linalg.norm(weights)) for weights, _ in params[1:-1]],
                    hp.learning_rate,
                    hp.activation,
                )
            if t == hp.iterations:
                break
            first.step(dzs[0], hp.learning_rate)
            first_bias -= hp.learning_rate * dzs[0].sum(axis=1, keepdims=True)
            for (weights, bias), (dw, db) in zip(params[1:], gradients, strict=True):
                weights -= hp.learning_rate * dw
                bias -= hp.learning_rate * db
        params[0] = (first.weights(), first_bias)
        accuracy = float(np.mean(predict(passed.logits) == labels))
        test_accuracy = None
        if test is not None:
            tested = forward(params, first.test_preactivation() + first_bias, hp.activation)
            test_accuracy = float(np.mean(predict(tested.logits) == labels_test))
    logged = diverged_at if diverged_at is not None else hp.iterations + 1
    return Run(
        costs=costs[:logged],
        params=params,
        train_accuracy=accuracy,
        diverged_at=diverged_at,
        path=path,
        seconds=time.perf_counter() - started,
        test_costs=test_costs[:logged] if test is not None else None,
        test_accuracy=test_accuracy,
        signal=signal,
        initialization=initialization,
        sharpness=sharpness,
    )
