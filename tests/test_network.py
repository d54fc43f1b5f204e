import warnings

import numpy as np
import pytest

from initbench.training.activations import ACTIVATIONS, sigmoid
from initbench.training.initializers import initialize
from initbench.training.network import (
    cost_from_logits,
    forward,
    full_gradient,
    predict,
)


def naive_cost(logits, labels):
    probabilities = 1 / (1 + np.exp(-logits))
    return -np.mean(labels * np.log(probabilities) + (1 - labels) * np.log(1 - probabilities))


def test_cost_matches_the_textbook_formula_where_that_is_finite():
    rng = np.random.RandomState(0)
    logits = rng.randn(1, 50) * 3
    labels = (rng.rand(1, 50) > 0.5).astype(float)
    assert cost_from_logits(logits, labels) == pytest.approx(naive_cost(logits, labels), rel=1e-13)


def test_cost_stays_finite_where_the_textbook_formula_takes_log_zero():
    logits = np.array([[800.0, -800.0, 40.0]])
    labels = np.array([[0.0, 1.0, 1.0]])
    # Each confidently wrong example costs |z|; the right one costs ~e^-40.
    assert cost_from_logits(logits, labels) == pytest.approx((800 + 800 + 4.2e-18) / 3)
    with np.errstate(all="ignore"):
        assert not np.isfinite(naive_cost(logits, labels))


def test_cost_of_zero_logits_is_ln2():
    assert cost_from_logits(np.zeros((1, 8)), np.ones((1, 8))) == np.log(2)


def test_sigmoid_saturates_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(sigmoid(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.5, 1.0])


def test_predict_thresholds_at_one_half():
    np.testing.assert_array_equal(predict(np.array([[-1e-9, 0.0, 2.0]])), [[0, 1, 1]])


def cost_of(params, x, labels, activation):
    passed = forward(params, params[0][0] @ x + params[0][1], activation)
    return cost_from_logits(passed.logits, labels)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_gradients_match_central_finite_differences(activation):
    rng = np.random.RandomState(3)
    x = rng.rand(6, 9)
    labels = (rng.rand(1, 9) > 0.5).astype(float)
    params = initialize([6, 4, 3, 1], "he", np.random.RandomState(2))
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
