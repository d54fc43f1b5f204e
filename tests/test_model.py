import numpy as np

from initbench.training.first_layer import FIRST_LAYERS
from initbench.training.initializers import initialize
from initbench.training.model import Network
from initbench.training.network import forward_images, full_gradient


def test_the_gradients_are_those_of_the_parameters_in_their_order(small_images):
    x, labels = small_images
    params = initialize([x.shape[0], 6, 4, 1], "he", np.random.RandomState(2))
    network = Network(FIRST_LAYERS["plain"](x, *params[0]), params, "tanh")
    first_x, passed = network.forward()
    np.testing.assert_array_equal(passed.logits, forward_images(params, x, "tanh").logits)
    np.testing.assert_array_equal(first_x, params[0][0] @ x)
    _, gradients = network.backward(passed, labels)
    expected = [part for layer in full_gradient(params, x, labels, "tanh") for part in layer]
    assert [g.shape for g in gradients] == [p.shape for p in network.parameters]
    for found, wanted in zip(gradients, expected, strict=True):
        np.testing.assert_array_equal(found, wanted)
    assert network.gradient_norms(gradients) == [float(np.linalg.norm(dw)) for dw in expected[::2]]
    assert network.weight_norms() == [float(np.linalg.norm(w)) for w, _ in params]


def test_the_gram_network_holds_the_same_network(small_images):
    x, labels = small_images
    params = initialize([x.shape[0], 6, 4, 1], "he", np.random.RandomState(2))
    networks = {
        path: Network(form(x, *params[0]), params, "tanh") for path, form in FIRST_LAYERS.items()
    }
    passes = {path: network.forward()[1] for path, network in networks.items()}
    np.testing.assert_allclose(passes["gram"].logits, passes["plain"].logits, rtol=1e-9)
    norms = {
        path: network.gradient_norms(network.backward(passes[path], labels)[1])
        for path, network in networks.items()
    }
    np.testing.assert_allclose(norms["gram"], norms["plain"], rtol=1e-9)
    for (w_gram, b_gram), (w_plain, b_plain) in zip(
        networks["gram"].params(), networks["plain"].params(), strict=True
    ):
        np.testing.assert_allclose(w_gram, w_plain, rtol=1e-9, atol=1e-12)
        np.testing.assert_array_equal(b_gram, b_plain)
