"""Diagnostics at initialization, on networks small enough to check by hand."""

import numpy as np
import pytest

from initbench.training.diagnostics import (
    largest_eigenvalue,
    layer_diagnostics,
    saturated_fraction,
    sharpness,
    unit_spread,
)
from initbench.training.initializers import initialize
from initbench.training.network import cost_from_logits, forward

# Two features, two images; identity first layer, so its pre-activations are x itself.
X = np.array([[3.0, 0.1], [0.1, 3.0]])
LABELS = np.array([[1.0, 0.0]])


def identity_network(output=(0.5, -0.5)):
    return [
        (np.eye(2), np.zeros((2, 1))),
        (np.array([output]), np.zeros((1, 1))),
    ]


def test_preactivation_std_and_tanh_saturation_by_hand():
    first, output = layer_diagnostics(identity_network(), X, LABELS, "tanh")
    # z1 = x: values 3, 0.1, 0.1, 3; tanh(3) = 0.995 is saturated, tanh(0.1) is not.
    assert first["preactivation_std"] == pytest.approx(np.std([3, 0.1, 0.1, 3]))
    assert first["saturated_fraction"] == 0.5
    assert "saturated_fraction" not in output  # the output layer is not a hidden one
    # Output pre-activations: 0.5 tanh(3) - 0.5 tanh(0.1) and its mirror image.
    z2 = 0.5 * np.tanh(3) - 0.5 * np.tanh(0.1)
    assert output["preactivation_std"] == pytest.approx(np.std([z2, -z2]))


def test_dead_relus_are_units_off_on_every_image():
    z = np.array([[1.0, 2.0], [-1.0, 0.0], [-1.0, 3.0]])
    assert saturated_fraction(z, np.maximum(z, 0), "relu") == pytest.approx(1 / 3)
    assert saturated_fraction(z, np.maximum(z, 0.01 * z), "leaky_relu") == pytest.approx(1 / 3)


def test_sigmoid_saturates_at_both_ends():
    a = np.array([[0.005, 0.5], [0.995, 0.3]])
    assert saturated_fraction(np.zeros_like(a), a, "sigmoid") == 0.5


def test_gradient_norm_of_the_output_layer_by_hand():
    params = identity_network()
    (_, output) = layer_diagnostics(params, X, LABELS, "tanh")
    a1 = np.tanh(X)
    logits = params[1][0] @ a1
    d_output = (1 / (1 + np.exp(-logits)) - LABELS) / 2 @ a1.T
    assert output["gradient_norm"] == pytest.approx(np.linalg.norm(d_output))


def test_zeros_leave_every_hidden_unit_identical_and_every_weight_gradient_zero():
    params = initialize([12, 5, 5, 1], "zeros", np.random.RandomState(1))
    x = np.random.RandomState(0).rand(12, 8)
    labels = (np.arange(8) % 2)[np.newaxis, :].astype(float)
    layers = layer_diagnostics(params, x, labels, "tanh")
    assert [layer["unit_spread"] for layer in layers[:2]] == [0.0, 0.0]
    assert [layer["gradient_norm"] for layer in layers] == [0.0, 0.0, 0.0]
    he = layer_diagnostics(
        initialize([12, 5, 5, 1], "he", np.random.RandomState(1)), x, labels, "tanh"
    )
    assert all(layer["unit_spread"] > 0 for layer in he[:2])


def test_unit_spread_counts_biases_too():
    assert unit_spread(np.ones((3, 2)), np.array([[0.0], [0.0], [0.25]])) == 0.25


def test_largest_eigenvalue_even_when_a_negative_one_dominates():
    matrix = np.diag([-5.0, 1.0, 2.0])
    found = largest_eigenvalue(lambda v: matrix @ v, 3, tolerance=1e-10)
    assert found["sharpness"] == pytest.approx(2.0, rel=1e-5)
    assert found["converged"]


def test_convergence_is_judged_per_run_not_on_the_iterations_of_both():
    # A dominant negative eigenvalue takes two power iterations; their total may exceed the
    # cap of one run while both settled.
    matrix = np.diag([-5.0, -4.9, 1.0, 2.0])
    found = largest_eigenvalue(lambda v: matrix @ v, 4, iterations=60, tolerance=1e-8)
    assert found["power_iterations"] > 60
    assert found["converged"]
    assert found["sharpness"] == pytest.approx(2.0, rel=1e-6)


def test_sharpness_of_logistic_regression_equals_its_exact_hessian():
    # No hidden layer: H = [X; 1] diag(p (1 - p)) [X; 1]^T / m exactly.
    rng = np.random.RandomState(3)
    x = rng.randn(4, 30)
    labels = (rng.rand(1, 30) > 0.5).astype(float)
    params = [(rng.randn(1, 4) * 0.5, np.array([[0.1]]))]
    p = 1 / (1 + np.exp(-(params[0][0] @ x + params[0][1])))
    augmented = np.vstack([x, np.ones((1, 30))])
    hessian = (augmented * (p * (1 - p))) @ augmented.T / 30
    found = sharpness(params, x, labels, "tanh", tolerance=1e-10)
    assert found["sharpness"] == pytest.approx(np.linalg.eigvalsh(hessian).max(), rel=1e-6)


def numerical_hessian_of_the_cost(params, x, labels, activation, h=1e-4):
    """Second differences of the cost alone: independent of the gradient code."""
    shapes = [part.shape for layer in params for part in layer]
    theta = np.concatenate([part.ravel() for layer in params for part in layer])

    def cost(vector):
        parts, start = [], 0
        for shape in shapes:
            size = int(np.prod(shape))
            parts.append(vector[start : start + size].reshape(shape))
            start += size
        layers = list(zip(parts[::2], parts[1::2], strict=True))
        z1 = layers[0][0] @ x + layers[0][1]
        return cost_from_logits(forward(layers, z1, activation).logits, labels)

    n = theta.size
    hessian = np.empty((n, n))
    eye = np.eye(n) * h
    for i in range(n):
        for j in range(n):
            hessian[i, j] = (
                cost(theta + eye[i] + eye[j])
                - cost(theta + eye[i] - eye[j])
                - cost(theta - eye[i] + eye[j])
                + cost(theta - eye[i] - eye[j])
            ) / (4 * h * h)
    return (hessian + hessian.T) / 2


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_sharpness_of_a_tiny_network_equals_the_top_eigenvalue_of_its_hessian(activation):
    rng = np.random.RandomState(5)
    x = rng.randn(3, 6)
    labels = (np.arange(6) % 2)[np.newaxis, :].astype(float)
    params = initialize(
        [3, 2, 2, 1], "glorot_normal", np.random.RandomState(2), activation=activation
    )
    exact = np.linalg.eigvalsh(numerical_hessian_of_the_cost(params, x, labels, activation)).max()
    found = sharpness(params, x, labels, activation, tolerance=1e-10)
    assert found["converged"]
    assert found["sharpness"] == pytest.approx(exact, rel=1e-5)
    # The workflow's default tolerance gives the four digits it promises.
    assert sharpness(params, x, labels, activation)["sharpness"] == pytest.approx(exact, rel=1e-3)
