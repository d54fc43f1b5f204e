"""How the parameters move given their gradients, behind scikit-learn's ``update_params``."""

import numpy as np


class GradientDescent:
    """Full-batch gradient descent at a fixed ``learning_rate``."""

    def __init__(self, learning_rate: float):
        self.learning_rate = learning_rate

    def update_params(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Move each of ``params``, in place, by ``-learning_rate`` times its gradient."""
        for param, grad in zip(params, grads, strict=True):
            param -= self.learning_rate * grad
