import numpy as np
import pytest

from initbench.training.optimizers import GradientDescent


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
