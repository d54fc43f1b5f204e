"""Training as named steps: record (forward, cost, backward on the whole training set), then
the update's gradients and the optimizer's update.

Each update is one call of each (as scikit-learn's ``_fit_stochastic``): the first layer in
the path's exact form (``first_layer``), the recorders of what a run watches besides its cost
(``recorders``), the batches (``batches``) and the optimizer (``optimizers``, chosen by
``optimization``) are objects, so the loop never branches on any of them. Under full-batch
gradient descent every update is recorded and its record's pass gives its gradients: one
forward and one backward pass per update.
"""

import time
from dataclasses import dataclass, field

import numpy as np

from initbench.experiment import POST_EXPERIMENT, critical_member, gaussian_variances
from initbench.training.curvature import ReducedCurvature
from initbench.training.first_layer import FIRST_LAYERS
from initbench.training.initializers import INITIALIZERS, initialize
from initbench.training.lsuv import METHOD as LSUV
from initbench.training.lsuv import lsuv
from initbench.training.model import Network
from initbench.training.network import Params
from initbench.training.optimization import GRADIENT_DESCENT, Optimization
from initbench.training.output import accuracy, confusion, cost_from_logits

# Callers read it beside ``Run``, from here (an explicit re-export).
from initbench.training.recorders import SHARPNESS_FIELDS as SHARPNESS_FIELDS
from initbench.training.recorders import HeldOutCost, LayerSignal, Recorder, Sharpness, Step
from initbench.training.signal import recorded_iterations

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
    """``costs[i]``: the whole training set's cost after ``recorded_at[i]`` updates, which are
    every update from 0 under gradient descent (``costs[t]`` after t updates) and, on
    mini-batches, update 0, every ``record_every``, those the signal and the sharpness are
    recorded at, and the last; shorter when diverged. ``epochs[i]``: the passes over the
    training images those updates make."""

    costs: np.ndarray
    params: Params
    train_accuracy: float
    # The update at whose cost (on a record or on a batch) the run diverged.
    diverged_at: int | None
    path: str
    seconds: float
    recorded_at: np.ndarray
    epochs: np.ndarray
    # Images of class i (row) answered j (column) at the end, on the training images.
    train_confusion: np.ndarray | None = None
    # On the held-out images, when there are any: the cost at each of ``recorded_at``, final
    # accuracy and confusion matrix.
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
    features: int,
    images: int,
    first_units: int,
    iterations: int,
    held_out: int = 0,
    batch_size: int | None = None,
    records: int = 0,
) -> str:
    """The cheaper exact path by multiply-add count, when the Gram matrix fits in memory.

    Gradient descent (``batch_size`` None) passes every training image forward and back at
    each of its ``iterations`` updates, and records on that same pass. On mini-batches, an
    update passes ``batch_size`` images, and each of the ``records`` every image. The
    held-out images are passed forward at every record: plainly through the features, or in
    the Gram form through the training images (``C · XᵀX_test``), which costs more where
    images outnumber pixels (MNIST). The optimizer's elementwise update is left out."""
    if images * images * 8 > GRAM_MEMORY_BUDGET_BYTES:
        return "plain"
    # (how many, training images, held-out images): the passes a run makes.
    if batch_size is None:
        passes = [(iterations, images, held_out)]
    else:
        passes = [(iterations, batch_size, 0), (records, images, held_out)]
    # Plainly, a forward and a gradient through the features; in the Gram form, a forward
    # through the training images (the gradient is dZ1 itself), after forming XᵀX and the rest.
    plain = sum(count * first_units * features * (2 * n + test) for count, n, test in passes)
    gram = features * images * (images + 2 * first_units + held_out) + sum(
        count * first_units * images * (n + test) for count, n, test in passes
    )
    return "gram" if gram < plain else "plain"


def check_path(path: str, optimization: Optimization) -> None:
    """Refuse an unknown ``path``, and the Gram path under an optimizer that leaves its span."""
    if path not in PATHS:
        raise ValueError(f"path must be one of {PATHS}, not {path!r}")
    if path == "gram" and not optimization.linear:
        raise ValueError(
            f"path 'gram' cannot train with {optimization.optimizer}: it holds the first layer "
            "as W1₀ + C·Xᵀ, exact for updates that combine gradients linearly (gd, sgd, "
            f"momentum), and {optimization.optimizer} scales each weight's step by its own "
            "gradient history; use path 'plain' or 'auto'"
        )


