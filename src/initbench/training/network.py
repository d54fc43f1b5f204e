"""Forward and backward passes of a dense network ending in the output of ``output``.

Shapes: ``X`` is features x images; layer ``l`` has ``W`` (units_l x units_{l-1}) and ``b``
(units_l x 1); ``Y`` is 1 x images of 0/1 labels for two classes, K x images one-hot for K
classes. The first layer's pre-activation is passed in, so that a trainer may compute it in
whatever exact form is cheapest.
"""

from dataclasses import dataclass

import numpy as np

from initbench.activations import ACTIVATIONS
from initbench.training.output import output_gradient

# ``(W, b)`` of every layer, input to output.
Params = list[tuple[np.ndarray, np.ndarray]]


@dataclass
class Forward:
    """Pre-activations ``z[l]`` of every layer and activations ``a[l]`` of the hidden ones."""

    z: list[np.ndarray]
    a: list[np.ndarray]

    @property
    def logits(self) -> np.ndarray:
        return self.z[-1]


def forward(params: Params, first_preactivation: np.ndarray, activation: str) -> Forward:
    act = ACTIVATIONS[activation].function
    z, a = [first_preactivation], []
    for weights, bias in params[1:]:
        a.append(act(z[-1]))
        z.append(weights @ a[-1] + bias)
    return Forward(z, a)


def forward_images(params: Params, x: np.ndarray, activation: str) -> Forward:
    """``forward`` on images ``x`` (features x images), the first layer computed plainly."""
    return forward(params, params[0][0] @ x + params[0][1], activation)


def backward(
    params: Params, passed: Forward, labels: np.ndarray, activation: str
) -> tuple[list[np.ndarray], Params]:
    """Return ``dZ`` of every layer, input to output, and the gradients ``(dW, db)`` of layers
    2..L, all of the mean cost (the first layer's ``dW`` is ``dZ1 · Xᵀ``, left to the caller).

    ``dZ`` is the gradient with respect to a layer's pre-activation, already divided by the
    number of images; the output's is ``(p - Y) / m`` (``output_gradient``).
    """
    derivative = ACTIVATIONS[activation].derivative
    dz = output_gradient(passed.logits, labels)
    dzs, gradients = [dz], []
    for layer in range(len(params) - 1, 0, -1):
        a_prev = passed.a[layer - 1]
        gradients.append((dz @ a_prev.T, dz.sum(axis=1, keepdims=True)))
        dz = (params[layer][0].T @ dz) * derivative(passed.z[layer - 1], a_prev)
        dzs.append(dz)
    return dzs[::-1], gradients[::-1]


def full_gradient(params: Params, x: np.ndarray, labels: np.ndarray, activation: str) -> Params:
    """``(dW, db)`` of every layer, the first computed the textbook way from ``x``."""
    passed = forward_images(params, x, activation)
    dzs, rest = backward(params, passed, labels, activation)
    return [(dzs[0] @ x.T, dzs[0].sum(axis=1, keepdims=True)), *rest]


def unit_spread(weights: np.ndarray, bias: np.ndarray) -> float:
    """The largest difference between any unit's weights and bias and the first unit's."""
    rows = np.hstack([weights, bias])
    return float(np.max(np.abs(rows - rows[0])))
