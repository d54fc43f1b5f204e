"""Diagnostics at initialization, on networks small enough to check by hand."""

import numpy as np
import pytest

from initbench.training.curvature import hessian_vector_product, reduced_inputs, spectrum_ends
from initbench.training.diagnostics import (
    layer_diagnostics,
    saturated_fraction,
    sharpness,
)
from initbench.training.initializers import initialize
from initbench.training.network import forward, unit_spread
from initbench.training.output import cost_from_logits

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


# More images than features, and more features than images: then most directions of the
# first layer's weights are invisible to the cost, and its Hessian is zero along them.
@pytest.mark.parametrize("features,images,draw", [(3, 6, 5), (8, 4, 6)])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_sharpness_of_a_tiny_network_equals_the_top_eigenvalue_of_its_hessian(
    activation, features, images, draw
):
    rng = np.random.RandomState(draw)
    x = rng.randn(features, images)
    labels = (np.arange(images) % 2)[np.newaxis, :].astype(float)
    params = initialize(
        [features, 2, 2, 1], "glorot_normal", np.random.RandomState(2), activation=activation
    )
    exact = np.linalg.eigvalsh(numerical_hessian_of_the_cost(params, x, labels, activation)).max()
    found = sharpness(params, x, labels, activation, tolerance=1e-10)
    assert found["converged"]
    assert found["sharpness"] == pytest.approx(exact, rel=1e-5)
    # The workflow's default tolerance gives the four digits it promises.
    assert sharpness(params, x, labels, activation)["sharpness"] == pytest.approx(exact, rel=1e-3)


def plain_sharpness(params, x, labels, activation, tolerance):
    """Lanczos on the whole parameter vector, first layer included as it is, from the same
    random vector the reduced form starts from."""
    product, size = hessian_vector_product(params, x, labels, activation)
    start = np.random.default_rng(0).standard_normal(size)
    return spectrum_ends(product, start, tolerance=tolerance)


@pytest.mark.parametrize("activation", ["tanh", "relu", "leaky_relu", "sigmoid"])
@pytest.mark.parametrize("method", ["he", "xavier", "random", "zeros"])
def test_the_sharpness_on_reduced_inputs_is_the_plain_one(method, activation):
    rng = np.random.RandomState(7)
    x = rng.rand(150, 12)  # features > images: a large subspace the cost cannot feel
    labels = (np.arange(12) % 2)[np.newaxis, :].astype(float)
    params = initialize([150, 4, 3, 1], method, np.random.RandomState(1), 10.0, activation)
    reduced = sharpness(params, x, labels, activation, tolerance=1e-10)
    plain = plain_sharpness(params, x, labels, activation, tolerance=1e-10)
    assert reduced["converged"] and plain["converged"]
    # The invisible directions have curvature 0: the top is never below it.
    assert reduced["sharpness"] == pytest.approx(max(plain["largest"], 0.0), rel=1e-7, abs=1e-12)
    # The smallest is a by-product, not judged by the residual test: a few digits.
    assert reduced["lowest_eigenvalue"] == pytest.approx(
        min(plain["smallest"], 0.0), rel=1e-4, abs=1e-12
    )


def test_reduced_inputs_keep_the_gram_matrix_and_every_first_layer_product():
    rng = np.random.RandomState(4)
    x = rng.rand(40, 6)
    x = np.hstack([x, x[:, :2]])  # two images twice: rank 6 of 8
    inputs, to_reduced = reduced_inputs(x)
    assert inputs.shape == (6, 8)
    np.testing.assert_allclose(inputs.T @ inputs, x.T @ x, rtol=1e-10, atol=1e-10)
    q = x @ to_reduced
    np.testing.assert_allclose(q.T @ q, np.eye(6), atol=1e-10)
    weights = rng.randn(3, 40)
    np.testing.assert_allclose((weights @ q) @ inputs, weights @ x, rtol=1e-10, atol=1e-10)