def path_for(
    hp: Hyperparameters,
    optimization: Optimization,
    features: int,
    images: int,
    held_out: int,
    records: int,
) -> str:
    """The first-layer path a run takes: ``hp.path``, or for "auto" the cheaper exact one
    (``choose_path``), always plain for optimizers that leave the Gram form's span."""
    check_path(hp.path, optimization)
    if not optimization.linear:
        return "plain"
    if hp.path != "auto":
        return hp.path
    batch_size = optimization.batch_size if optimization.mini_batches else None
    return choose_path(
        features, images, hp.hidden_layers[0], hp.iterations, held_out, batch_size, records
    )


# The named initializations a run may start from: the drawn ones, and LSUV, which also reads
# the data. Besides these, every Gaussian of the family (``experiment.gaussian_name``) and
# every member of a critical family (``experiment.critical_name``).
METHODS = (*INITIALIZERS, LSUV)


def is_method(method: str) -> bool:
    """Whether a run can start from ``method``: one of ``METHODS``, a Gaussian's name or a
    critical family member's."""
    return (
        method in METHODS
        or gaussian_variances(method) is not None
        or critical_member(method) is not None
    )


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
    optimization: Optimization = GRADIENT_DESCENT,
) -> Run:
    """Train on ``x`` (features x images, float64) and ``labels`` (as ``output.targets``
    gives them: 1 x images of 0/1 for two classes, K x images one-hot for more) for
    ``hp.iterations`` updates.

    ``test``: held-out ``(x, labels)``, never trained on; their cost is logged alongside.
    ``signal_every``: record each hidden layer's signal at update 0, every this many
    updates and at the last (``signal.FIELDS``); None records nothing.
    ``sharpness_every``: the same for the sharpness (``SHARPNESS_FIELDS``), on the
    Gram-reduced inputs, from one Lanczos start for the whole run; it is measured in float64
    whatever the precision.
    ``optimization``: the optimizer, its batches, records and precision; by default the
    post's full-batch gradient descent in float64. Every record, the signal's and the
    sharpness's included, is on the whole training set.
    """
    started = time.perf_counter()
    batches = optimization.batches_for(x.shape[1])
    to_record = batches.recorded_updates(hp.iterations, optimization.record_every)
    signal_at = recorded_iterations(hp.iterations, signal_every) if signal_every else set()
    to_record |= signal_at
    if sharpness_every:
        to_record |= recorded_iterations(hp.iterations, sharpness_every)
    # A record's backward pass over the whole set: gd's update itself; under mini-batches only
    # the signal reads it, and a pass over 60,000 images is no small cost.
    with_gradients = signal_at if optimization.mini_batches else to_record
    held_out = 0 if test is None else test[0].shape[1]
    path = path_for(hp, optimization, *x.shape, held_out, len(to_record))
    params, initialization = initial_params(x, labels.shape[0], hp)
    # Cast once: from here on the images, the parameters and so every product are in the
    # run's precision (in float64, the very arrays given). The curvature alone is measured on
    # the images as given.
    dtype = optimization.dtype
    x_test, test_labels = (
        (None, None) if test is None else (part.astype(dtype, copy=False) for part in test)
    )
    watching = recorders_for(x, labels, hp, params, test_labels, signal_every, sharpness_every)
    x, labels = x.astype(dtype, copy=False), labels.astype(dtype, copy=False)
    params = [(w.astype(dtype, copy=False), b.astype(dtype, copy=False)) for w, b in params]
    network = Network(FIRST_LAYERS[path](x, *params[0], x_test), params, hp.activation)
    optimizer = optimization.optimizer_for(network.parameters, hp.learning_rate)
    costs, recorded_at, diverged_at = [], [], None
    # Overflow on the way to divergence is expected; it is recorded as data, not warned about.
    with np.errstate(all="ignore"):
        for t in range(hp.iterations + 1):
            step = None
            if t in to_record:
                first_x, passed = network.forward()
                cost = cost_from_logits(passed.logits, labels)
                if not np.isfinite(cost):
                    diverged_at = t
                    break
                costs.append(cost)
                recorded_at.append(t)
                dzs, gradients = (
                    network.backward(passed, labels) if t in with_gradients else ([], [])
                )
                step = Step(t, network, first_x, passed, dzs, gradients)
                for recorder in watching:
                    recorder.record(step)
            if t == hp.iterations:  # the last update's gradients are recorded, not applied
                break
            gradients = batches.update_gradients(network, labels, step)
            if gradients is None:  # a batch's cost is not finite
                diverged_at = t
                _, passed = network.forward()  # the network's answers as it diverged
                break
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
        recorded_at=np.array(recorded_at, dtype=np.int64),
        epochs=np.array([batches.epochs(t) for t in recorded_at], dtype=np.float64),
        initialization=initialization,
        **recorded,
    )
