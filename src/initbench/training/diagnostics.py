"""What a network looks like at its initialization, before any update.

Per layer: the spread of the pre-activations, the share of saturated hidden units and the size
of the cost's gradient; for the hidden layers, how different their units are (zero for an
initialization that never breaks symmetry); and the sharpness, the largest eigenvalue of the
cost's Hessian, since gradient descent on a quadratic is stable only below ``2 / sharpness``.
"""

import numpy as np

from initbench.training.network import Params, forward, full_gradient, unit_spread
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
    passed = forward(params, params[0][0] @ x + params[0][1], activation)
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


def _flatten(params: Params) -> np.ndarray:
    return np.concatenate([part.ravel() for layer in params for part in layer])


def _unflatten(vector: np.ndarray, like: Params) -> Params:
    params, start = [], 0
    for weights, bias in like:
        layer = []
        for part in (weights, bias):
            layer.append(vector[start : start + part.size].reshape(part.shape))
            start += part.size
        params.append(tuple(layer))
    return params


def hessian_vector_product(params: Params, x, labels, activation: str, epsilon: float = 1e-4):
    """``v -> H v`` by central differences of the exact gradient (error of order epsilon²)."""
    theta = _flatten(params)

    def gradient_at(vector: np.ndarray) -> np.ndarray:
        return _flatten(full_gradient(_unflatten(vector, params), x, labels, activation))

    def product(v: np.ndarray) -> np.ndarray:
        return (gradient_at(theta + epsilon * v) - gradient_at(theta - epsilon * v)) / (2 * epsilon)

    return product, theta.size


def _power_iteration(product, start, shift: float, iterations: int, tolerance: float):
    """The eigenvalue of largest magnitude of ``H - shift I``, the iterations it took, and
    whether it settled within ``iterations``.

    A vector is ``(v, null)``: ``v`` where ``product`` acts, and the length of its part in a
    subspace that ``H`` sends to zero, which ``H - shift I`` only scales by ``-shift``.
    """
    v, null = start
    norm = np.sqrt(v @ v + null * null)
    v, null = v / norm, null / norm
    value = 0.0
    for iteration in range(1, iterations + 1):
        w, w_null = product(v) - shift * v, -shift * null
        new_value = float(v @ w + null * w_null)
        norm = np.sqrt(w @ w + w_null * w_null)
        if norm == 0:
            return 0.0, iteration, True
        v, null = w / norm, w_null / norm
        if abs(new_value - value) <= tolerance * abs(new_value):
            return new_value, iteration, True
        value = new_value
    return value, iterations, False


# Power iteration stops when the estimate moves by less than this share: four digits, ample
# to set 2 / sharpness beside a learning rate.
TOLERANCE = 1e-4


def largest_eigenvalue(
    product,
    size: int,
    seed: int = 0,
    iterations: int = 300,
    tolerance: float = TOLERANCE,
    start=None,
) -> dict:
    """The largest eigenvalue of the symmetric operator ``product`` on vectors of ``size``,
    by power iteration from a random vector.

    Power iteration finds the eigenvalue of largest magnitude; when that one is negative (a
    saddle), a second run on ``H - λ I``, whose spectrum is then ≥ 0, finds the largest one.
    ``start(rng)`` may draw each run's first vector as ``(v, null)`` (see ``_power_iteration``).
    """
    rng = np.random.default_rng(seed)
    start = start or (lambda rng: (rng.standard_normal(size), 0.0))
    value, used, converged = _power_iteration(product, start(rng), 0.0, iterations, tolerance)
    if value < 0:
        shifted, more, converged = _power_iteration(
            product, start(rng), value, iterations, tolerance
        )
        value, used = shifted + value, used + more
    return {"sharpness": value, "power_iterations": used, "converged": converged}


def reduced_inputs(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(R, T)``: inputs ``R`` (rank x images) with ``RᵀR = XᵀX``, and ``T`` (images x rank)
    that maps a first layer ``W`` to ``W·X·T = W·Q``, where ``Q = X·T`` has orthonormal columns
    spanning those of ``X``. Then ``W·X = (W·Q)·R``.

    The cost sees the first layer's weights only through ``W·X``: the network with inputs
    ``R`` and first layer ``W·Q`` is the same function of the same parameters, restricted to
    the directions the cost can feel; every other direction of ``W`` has Hessian zero. From
    the Gram matrix alone, its images x images size replaces the features.
    """
    gram = x.T @ x
    eigenvalues, vectors = np.linalg.eigh(gram)
    # Directions below rounding carry no signal; W·X has no part along them.
    kept = eigenvalues > eigenvalues.max(initial=0) * len(eigenvalues) * np.finfo(float).eps
    roots = np.sqrt(eigenvalues[kept])
    return roots[:, np.newaxis] * vectors[:, kept].T, vectors[:, kept] / roots


def sharpness(
    params: Params,
    x: np.ndarray,
    labels: np.ndarray,
    activation: str,
    tolerance: float = TOLERANCE,
) -> dict:
    """The largest eigenvalue of the cost's Hessian at ``params``, and how it was found.

    Computed on ``reduced_inputs``, and equal up to rounding to ``largest_eigenvalue`` of
    ``hessian_vector_product(params, x, ...)``: the same random vectors are drawn, each split
    into its reduced coordinates and the length of the rest, which the Hessian sends to zero.
    """
    inputs, to_reduced = reduced_inputs(x)
    first, bias = params[0]
    reduced = [(first @ x @ to_reduced, bias), *params[1:]]
    product, size = hessian_vector_product(reduced, inputs, labels, activation)

    def start(rng):
        v = rng.standard_normal(size - reduced[0][0].size + first.size)
        first_part = v[: first.size].reshape(first.shape)
        first_reduced = (first_part @ x @ to_reduced).ravel()
        rest = max(first_part.ravel() @ first_part.ravel() - first_reduced @ first_reduced, 0)
        return np.concatenate([first_reduced, v[first.size :]]), np.sqrt(rest)

    return largest_eigenvalue(product, size, tolerance=tolerance, start=start)


def diagnose(x: np.ndarray, labels: np.ndarray, hp: Hyperparameters) -> dict:
    """Every diagnostic of the very network the run ``hp`` starts from."""
    params, _ = initial_params(x, hp)
    curvature = sharpness(params, x, labels, hp.activation)
    return {
        "layers": layer_diagnostics(params, x, labels, hp.activation),
        **curvature,
        # Gradient descent on a quadratic with this curvature is stable below this step.
        "stable_learning_rate": 2 / curvature["sharpness"] if curvature["sharpness"] > 0 else None,
    }
