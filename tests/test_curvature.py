"""Exact Hessian-vector products against finite differences and the full Hessian, and the
Lanczos ends of a spectrum, on operators a power iteration gets wrong."""

import numpy as np
import pytest

from initbench.activations import ACTIVATIONS
from initbench.training.curvature import (
    SECOND_DERIVATIVES,
    flatten,
    hessian_vector_product,
    spectrum_ends,
    unflatten,
)
from initbench.training.initializers import initialize
from initbench.training.network import full_gradient
from initbench.training.output import targets

RNG = np.random.RandomState(0)
X = RNG.rand(7, 12)
LABELS = (RNG.rand(1, 12) > 0.5).astype(float)
# Three classes: a softmax output of three units.
ONE_HOT = targets(RNG.randint(0, 3, size=12).astype(np.uint8), 3)


def finite_difference_product(params, x, labels, activation, epsilon=1e-5):
    theta = flatten(params)

    def gradient_at(vector):
        return flatten(full_gradient(unflatten(vector, params), x, labels, activation))

    return lambda v: (
        (gradient_at(theta + epsilon * v) - gradient_at(theta - epsilon * v)) / (2 * epsilon)
    )


def test_every_activation_has_its_second_derivative():
    assert set(SECOND_DERIVATIVES) == set(ACTIVATIONS)
    z = np.linspace(-3, 3, 61)
    z = z[np.abs(z) > 0.05]  # away from the rectifiers' kink
    for name, activation in ACTIVATIONS.items():
        step = 1e-6
        numerical = (
            activation.derivative(z + step, activation.function(z + step))
            - activation.derivative(z - step, activation.function(z - step))
        ) / (2 * step)
        exact = SECOND_DERIVATIVES[name](z, activation.function(z))
        np.testing.assert_allclose(exact, numerical, atol=1e-6, err_msg=name)


@pytest.mark.parametrize("labels", [LABELS, ONE_HOT], ids=["sigmoid", "softmax"])
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_the_exact_product_is_the_derivative_of_the_gradient(activation, labels):
    params = initialize(
        [7, 5, 4, labels.shape[0]], "he", np.random.RandomState(1), activation=activation
    )
    exact, size = hessian_vector_product(params, X, labels, activation)
    numerical = finite_difference_product(params, X, labels, activation)
    for draw in range(3):
        v = np.random.RandomState(draw).randn(size)
        # Rectifiers: no unit sits within 1e-5 of its kink here, so differences are exact too.
        np.testing.assert_allclose(exact(v), numerical(v), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("labels", [LABELS, ONE_HOT], ids=["sigmoid", "softmax"])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_the_exact_products_build_the_symmetric_hessian(activation, labels):
    params = initialize(
        [3, 2, 2, labels.shape[0]], "glorot_normal", np.random.RandomState(2), activation=activation
    )
    product, size = hessian_vector_product(params, X[:3], labels, activation)
    hessian = np.array([product(column) for column in np.eye(size)])
    np.testing.assert_allclose(hessian, hessian.T, atol=1e-14)
    numerical = np.array(
        [finite_difference_product(params, X[:3], labels, activation)(c) for c in np.eye(size)]
    )
    np.testing.assert_allclose(hessian, numerical, atol=1e-8)


def test_lanczos_finds_the_top_when_the_negative_end_dominates():
    # The case in miniature: power iteration locks onto -816 and, shifted, can settle
    # on a wrong value; Lanczos finds both ends.
    operator = np.diag([-816.0, *np.linspace(-5, 5, 50), 542.0])
    found = spectrum_ends(lambda v: operator @ v, np.ones(52))
    assert found["converged"]
    assert found["largest"] == pytest.approx(542.0, rel=1e-6)
    assert found["smallest"] == pytest.approx(-816.0, rel=1e-6)


def test_lanczos_agrees_with_a_dense_eigensolver():
    rng = np.random.RandomState(5)
    matrix = rng.randn(300, 300)
    matrix = (matrix + matrix.T) / 2
    values = np.linalg.eigvalsh(matrix)
    found = spectrum_ends(lambda v: matrix @ v, rng.randn(300), steps=300, tolerance=1e-10)
    assert found["converged"]
    assert found["largest"] == pytest.approx(values[-1], rel=1e-8)
    assert found["smallest"] == pytest.approx(values[0], rel=1e-6)


def test_an_exhausted_krylov_space_gives_exact_values_and_too_few_steps_say_so():
    small = np.diag([3.0, -1.0, 2.0])
    found = spectrum_ends(lambda v: small @ v, np.ones(3), tolerance=1e-14)
    assert found["converged"] and found["steps"] <= 3
    assert (found["largest"], found["smallest"]) == (pytest.approx(3.0), pytest.approx(-1.0))
    clustered = np.diag(np.linspace(0, 1, 400))
    hurried = spectrum_ends(lambda v: clustered @ v, np.ones(400), steps=3, tolerance=1e-12)
    assert not hurried["converged"] and hurried["steps"] == 3


@pytest.mark.parametrize("seed", [1, 14, 26, 27])
def test_a_crowd_of_near_zero_eigenvalues_does_not_pass_for_the_top(seed):
    # Saturated networks (tanh, random x 10): most of the spectrum is ~0 and its Ritz values
    # settle within two or three steps with small residuals, while the top is still unseen.
    # Judged that early, these four draws reported a top far below the true one.
    rng = np.random.RandomState(7)
    x = rng.rand(150, 12)
    labels = (np.arange(12) % 2)[np.newaxis, :].astype(float)
    params = initialize([150, 4, 3, 1], "random", np.random.RandomState(seed), 10.0, "tanh")
    product, size = hessian_vector_product(params, x, labels, "tanh")
    hessian = np.array([product(column) for column in np.eye(size)])
    top = np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1]
    found = spectrum_ends(product, np.random.default_rng(0).standard_normal(size))
    assert found["converged"]
    assert found["largest"] == pytest.approx(top, rel=1e-3, abs=1e-9)
