"""The cost's curvature: exact Hessian-vector products and the ends of the Hessian's spectrum.

Hessian-vector products by Pearlmutter's (1994) R-operator, "Fast exact multiplication by the
Hessian": one forward and one backward pass of the directional derivatives of the network's
values, exact for every activation (rectifiers' second derivative is 0 almost everywhere).
The spectrum's ends by the Lanczos method with full reorthogonalization, which finds the
largest and the smallest eigenvalue together and judges each by its residual ‖Hv - θv‖: unlike
power iteration, it is not misled when the negative end of the spectrum dominates.
"""

import numpy as np

from initbench.activations import ACTIVATIONS
from initbench.training.network import Params, backward, forward_images
from initbench.training.output import curvature_product

# φ''(z), given z and a = φ(z), one entry per activation of ACTIVATIONS.
SECOND_DERIVATIVES = {
    "tanh": lambda z, a: -2.0 * a * (1.0 - a * a),
    "sigmoid": lambda z, a: a * (1.0 - a) * (1.0 - 2.0 * a),
    "relu": lambda z, a: np.zeros_like(z),
    "leaky_relu": lambda z, a: np.zeros_like(z),
}


def flatten(params: Params) -> np.ndarray:
    return np.concatenate([part.ravel() for layer in params for part in layer])


def unflatten(vector: np.ndarray, like: Params) -> Params:
    params, start = [], 0
    for weights, bias in like:
        layer = []
        for part in (weights, bias):
            layer.append(vector[start : start + part.size].reshape(part.shape))
            start += part.size
        params.append(tuple(layer))
    return params


def hessian_vector_product(params: Params, x: np.ndarray, labels: np.ndarray, activation: str):
    """``(v ↦ H v, size)``: the exact Hessian of the mean cost at ``params`` times ``v``.

    With ``R{·}`` the derivative along v: the forward pass gives ``R{z}`` layer by layer,
    the backward pass ``R{dZ}``, and ``R{∇W} = R{dZ}·aᵀ + dZ·R{a}ᵀ``.
    """
    derivative = ACTIVATIONS[activation].derivative
    second = SECOND_DERIVATIVES[activation]
    passed = forward_images(params, x, activation)
    dzs, _ = backward(params, passed, labels, activation)
    slopes = [derivative(z, a) for z, a in zip(passed.z[:-1], passed.a, strict=True)]
    bends = [second(z, a) for z, a in zip(passed.z[:-1], passed.a, strict=True)]
    inputs = [x, *passed.a]
    layers = len(params)

    def product(vector: np.ndarray) -> np.ndarray:
        direction = unflatten(vector, params)
        r_z = [direction[0][0] @ x + direction[0][1]]
        r_a = [np.zeros_like(x)]  # the inputs do not move
        for layer in range(1, layers):
            r_a.append(slopes[layer - 1] * r_z[-1])
            weights, _ = params[layer]
            d_weights, d_bias = direction[layer]
            r_z.append(d_weights @ inputs[layer] + weights @ r_a[-1] + d_bias)
        r_dz = curvature_product(passed.logits, r_z[-1])
        result = []
        for layer in range(layers - 1, -1, -1):
            result.append(
                (
                    r_dz @ inputs[layer].T + dzs[layer] @ r_a[layer].T,
                    r_dz.sum(axis=1, keepdims=True),
                )
            )
            if layer:
                weights, _ = params[layer]
                d_weights, _ = direction[layer]
                back = weights.T @ dzs[layer]
                r_dz = (d_weights.T @ dzs[layer] + weights.T @ r_dz) * slopes[layer - 1] + (
                    back * bends[layer - 1] * r_z[layer - 1]
                )
        return flatten(result[::-1])

    return product, sum(part.size for layer in params for part in layer)


# Lanczos stops when the top Ritz pair's residual ‖Hv - θv‖ falls below this share of the
# spectrum's scale (the largest |θ|): four digits, ample to set 2 / sharpness beside a rate.
TOLERANCE = 1e-4
STEPS = 100
# A Ritz value with a small residual lies near *an* eigenvalue, not necessarily the largest:
# a saturated network has a crowd of eigenvalues near 0 that converges at once while the top
# one is still unseen. Lanczos takes at least this many steps before judging.
LEAST_STEPS = 30


