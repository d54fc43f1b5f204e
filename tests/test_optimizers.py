import numpy as np
import pytest

from initbench.training.optimizers import Adam, GradientDescent, Momentum, RMSProp


def test_gradient_descent_moves_each_parameter_in_place_against_its_gradient():
    weights, bias = np.ones((2, 3)), np.zeros((2, 1))
    params = [weights, bias]
    GradientDescent(0.1).update_params(params, [np.full((2, 3), 2.0), np.full((2, 1), -1.0)])
    assert params[0] is weights and params[1] is bias
    np.testing.assert_array_equal(weights, np.full((2, 3), 0.8))
    np.testing.assert_array_equal(bias, np.full((2, 1), 0.1))


def test_a_gradient_for_every_parameter():
    with pytest.raises(ValueError):
        GradientDescent(0.1).update_params([np.ones(2), np.ones(2)], [np.ones(2)])


def steps(optimizer, start, gradients):
    """The parameter after each update of ``optimizer`` by ``gradients``, from ``start``."""
    param = np.array(start, dtype=float)
    seen = []
    for gradient in gradients:
        optimizer.update_params([param], [np.array(gradient, dtype=float)])
        seen.append(param.copy())
    return seen


def test_heavy_ball_momentum_by_hand():
    # v1 = -0.1 g, v2 = 0.9 v1 - 0.1 g = -0.19 g, v3 = 0.9 v2 - 0.1 g = -0.271 g.
    seen = steps(Momentum([np.zeros(2)], 0.1, 0.9, nesterov=False), [1.0, 1.0], [[1.0, -2.0]] * 3)
    np.testing.assert_allclose(seen[0], [1 - 0.1, 1 + 0.2], rtol=1e-15)
    np.testing.assert_allclose(seen[1], [1 - 0.29, 1 + 0.58], rtol=1e-15)
    np.testing.assert_allclose(seen[2], [1 - 0.561, 1 + 1.122], rtol=1e-15)


def test_nesterov_steps_once_more_along_the_gradient_from_the_new_velocity():
    # θ ← θ + 0.9 v_t - 0.1 g with the same velocities: the heavy ball's step plus a look-ahead.
    seen = steps(Momentum([np.zeros(2)], 0.1, 0.9, nesterov=True), [1.0, 1.0], [[1.0, -2.0]] * 3)
    np.testing.assert_allclose(seen[0], [1 - 0.19, 1 + 0.38], rtol=1e-15)
    np.testing.assert_allclose(seen[1], [1 - 0.19 - 0.271, 1 + 0.38 + 0.542], rtol=1e-15)
    np.testing.assert_allclose(seen[2], [1 - 0.461 - 0.3439, 1 + 0.922 + 0.6878], rtol=1e-15)
    # Without momentum both are plain gradient descent.
    for nesterov in (False, True):
        still = steps(Momentum([np.zeros(1)], 0.1, 0.0, nesterov), [1.0], [[1.0]] * 2)
        np.testing.assert_allclose(still, [[0.9], [0.8]], rtol=1e-15)


def test_adam_by_hand():
    rate, eps = 0.01, 1e-8
    g1, g2 = np.array([0.5, -0.002, 0.0]), np.array([0.1, 0.002, 0.0])
    seen = steps(Adam([np.zeros(3)], rate, 0.9, 0.999, eps), [1.0, 1.0, 1.0], [g1, g2])
    # Step 1: the bias-corrected moments are g and g², so each coordinate moves by
    # -η g / (|g| + ε): by about -η sign(g), whatever the gradient's size, and not at all
    # where it is zero.
    np.testing.assert_allclose(
        seen[0], [1 - rate * 0.5 / (0.5 + eps), 1 + rate * 0.002 / (0.002 + eps), 1.0], rtol=1e-15
    )
    assert seen[0][:2] == pytest.approx([1 - rate, 1 + rate], rel=1e-7)
    # Step 2: m = 0.9·0.1·g1 + 0.1·g2 and v = 0.999·0.001·g1² + 0.001·g2², divided by
    # 1 - 0.9² and 1 - 0.999².
    m_hat = np.array([0.055, 0.00002, 0.0]) / 0.19
    v_hat = np.array([0.00025975, 7.996e-9, 0.0]) / 0.001999
    np.testing.assert_allclose(seen[1], seen[0] - rate * m_hat / (np.sqrt(v_hat) + eps), rtol=1e-12)
    assert seen[1] - seen[0] == pytest.approx([-0.0080304, -0.00052631, 0.0], abs=1e-8)


def test_rmsprop_by_hand():
    rate, eps = 0.01, 1e-8
    g1, g2 = np.array([0.5, -0.002]), np.array([0.1, 0.002])
    seen = steps(RMSProp([np.zeros(2)], rate, 0.9, eps), [1.0, 1.0], [g1, g2])
    # s = 0.1 g²: without a bias correction the first step is about η / √0.1 = 3.16 η.
    s1 = np.array([0.025, 4e-7])
    np.testing.assert_allclose(seen[0], 1 - rate * g1 / (np.sqrt(s1) + eps), rtol=1e-15)
    assert seen[0] - 1 == pytest.approx([-0.0316227766, 0.0316227766], rel=1e-4)
    s2 = 0.9 * s1 + 0.1 * g2**2
    np.testing.assert_allclose(s2, [0.0235, 7.6e-7])
    np.testing.assert_allclose(seen[1], seen[0] - rate * g2 / (np.sqrt(s2) + eps), rtol=1e-15)


@pytest.mark.parametrize(
    "build",
    [
        lambda params: Momentum(params, 0.1, 0.9, nesterov=True),
        lambda params: Adam(params, 0.1, 0.9, 0.999, 1e-8),
        lambda params: RMSProp(params, 0.1, 0.9, 1e-8),
    ],
)
def test_every_optimizer_updates_in_place_and_keeps_state_per_parameter(build):
    weights, bias = np.ones((2, 3), dtype=np.float32), np.zeros((2, 1), dtype=np.float32)
    optimizer = build([weights, bias])
    params = [weights, bias]
    for _ in range(2):
        optimizer.update_params(
            params, [np.full((2, 3), 2.0, np.float32), np.ones((2, 1), np.float32)]
        )
    assert params[0] is weights and params[1] is bias
    assert weights.dtype == bias.dtype == np.float32  # the state keeps the precision too
    assert np.all(weights < 1) and np.all(bias < 0)
    with pytest.raises(ValueError):
        optimizer.update_params(params, [np.ones((2, 3))])
