"""The signal layer by layer during training: each statistic by hand on a tiny network, the
Gram path equal to the plain one, and the update-to-weight ratio equal to the step taken."""

import numpy as np
import pytest

from initbench.training.network import backward, forward
from initbench.training.signal import (
    FIELDS,
    dead_share,
    hidden_layer_signal,
    recorded_iterations,
    saturated_share,
)
from initbench.training.trainer import Hyperparameters, initial_params, train

# Two features, two images; identity first layer, so its pre-activations are x itself.
X = np.array([[3.0, 0.1], [-0.2, -1.0]])
LABELS = np.array([[1.0, 0.0]])
PARAMS = [(np.eye(2), np.zeros((2, 1))), (np.array([[0.5, -0.5]]), np.zeros((1, 1)))]


def test_each_statistic_of_a_hidden_layer_by_hand():
    passed = forward(PARAMS, X, "tanh")
    dzs, _ = backward(PARAMS, passed, LABELS, "tanh")
    [row] = hidden_layer_signal(7, passed, dzs, [2.0], [4.0], 0.01, "tanh")
    found = dict(zip(FIELDS, row, strict=True))
    values = [3.0, 0.1, -0.2, -1.0]
    assert found["iteration"] == 7 and found["layer"] == 1
    assert found["preactivation_mean"] == pytest.approx(np.mean(values))
    assert found["preactivation_std"] == pytest.approx(np.std(values))
    assert found["activation_std"] == pytest.approx(np.std(np.tanh(values)))
    assert found["saturated_share"] == 0.25  # tanh(3) = 0.995 alone is past 0.97
    assert found["dead_share"] is None  # tanh units saturate, they do not die
    # dZ1 = W2ᵀ (sigmoid(z2) - y) / m ⊙ (1 - tanh²)
    z2 = 0.5 * np.tanh(X[0]) - 0.5 * np.tanh(X[1])
    d_output = (1 / (1 + np.exp(-z2)) - LABELS[0]) / 2
    dz1 = np.outer([0.5, -0.5], d_output) * (1 - np.tanh(X) ** 2)
    assert found["preactivation_gradient_norm"] == pytest.approx(np.linalg.norm(dz1))
    assert (found["weight_gradient_norm"], found["weight_norm"]) == (2.0, 4.0)
    assert found["update_ratio"] == pytest.approx(0.01 * 2.0 / 4.0)


def test_shares_that_pass_no_gradient():
    z = np.array([[1.0, 2.0], [-1.0, 0.0], [-1.0, 3.0]])
    assert dead_share(z, "relu") == pytest.approx(1 / 3)
    assert saturated_share(np.maximum(z, 0), "relu") is None
    assert saturated_share(np.array([[0.01, 0.5], [0.98, 0.3]]), "sigmoid") == 0.5


def test_recorded_at_the_start_every_so_often_and_at_the_end():
    assert recorded_iterations(25, 10) == {0, 10, 20, 25}
    assert recorded_iterations(20, 10) == {0, 10, 20}
    with pytest.raises(ValueError, match="every ≥ 1"):
        recorded_iterations(20, 0)


def table(run):
    return np.array([[np.nan if value is None else value for value in row] for row in run.signal])


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_the_gram_path_records_the_plain_paths_signal(small_images, activation):
    x, labels = small_images
    hp = {"method": "he", "seed": 3, "activation": activation, "learning_rate": 3e-3}
    hp |= {"iterations": 60, "hidden_layers": (6, 4, 3)}
    gram = train(x, labels, Hyperparameters(**hp, path="gram"), signal_every=20)
    plain = train(x, labels, Hyperparameters(**hp, path="plain"), signal_every=20)
    assert table(gram).shape == (4 * 3, len(FIELDS))  # iterations 0, 20, 40, 60 x 3 layers
    np.testing.assert_allclose(table(gram), table(plain), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("path", ["gram", "plain"])
def test_the_update_ratio_is_the_step_each_layer_takes(small_images, path):
    x, labels = small_images
    hp = Hyperparameters("xavier", 2, hidden_layers=(6, 4), iterations=1, path=path)
    run = train(x, labels, hp, signal_every=1)
    start, _ = initial_params(x, 1, hp)
    for layer in (1, 2):
        row = dict(zip(FIELDS, run.signal[layer - 1], strict=True))
        step = np.linalg.norm(run.params[layer - 1][0] - start[layer - 1][0])
        assert row["update_ratio"] * row["weight_norm"] == pytest.approx(step, rel=1e-9)
        assert row["weight_norm"] == pytest.approx(np.linalg.norm(start[layer - 1][0]))


def test_no_signal_unless_asked_and_the_run_is_the_same(small_images):
    x, labels = small_images
    hp = Hyperparameters("he", 1, iterations=30)
    plain, watched = train(x, labels, hp), train(x, labels, hp, signal_every=7)
    assert plain.signal == [] and len(watched.signal) == 2 * 6  # 0, 7, 14, 21, 28, 30
    np.testing.assert_array_equal(plain.costs, watched.costs)
