"""Full-batch gradient descent as named steps: forward, cost, backward, record, update.

Each iteration is one call of each (as scikit-learn's ``_fit_stochastic``): the first layer in
the path's exact form (``first_layer``), the recorders of what a run watches besides its cost
(``recorders``) and the optimizer (``optimizers``) are objects, so the loop never branches on
any of them.
"""

import time
from dataclasses import dataclass, field

import numpy as np

from initbench.experiment import POST_EXPERIMENT, gaussian_variances
from initbench.training.curvature import ReducedCurvature
from initbench.training.first_layer import FIRST_LAYERS
from initbench.training.initializers import INITIALIZERS, initialize
from initbench.training.lsuv import METHOD as LSUV
from initbench.training.lsuv import lsuv
from initbench.training.model import Network
from initbench.training.network import Params
from initbench.training.optimizers import GradientDescent
from initbench.training.output import accuracy, confusion, cost_from_logits

# Callers read it beside ``Run``, from here (an explicit re-export).
from initbench.training.recorders import SHARPNESS_FIELDS as SHARPNESS_FIELDS
from initbench.training.recorders import HeldOutCost, LayerSignal, Recorder, Sharpness, Step

# The first-layer paths a run may take; "auto" takes the cheaper (``choose_path``).
PATHS = ("auto", *FIRST_LAYERS)
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
    # Images of class i (row) answered j (column) at the end, on the training images.
    train_confusion: np.ndarray | None = None
    # On the held-out images, when there are any: cost after t updates, final accuracy and
    # confusion matrix.
    test_costs: np.ndarray | None = None
    test_accuracy: float | None = None
    test_confusion: np.ndarray | None = None
    # Rows of ``signal.FIELDS``: each hidden layer at the recorded iterations.
    signal: list[list] = field(default_factory=list)
    # What a data-dependent initialization recorded (LSUV's passes and variances).
    initialization: dict = field(default_factory=dict)
    # Rows of ``SHARPNESS_FIELDS``: the cost's curvature at the recorded iterations.
    sharpness: list[list] = field(default_factory=list)


def choose_path(
    features: int, images: int, first_units: int, iterations: int, held_out: int = 0
) -> str:
    """The cheaper exact path by multiply-add count, when the Gram matrix fits in memory.

    The held-out images are passed forward at every update too: plainly through the
    features, or in the Gram form through the training images (``C · XᵀX_test``), which
    costs more where images outnumber pixels (MNIST)."""
    if images * images * 8 > GRAM_MEMORY_BUDGET_BYTES:
        return "plain"
    plain = iterations * first_units * features * (2 * images + held_out)
    gram = features * images * (images + 2 * first_units + held_out) + (
        iterations * first_units * images * (images + held_out)
    )
    return "gram" if gram < plain else "plain"


# The named initializations a run may start from: the drawn ones, and LSUV, which also reads
# the data. Besides these, every Gaussian of the family (``experiment.gaussian_name``).
METHODS = (*INITIALIZERS, LSUV)


def is_method(method: str) -> bool:
    """Whether a run can start from ``method``: one of ``METHODS`` or a Gaussian's name."""
    return method in METHODS or gaussian_variances(method) is not None


def initial_params(x: np.ndarray, outputs: int, hp: Hyperparameters) -> tuple[Params, dict]:
    """The network with ``outputs`` output units a run on images ``x`` starts from, drawn from
    ``RandomState(hp.seed)`` alone, and what its initialization recorded (LSUV's passes and
    variances; else nothing). LSUV draws the orthogonal network and rescales it on ``x``.

    The output layer is drawn last, so the hidden layers do not depend on ``outputs``."""
    params = initialize(
        [x.shape[0], *hp.hidden_layers, outputs],
        "orthogonal" if hp.method == LSUV else hp.method,
        np.random.RandomState(hp.seed),
        hp.random_scale,
        hp.activation,
    )
    if hp.method == LSUV:
        return lsuv(params, x, hp.activation)
    return params, {}


def recorders_for(
    x: np.ndarray,
    labels: np.ndarray,
    hp: Hyperparameters,
    params: Params,
    test_labels: np.ndarray | None,
    signal_every: int | None,
    sharpness_every: int | None,
) -> list[Recorder]:
    """What a run on ``x`` starting from ``params`` records besides its cost: the held-out
    cost when there are held-out images, the signal and the sharpness when asked for."""
    chosen = []
    if test_labels is not None:
        chosen.append(HeldOutCost(test_labels))
    if signal_every:
        chosen.append(LayerSignal(hp.iterations, signal_every, hp.learning_rate))
    if sharpness_every:
        curvature = ReducedCurvature(x, labels, hp.activation, params)
        chosen.append(Sharpness(curvature, hp.iterations, sharpness_every))
    return chosen


def train(
    x: np.ndarray,
    labels: np.ndarray,
    hp: Hyperparameters,
    test: tuple[np.ndarray, np.ndarray] | None = None,
    signal_every: int | None = None,
    sharpness_every: int | None = None,
) -> Run:
    """Train on ``x`` (features x images, float64) and ``labels`` (as ``output.targets``
    gives them: 1 x images of 0/1 for two classes, K x images one-hot for more).

    ``test``: held-out ``(x, labels)``, never trained on; their cost is logged alongside.
    ``signal_every``: record each hidden layer's signal at iteration 0, every this many
    iterations and at the last (``signal.FIELDS``); None records nothing.
    ``sharpness_every``: the same for the sharpness (``SHARPNESS_FIELDS``), on the
    Gram-reduced inputs, from one Lanczos start for the whole run.
    """
    started = time.perf_counter()
    if hp.path not in PATHS:
        raise ValueError(f"path must be one of {PATHS}, not {hp.path!r}")
    params, initialization = initial_params(x, labels.shape[0], hp)
    path = hp.path
    if path == "auto":
        held_out = 0 if test is None else test[0].shape[1]
        path = choose_path(*x.shape, hp.hidden_layers[0], hp.iterations, held_out)
    x_test, test_labels = test if test is not None else (None, None)
    network = Network(FIRST_LAYERS[path](x, *params[0], x_test), params, hp.activation)
    watching = recorders_for(x, labels, hp, params, test_labels, signal_every, sharpness_every)
    optimizer = GradientDescent(hp.learning_rate)
    costs, diverged_at = [], None
    # Overflow on the way to divergence is expected; it is recorded as data, not warned about.
    with np.errstate(all="ignore"):
        for t in range(hp.iterations + 1):
            first_x, passed = network.forward()
            cost = cost_from_logits(passed.logits, labels)
            if not np.isfinite(cost):
                diverged_at = t
                break
            costs.append(cost)
            dzs, gradients = network.backward(passed, labels)
            step = Step(t, network, first_x, passed, dzs, gradients)
            for recorder in watching:
                recorder.record(step)
            if t < hp.iterations:  # the last iteration's gradients are recorded, not applied
                optimizer.update_params(network.parameters, gradients)
        train_accuracy = accuracy(passed.logits, labels)
        train_confusion = confusion(passed.logits, labels)
        recorded = {}
        for recorder in watching:
            recorded |= recorder.finish(network)
        trained = network.params()
    return Run(
        costs=np.array(costs),
        params=trained,
        train_accuracy=train_accuracy,
        train_confusion=train_confusion,
        diverged_at=diverged_at,
        path=path,
        seconds=time.perf_counter() - started,
        initialization=initialization,
        **recorded,
    )
