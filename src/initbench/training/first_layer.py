"""The first layer, ``W1·X + b1``, in the exact form a path trains it: plain or Gram.

Gradient descent only ever adds ``dZ1 · Xᵀ`` terms to the first layer's weights, so
``W1 = W1₀ + C · Xᵀ`` for a units x images matrix ``C``, and ``W1 · X = W1₀·X + C · (XᵀX)``.
With the Gram matrix ``XᵀX`` formed once, an iteration costs units x images² instead of
units x features x images; ``W1`` is rebuilt once at the end. The two forms compute the same
function, up to floating-point rounding.

A mini-batch ``B`` of the training images adds ``dZ1_B · X_Bᵀ``, still of that form: its
``C`` has ``dZ1_B`` in the batch's columns and zeros elsewhere, and the batch sees
``W1 · X_B = W1₀·X_B + C · (XᵀX)[:, B]``. Momentum's updates, sums of such terms, keep it too.
"""

from abc import ABC, abstractmethod
from functools import cached_property

import numpy as np


class FirstLayer(ABC):
    """The first layer on images ``x`` (features x images) and, when given, held-out images.

    ``parameters`` are the weights in the form held and the bias ``b1``; ``backward`` gives
    their gradients in the same form and order, so that an optimizer updates them in place
    like any other layer's. The Gram form stays exact for updates that are linear combinations
    of gradients, which keep ``W1 - W1₀`` in the span of ``Xᵀ``'s rows.
    """

    def __init__(self, held: np.ndarray, bias: np.ndarray):
        self.bias = bias
        self.parameters = [held, bias]

    @abstractmethod
    def forward(self) -> np.ndarray:
        """``W1·X``, before the bias."""

    @abstractmethod
    def forward_batch(self, columns: np.ndarray) -> np.ndarray:
        """``W1·X_B`` on the training images of indices ``columns``, before the bias."""

    @abstractmethod
    def forward_held_out(self) -> np.ndarray:
        """``W1·X_test`` on the held-out images, before the bias."""

    @abstractmethod
    def weight_gradient(self, dz1: np.ndarray) -> np.ndarray:
        """The weights' gradient ``dZ1 · Xᵀ``, in the form held."""

    @abstractmethod
    def batch_weight_gradient(self, dz1: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """The weights' gradient ``dZ1_B · X_Bᵀ`` on the batch ``columns``, in the form held."""

    @abstractmethod
    def weights(self) -> np.ndarray:
        """``W1`` itself."""

    @abstractmethod
    def weight_norm(self) -> float:
        """``‖W1‖``."""

    @abstractmethod
    def gradient_norm(self, gradient: np.ndarray) -> float:
        """``‖dZ1 · Xᵀ‖``, from the ``weight_gradient`` in the form held."""

    def backward(self, dz1: np.ndarray, columns: np.ndarray | None = None) -> list[np.ndarray]:
        """The gradients of ``parameters``, from ``dZ1``, the mean cost's gradient with respect
        to ``W1·X + b1`` on every training image, or on the batch ``columns`` when given."""
        if columns is None:
            weights = self.weight_gradient(dz1)
        else:
            weights = self.batch_weight_gradient(dz1, columns)
        return [weights, dz1.sum(axis=1, keepdims=True)]


class PlainFirstLayer(FirstLayer):
    """The first layer's weights, held and updated as they are."""

    def __init__(
        self,
        x: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        x_test: np.ndarray | None = None,
    ):
        self.x, self.w, self.x_test = x, weights.copy(), x_test
        super().__init__(self.w, bias)

    def forward(self) -> np.ndarray:
        return self.w @ self.x

    @cached_property
    def rows(self) -> np.ndarray:
        """The training images as rows (images x features), formed at a run's first batch:
        a batch gathers whole rows, many times faster than scattered columns of ``x``."""
        return np.ascontiguousarray(self.x.T)

    def forward_batch(self, columns: np.ndarray) -> np.ndarray:
        return self.w @ self.rows[columns].T

    def forward_held_out(self) -> np.ndarray:
        return self.w @ self.x_test

    def weight_gradient(self, dz1: np.ndarray) -> np.ndarray:
        return dz1 @ self.x.T

    def batch_weight_gradient(self, dz1: np.ndarray, columns: np.ndarray) -> np.ndarray:
        return dz1 @ self.rows[columns]

    def weights(self) -> np.ndarray:
        return self.w

    def weight_norm(self) -> float:
        return float(np.linalg.norm(self.w))

    def gradient_norm(self, gradient: np.ndarray) -> float:
        return float(np.linalg.norm(gradient))


class GramFirstLayer(FirstLayer):
    """The first layer's weights held as ``W1₀ + C · Xᵀ``, with only ``C`` updated: the
    weights' gradient ``dZ1 · Xᵀ`` is held as ``dZ1``."""

    def __init__(
        self,
        x: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        x_test: np.ndarray | None = None,
    ):
        self.x, self.w0 = x, weights
        self.w0_squared = float(np.sum(weights * weights))
        self.w0x = weights @ x
        self.gram = x.T @ x
        self.c = np.zeros((weights.shape[0], x.shape[1]), dtype=x.dtype)
        if x_test is not None:
            # Held-out images see W1 · X_test = W1₀ · X_test + C · (Xᵀ X_test).
            self.w0x_test = weights @ x_test
            self.cross = x.T @ x_test
        super().__init__(self.c, bias)

    def forward(self) -> np.ndarray:
        return self.w0x + self.c @ self.gram

    def forward_batch(self, columns: np.ndarray) -> np.ndarray:
        return self.w0x[:, columns] + self.c @ self.gram[:, columns]

    def forward_held_out(self) -> np.ndarray:
        return self.w0x_test + self.c @ self.cross

    def weight_gradient(self, dz1: np.ndarray) -> np.ndarray:
        return dz1

    def batch_weight_gradient(self, dz1: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """``dZ1_B`` in the batch's columns of ``C``'s shape, zeros in the others."""
        gradient = np.zeros_like(self.c)
        gradient[:, columns] = dz1
        return gradient

    def weights(self) -> np.ndarray:
        return self.w0 + self.c @ self.x.T

    def weight_norm(self) -> float:
        """``‖W1₀ + C·Xᵀ‖`` from ``‖W1₀‖² + 2⟨W1₀·X, C⟩ + ⟨C·XᵀX, C⟩``, without forming W1."""
        squared = (
            self.w0_squared + 2 * np.sum(self.w0x * self.c) + np.sum((self.c @ self.gram) * self.c)
        )
        return float(np.sqrt(max(squared, 0.0)))

    def gradient_norm(self, gradient: np.ndarray) -> float:
        """``‖dZ1 · Xᵀ‖ = √⟨dZ1·XᵀX, dZ1⟩``."""
        return float(np.sqrt(max(np.sum((gradient @ self.gram) * gradient), 0.0)))


# The first layer of each path, by the path's name.
FIRST_LAYERS: dict[str, type[FirstLayer]] = {"gram": GramFirstLayer, "plain": PlainFirstLayer}
