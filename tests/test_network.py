import numpy as np
import pytest

from initbench.activations import ACTIVATIONS
from initbench.training.initializers import initialize
from initbench.training.network import forward, full_gradient
from initbench.training.output import cost_from_logits, targets


def cost_of(params, x, labels, activation):
    passed = forward(params, params[0][0] @ x + params[0][1], activation)
    return cost_from_logits(passed.logits, labels)


@pytest.mark.parametrize("classes", [2, 4])
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_gradients_match_central_finite_differences(activation, classes):
    rng = np.random.RandomState(3)
    x = rng.rand(6, 9)
    labels = targets(rng.randint(0, classes, size=9).astype(np.uint8), classes)
    params = initialize([6, 4, 3, labels.shape[0]], "he", np.random.RandomState(2))
    # Non-zero biases, so that their gradients are tested away from the symmetric start.
    params = [(w, rng.randn(*b.shape) * 0.1) for w, b in params]
    analytic = full_gradient(params, x, labels, activation)
    step = 1e-6
    for layer, (w, b) in enumerate(params):
        for which, array in ((0, w), (1, b)):
            numeric = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                original = array[index]
                array[index] = original + step
                plus = cost_of(params, x, labels, activation)
                array[index] = original - step
                minus = cost_of(params, x, labels, activation)
                array[index] = original
                numeric[index] = (plus - minus) / (2 * step)
            np.testing.assert_allclose(analytic[layer][which], numeric, rtol=1e-5, atol=1e-9)
