"""The plain and the Gram first layer through their one interface: the same forward, held-out
forward, gradients and norms, step after step of the same updates."""

import numpy as np
import pytest

from initbench.training.first_layer import FIRST_LAYERS
from initbench.training.optimizers import GradientDescent, Momentum


@pytest.fixture
def layers(small_images):
    x, _ = small_images
    rng = np.random.RandomState(1)
    weights, bias = rng.randn(4, x.shape[0]) * 0.05, rng.randn(4, 1)
    x_train, x_test = x[:, :30], x[:, 30:]
    built = {
        path: form(x_train, weights, bias.copy(), x_test) for path, form in FIRST_LAYERS.items()
    }
    return built, x_train, x_test, rng


def test_the_two_first_layers_are_one_function_step_after_step(layers):
    built, x, x_test, rng = layers
    gram, plain = built["gram"], built["plain"]
    optimizer = GradientDescent(0.5)
    start = plain.weights().copy()
    for _ in range(5):
        w = plain.weights()
        np.testing.assert_array_equal(plain.forward(), w @ x)
        np.testing.assert_allclose(gram.weights(), w, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(gram.forward(), plain.forward(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(gram.forward_held_out(), w @ x_test, rtol=1e-9, atol=1e-12)
        assert gram.weight_norm() == pytest.approx(np.linalg.norm(w), rel=1e-9)
        dz1 = rng.randn(4, x.shape[1])
        gradients = {path: layer.backward(dz1) for path, layer in built.items()}
        np.testing.assert_array_equal(gradients["plain"][0], dz1 @ x.T)
        np.testing.assert_array_equal(gradients["gram"][1], gradients["plain"][1])
        assert gram.gradient_norm(gradients["gram"][0]) == pytest.approx(
            np.linalg.norm(dz1 @ x.T), rel=1e-9
        )
        for path, layer in built.items():
            optimizer.update_params(layer.parameters, gradients[path])
    np.testing.assert_array_equal(gram.bias, plain.bias)
    np.testing.assert_allclose(gram.weights(), plain.weights(), rtol=1e-9, atol=1e-12)
    assert np.abs(plain.weights() - start).max() > 1e-3  # the weights did move


def test_the_gram_form_updates_only_its_coefficients(layers):
    built, x, _, _ = layers
    gram = built["gram"]
    start = gram.weights().copy()
    gram.parameters[0] -= 1.0  # C, units x images
    assert gram.parameters[0].shape == (4, x.shape[1])
    np.testing.assert_allclose(gram.weights(), start - np.ones((4, x.shape[1])) @ x.T)


@pytest.mark.parametrize("nesterov", [False, True])
def test_the_gram_form_stays_exact_on_batches_under_momentum(layers, nesterov):
    built, x, x_test, rng = layers
    gram, plain = built["gram"], built["plain"]
    optimizers = {
        path: Momentum(layer.parameters, 0.5, 0.9, nesterov) for path, layer in built.items()
    }
    start = plain.weights().copy()
    for _ in range(6):
        columns = rng.permutation(x.shape[1])[:7]
        w = plain.weights()
        np.testing.assert_allclose(plain.forward_batch(columns), w @ x[:, columns], rtol=1e-12)
        np.testing.assert_allclose(
            gram.forward_batch(columns), w @ x[:, columns], rtol=1e-9, atol=1e-12
        )
        dz1 = rng.randn(4, columns.size)
        gradients = {path: layer.backward(dz1, columns) for path, layer in built.items()}
        np.testing.assert_allclose(gradients["plain"][0], dz1 @ x[:, columns].T, rtol=1e-12)
        held = np.zeros((4, x.shape[1]))
        held[:, columns] = dz1  # C's gradient: dZ1_B in the batch's columns
        np.testing.assert_array_equal(gradients["gram"][0], held)
        assert gram.gradient_norm(gradients["gram"][0]) == pytest.approx(
            np.linalg.norm(dz1 @ x[:, columns].T), rel=1e-9
        )
        for path, layer in built.items():
            optimizers[path].update_params(layer.parameters, gradients[path])
    np.testing.assert_allclose(gram.weights(), plain.weights(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gram.forward(), plain.forward(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gram.forward_held_out(), plain.weights() @ x_test, rtol=1e-9)
    assert np.abs(plain.weights() - start).max() > 1e-3  # the weights did move
