"""How the parameters move given their gradients, behind scikit-learn's ``update_params``.

Each optimizer updates ``params`` in place, one gradient per parameter in the same order, and
keeps whatever state it needs (velocities, moment estimates) in arrays shaped like them.
"""

import numpy as np


class GradientDescent:
    """Gradient descent at a fixed ``learning_rate``: the step of full-batch gradient descent
    and, on a mini-batch's gradients, of plain SGD."""

    def __init__(self, learning_rate: float):
        self.learning_rate = learning_rate

    def update_params(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Move each of ``params``, in place, by ``-learning_rate`` times its gradient."""
        for param, grad in zip(params, grads, strict=True):
            param -= self.learning_rate * grad


class Momentum:
    """Heavy-ball momentum: ``v ← μv - ηg``, then ``θ ← θ + v``.

    Nesterov's form, as scikit-learn writes it, steps from the updated velocity along the
    gradient once more: ``θ ← θ + μv - ηg`` (Sutskever et al. 2013).
    """

    def __init__(
        self, params: list[np.ndarray], learning_rate: float, momentum: float, nesterov: bool
    ):
        self.learning_rate, self.momentum, self.nesterov = learning_rate, momentum, nesterov
        self.velocities = [np.zeros_like(param) for param in params]

    def update_params(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        for param, grad, velocity in zip(params, grads, self.velocities, strict=True):
            step = self.learning_rate * grad
            velocity *= self.momentum
            velocity -= step
            if self.nesterov:
                param += self.momentum * velocity - step
            else:
                param += velocity


class Adam:
    """Adam, Algorithm 1 of Kingma & Ba (2015): moment estimates ``m`` and ``v`` of the
    gradient and its square, bias-corrected, and ``θ ← θ - η m̂ / (√v̂ + ε)``."""

    def __init__(
        self,
        params: list[np.ndarray],
        learning_rate: float,
        beta1: float,
        beta2: float,
        epsilon: float,
    ):
        self.learning_rate, self.beta1, self.beta2 = learning_rate, beta1, beta2
        self.epsilon, self.updates = epsilon, 0
        self.first_moments = [np.zeros_like(param) for param in params]
        self.second_moments = [np.zeros_like(param) for param in params]

    def update_params(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.updates += 1
        # The moments start at zero; dividing by these undoes that bias towards zero.
        first_bias = 1 - self.beta1**self.updates
        second_bias = 1 - self.beta2**self.updates
        moments = zip(params, grads, self.first_moments, self.second_moments, strict=True)
        for param, grad, first, second in moments:
            first *= self.beta1
            first += (1 - self.beta1) * grad
            second *= self.beta2
            second += (1 - self.beta2) * grad * grad
            corrected = np.sqrt(second / second_bias) + self.epsilon
            param -= self.learning_rate * (first / first_bias) / corrected


class RMSProp:
    """RMSProp (Tieleman & Hinton 2012): a running mean ``s`` of the squared gradient,
    ``s ← d·s + (1 - d)·g²``, and ``θ ← θ - η g / (√s + ε)``, with d the ``decay``."""

    def __init__(
        self, params: list[np.ndarray], learning_rate: float, decay: float, epsilon: float
    ):
        self.learning_rate, self.decay, self.epsilon = learning_rate, decay, epsilon
        self.mean_squares = [np.zeros_like(param) for param in params]

    def update_params(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        for param, grad, mean_square in zip(params, grads, self.mean_squares, strict=True):
            mean_square *= self.decay
            mean_square += (1 - self.decay) * grad * grad
            param -= self.learning_rate * grad / (np.sqrt(mean_square) + self.epsilon)
