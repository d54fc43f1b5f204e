"""The network as the trainer holds it: its first layer in a path's exact form, the other
layers as ``(W, b)``, their forward and backward passes, and the arrays an optimizer updates."""

import numpy as np

from initbench.training.first_layer import FirstLayer
from initbench.training.network import Forward, Params, backward, forward


class Network:
    """``first`` and the other layers of ``params`` (``params[0]`` is the initial first
    layer, which ``first`` holds from then on; ``forward`` and ``backward`` never read it).

    The other layers train in place, so ``params[1:]`` is always the current network.
    """

    def __init__(self, first: FirstLayer, params: Params, activation: str):
        self.first, self._params, self.activation = first, params, activation
        self.parameters = [*first.parameters, *(part for layer in params[1:] for part in layer)]

    @property
    def rest(self) -> Params:
        """``(W, b)`` of the layers after the first."""
        return self._params[1:]

    def forward(self, columns: np.ndarray | None = None) -> tuple[np.ndarray, Forward]:
        """``W1·X`` (before the bias) and the forward pass on the training images, or on the
        batch of them of indices ``columns``."""
        first_x = self.first.forward() if columns is None else self.first.forward_batch(columns)
        return first_x, forward(self._params, first_x + self.first.bias, self.activation)

    def forward_held_out(self) -> Forward:
        """The forward pass on the held-out images."""
        return forward(
            self._params, self.first.forward_held_out() + self.first.bias, self.activation
        )

    def backward(
        self, passed: Forward, labels: np.ndarray, columns: np.ndarray | None = None
    ) -> tuple[list[np.ndarray], list]:
        """``dZ`` of every layer, and the gradients of ``parameters``, in their order, from
        ``forward``'s pass on the same images (the batch ``columns``, when given) and their
        ``labels``."""
        dzs, gradients = backward(self._params, passed, labels, self.activation)
        rest = (part for layer in gradients for part in layer)
        return dzs, [*self.first.backward(dzs[0], columns), *rest]

    def weight_norms(self) -> list[float]:
        """``‖W‖`` of every layer, input to output."""
        return [self.first.weight_norm(), *(float(np.linalg.norm(w)) for w, _ in self.rest)]

    def gradient_norms(self, gradients: list[np.ndarray]) -> list[float]:
        """``‖dW‖`` of every layer, input to output, from ``backward``'s gradients."""
        weights = gradients[::2]  # (dW, db) of every layer, flattened
        return [
            self.first.gradient_norm(weights[0]),
            *(float(np.linalg.norm(dw)) for dw in weights[1:]),
        ]

    def params(self) -> Params:
        """``(W, b)`` of every layer, the first's weights formed."""
        return [(self.first.weights(), self.first.bias), *self.rest]
