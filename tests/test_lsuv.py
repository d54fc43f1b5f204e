"""LSUV (Mishkin & Matas 2015): every layer's output at unit variance on the training images,
within its tolerance, and the held-out images never read."""

import numpy as np
import pytest

from initbench.activations import ACTIVATIONS
from initbench.training.lsuv import TOLERANCE, lsuv
from initbench.training.trainer import Hyperparameters, initial_params, train

RNG = np.random.RandomState(11)
X = RNG.rand(50, 30) * 4 - 1  # neither centred nor of unit spread
LABELS = (np.arange(30) % 2)[np.newaxis, :].astype(float)


def output_variances(params, x, activation):
    variances, inputs = [], x
    for weights, bias in params:
        output = weights @ inputs + bias
        variances.append(float(output.var()))
        inputs = ACTIVATIONS[activation].function(output)
    return variances


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "leaky_relu"])
def test_every_layer_reaches_unit_variance_on_the_images(activation):
    hp = Hyperparameters("lsuv", 4, hidden_layers=(20,) * 6, activation=activation)
    params, record = initial_params(X, 1, hp)
    reached = output_variances(params, X, activation)
    assert record["lsuv_variances"] == pytest.approx(reached, rel=1e-12)
    assert all(abs(variance - 1) < TOLERANCE for variance in reached)
    # A layer already within the tolerance takes no pass; the first, fed raw pixels, does.
    assert len(record["lsuv_passes"]) == 7 and all(0 <= n <= 10 for n in record["lsuv_passes"])
    assert record["lsuv_passes"][0] >= 1
    # The start is orthogonal: LSUV changes only each layer's scale.
    orthogonal, _ = initial_params(X, 1, Hyperparameters("orthogonal", 4, (20,) * 6, activation))
    for (weights, _), (start, _) in zip(params, orthogonal, strict=True):
        ratio = weights / start
        np.testing.assert_allclose(ratio, ratio.flat[0], rtol=1e-12)


def test_a_layer_whose_output_is_constant_keeps_its_weights():
    params = [(np.zeros((3, 50)), np.ones((3, 1))), (np.ones((1, 3)), np.zeros((1, 1)))]
    rescaled, record = lsuv(params, X, "tanh")
    np.testing.assert_array_equal(rescaled[0][0], 0.0)
    assert record["lsuv_passes"][0] == 0 and record["lsuv_variances"][0] == 0.0


def test_held_out_images_are_never_read():
    held_out = np.full((50, 10), 1e6)  # would dominate every variance if it were read
    hp = Hyperparameters("lsuv", 2, hidden_layers=(8, 8), iterations=0)
    run = train(X, LABELS, hp, test=(held_out, np.zeros((1, 10))))
    on_training, record = initial_params(X, 1, hp)
    for (weights, _), (expected, _) in zip(run.params, on_training, strict=True):
        np.testing.assert_array_equal(weights, expected)
    assert run.initialization == record
    on_everything, _ = initial_params(np.hstack([X, held_out]), 1, hp)
    assert not np.allclose(on_everything[0][0], on_training[0][0])
