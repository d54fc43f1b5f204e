"""What the recorders record is what a textbook loop of gradient descent computes: on the plain
path, bit for bit."""

import numpy as np
import pytest

from initbench.training.network import backward, forward_images
from initbench.training.output import cost_from_logits, predicted_classes
from initbench.training.signal import hidden_layer_signal
from initbench.training.trainer import Hyperparameters, initial_params, train


def textbook_run(x, labels, test, hp, every):
    """Gradient descent written out, the first layer's weights as they are."""
    (x_test, labels_test), rate, activation = test, hp.learning_rate, hp.activation
    params, _ = initial_params(x, 1, hp)
    costs, test_costs, signal = [], [], []
    for t in range(hp.iterations + 1):
        passed = forward_images(params, x, activation)
        costs.append(cost_from_logits(passed.logits, labels))
        tested = forward_images(params, x_test, activation)
        test_costs.append(cost_from_logits(tested.logits, labels_test))
        dzs, rest = backward(params, passed, labels, activation)
        gradients = [(dzs[0] @ x.T, dzs[0].sum(axis=1, keepdims=True)), *rest]
        if t % every == 0 or t == hp.iterations:
            gradient_norms = [float(np.linalg.norm(dw)) for dw, _ in gradients[:-1]]
            weight_norms = [float(np.linalg.norm(w)) for w, _ in params[:-1]]
            signal += hidden_layer_signal(
                t, passed, dzs, gradient_norms, weight_norms, rate, activation
            )
        if t < hp.iterations:
            for (w, b), (dw, db) in zip(params, gradients, strict=True):
                w -= rate * dw
                b -= rate * db
    accuracy = float(np.mean(predicted_classes(tested.logits) == labels_test[0]))
    return costs, test_costs, accuracy, signal


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_the_recorders_record_what_the_textbook_loop_computes(small_images, activation):
    x, labels = small_images
    test = np.arange(x.shape[1]) % 4 == 0
    held_out = (x[:, test], labels[:, test])
    hp = Hyperparameters(
        "he", 4, hidden_layers=(6, 3), activation=activation, iterations=25, path="plain"
    )
    run = train(x[:, ~test], labels[:, ~test], hp, held_out, signal_every=10)
    costs, test_costs, accuracy, signal = textbook_run(
        x[:, ~test], labels[:, ~test], held_out, hp, 10
    )
    np.testing.assert_array_equal(run.costs, costs)
    np.testing.assert_array_equal(run.test_costs, test_costs)
    assert run.test_accuracy == accuracy
    assert run.signal == signal
    assert [row[0] for row in run.signal] == [0, 0, 10, 10, 20, 20, 25, 25]
