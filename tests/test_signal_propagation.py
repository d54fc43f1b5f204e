"""The signal-propagation theory drawn beside the measured signal."""

import numpy as np
import pytest

from initbench.theory.signal_propagation import (
    activation_moments,
    activation_std,
    gaussian_expectation,
    next_second_moment,
    predicted_activation_stds,
)
from initbench.training.initializers import initialize, layer_variances
from initbench.training.network import forward


def test_quadrature_is_exact_on_gaussian_moments():
    assert gaussian_expectation(lambda z: z**2, 3.0) == pytest.approx(3.0, rel=1e-12)
    assert gaussian_expectation(lambda z: z**4, 2.0) == pytest.approx(3 * 2.0**2, rel=1e-12)
    assert gaussian_expectation(np.cos, 1.0) == pytest.approx(np.exp(-0.5), rel=1e-12)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_rectifier_closed_forms_agree_with_quadrature(activation):
    mean, square = activation_moments(1.7, activation)
    slope = {"relu": 0.0, "leaky_relu": 0.01}[activation]

    def rectifier(z):
        return np.where(z > 0, z, slope * z)

    assert square == pytest.approx(gaussian_expectation(lambda z: rectifier(z) ** 2, 1.7), 1e-9)
    # Quadrature converges slowly at the kink: 101 nodes give the mean to about 0.5 %.
    assert mean == pytest.approx(gaussian_expectation(rectifier, 1.7), rel=1e-2)


def test_under_relu_the_second_moment_scales_by_half_the_weight_variance():
    # He et al. (2015), eq. (10): Var[y_l] = (n_l Var[w_l] / 2) Var[y_{l-1}].
    assert next_second_moment(3.0, "relu", 2.0, 0.0) == pytest.approx(3.0)
    assert next_second_moment(3.0, "relu", 1.0, 0.0) == pytest.approx(1.5)
    stds = predicted_activation_stds(1.0, "relu", [(1.0, 0.0)] * 29)
    assert stds[-1] / stds[0] == pytest.approx(2 ** (-29 / 2))
    assert activation_std(4.0, "relu") == pytest.approx(2 * np.sqrt(0.5 - 1 / (2 * np.pi)))


def test_tanh_at_a_small_signal_is_linear():
    # tanh(z) ≈ z for small z: the second moment passes through times σ_w², plus σ_b².
    assert next_second_moment(1e-6, "tanh", 1.5, 0.05) == pytest.approx(1.5e-6 + 0.05, rel=1e-6)


def test_layer_variances_follow_the_method():
    assert layer_variances("he", (64, 64, 64), "relu", 10.0) == [(2.0, 0.0), (2.0, 0.0)]
    assert layer_variances("gaussian_w1.76_b0.05", (64, 32), "tanh", 10.0) == [(1.76, 0.05)]
    glorot = layer_variances("glorot_normal", (64, 32), "tanh", 10.0)
    assert glorot == [(pytest.approx(2 * 64 / 96), 0.0)]
    assert layer_variances("orthogonal", (64, 64), "relu", 10.0) == [(pytest.approx(2.0), 0.0)]


@pytest.mark.parametrize(
    "method,activation",
    [("he", "relu"), ("xavier", "relu"), ("xavier", "tanh"), ("gaussian_w1.76_b0.05", "tanh")],
)
def test_a_wide_network_follows_the_prediction(method, activation):
    # Width 2,000, 8 layers: the measured spread stays within a few % of the wide limit.
    rng = np.random.RandomState(0)
    x = rng.randn(50, 40)
    hidden = (2000,) * 8
    params = initialize([50, *hidden, 1], method, np.random.RandomState(1), activation=activation)
    passed = forward(params, params[0][0] @ x + params[0][1], activation)
    first_moment = float(np.mean(passed.z[0] ** 2))
    predicted = predicted_activation_stds(
        first_moment, activation, layer_variances(method, hidden, activation, 10.0)
    )
    measured = [float(a.std()) for a in passed.a]
    np.testing.assert_allclose(measured, predicted, rtol=0.05)


def test_lsuv_has_no_prediction_its_scales_come_from_the_data():
    assert layer_variances("lsuv", (64, 64, 64), "relu", 10.0) is None