def spectrum_ends(
    product, start: np.ndarray, steps: int = STEPS, tolerance: float = TOLERANCE
) -> dict:
    """The largest and the smallest eigenvalue of the symmetric operator ``product``, by
    Lanczos from ``start`` with full reorthogonalization.

    Returns ``largest``, ``smallest``, the ``steps`` taken and whether the largest
    ``converged``: after ``LEAST_STEPS`` steps at least, its Ritz residual ``β_k |s_k|`` is
    within ``tolerance`` of the spectrum's scale, or the Krylov space is exhausted (an
    invariant subspace: the values are exact).
    """
    # Filled row by row: the first ``step`` rows are the Lanczos vectors so far.
    basis = np.empty((min(steps, start.size) + 1, start.size))
    basis[0] = start / np.linalg.norm(start)
    alphas, betas = [], []
    largest = smallest = 0.0
    converged = False
    for step in range(1, steps + 1):
        w = product(basis[step - 1])
        alphas.append(float(basis[step - 1] @ w))
        stacked = basis[:step]
        for _ in range(2):  # twice is enough (Giraud et al. 2005)
            w = w - stacked.T @ (stacked @ w)
        beta = float(np.linalg.norm(w))
        tridiagonal = np.diag(alphas) + np.diag(betas, 1) + np.diag(betas, -1)
        values, vectors = np.linalg.eigh(tridiagonal)
        largest, smallest = float(values[-1]), float(values[0])
        scale = max(abs(largest), abs(smallest))
        exhausted = beta <= 1e-12 * max(scale, 1e-300) or step == start.size
        settled = step >= LEAST_STEPS and beta * abs(vectors[-1, -1]) <= tolerance * scale
        if exhausted or settled:
            converged = True
            break
        betas.append(beta)
        basis[step] = w / beta
    return {"largest": largest, "smallest": smallest, "steps": step, "converged": converged}


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


class ReducedCurvature:
    """The sharpness of a network on images ``x``, computed on ``reduced_inputs``.

    The Lanczos start is the reduced coordinates of one random vector of the whole parameter
    space, drawn once (``seed``), so that every call, at initialization or during training,
    equals ``spectrum_ends`` of the exact Hessian on ``x`` from that vector (tested). The
    first layer's directions that ``W·X`` cannot feel have curvature 0, an eigenvalue of the
    Hessian whenever there are any.
    """

    def __init__(
        self, x: np.ndarray, labels: np.ndarray, activation: str, params: Params, seed: int = 0
    ):
        self.labels, self.activation = labels, activation
        self.inputs, self.to_reduced = reduced_inputs(x)
        first = params[0][0]
        rest = params[0][1].size + sum(part.size for layer in params[1:] for part in layer)
        whole = np.random.default_rng(seed).standard_normal(first.size + rest)
        first_part = whole[: first.size].reshape(first.shape)
        self.start = np.concatenate(
            [(first_part @ x @ self.to_reduced).ravel(), whole[first.size :]]
        )
        self.invisible = self.to_reduced.shape[1] < x.shape[0]

    def sharpness(
        self,
        first_x: np.ndarray,
        first_bias: np.ndarray,
        rest: Params,
        tolerance: float = TOLERANCE,
    ) -> dict:
        """At the network whose first layer gives ``first_x = W1·X`` (before its bias) and
        whose other layers are ``rest``."""
        reduced = [(first_x @ self.to_reduced, first_bias), *rest]
        product, _ = hessian_vector_product(reduced, self.inputs, self.labels, self.activation)
        found = spectrum_ends(product, self.start, tolerance=tolerance)
        largest, smallest = found["largest"], found["smallest"]
        if self.invisible:
            largest, smallest = max(largest, 0.0), min(smallest, 0.0)
        return {
            "sharpness": largest,
            "lowest_eigenvalue": smallest,
            "lanczos_steps": found["steps"],
            "converged": found["converged"],
        }
