import numpy as np
import pytest

from initbench.initializers import WEIGHT_STD, initialize

LAYERS = [2000, 400, 1]


@pytest.mark.parametrize(
    ("method", "expected_std"),
    [("random", 10.0), ("he", np.sqrt(2 / 2000)), ("xavier", np.sqrt(1 / 2000))],
)
def test_first_layer_std_matches_the_formula(method, expected_std):
    weights, bias = initialize(LAYERS, method, np.random.RandomState(0))[0]
    # 800,000 draws: the sample std is within 0.5 % of the true one with overwhelming odds.
    assert weights.std() == pytest.approx(expected_std, rel=5e-3)
    assert abs(weights.mean()) < 5e-3 * expected_std * 10
    assert not bias.any()


def test_zeros_are_exactly_positive_zero():
    params = initialize([10, 5, 5, 1], "zeros", np.random.RandomState(1))
    for weights, bias in params:
        assert not weights.any() and not bias.any()
        assert not np.signbit(weights).any()


def test_shapes_are_fan_out_by_fan_in():
    params = initialize([7, 5, 3, 1], "he", np.random.RandomState(1))
    assert [w.shape for w, _ in params] == [(5, 7), (3, 5), (1, 3)]
    assert [b.shape for _, b in params] == [(5, 1), (3, 1), (1, 1)]


def test_draws_are_the_posts_numbers_after_np_random_seed():
    # The post: np.random.seed(1), then np.random.randn(fan_out, fan_in) * scale per layer.
    np.random.seed(1)
    expected = [
        np.random.randn(5, 12) * np.sqrt(2 / 12),
        np.random.randn(5, 5) * np.sqrt(2 / 5),
        np.random.randn(1, 5) * np.sqrt(2 / 5),
    ]
    params = initialize([12, 5, 5, 1], "he", np.random.RandomState(1))
    for (weights, _), reference in zip(params, expected, strict=True):
        np.testing.assert_array_equal(weights, reference)


def test_seed_controls_the_draw_and_no_global_state_is_used():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    first = initialize([30, 5, 1], "xavier", np.random.RandomState(4))
    again = initialize([30, 5, 1], "xavier", np.random.RandomState(4))
    other = initialize([30, 5, 1], "xavier", np.random.RandomState(5))
    np.testing.assert_array_equal(first[0][0], again[0][0])
    assert not np.array_equal(first[0][0], other[0][0])
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_random_scale_is_used():
    weights = initialize([3000, 300, 1], "random", np.random.RandomState(0), random_scale=2.5)[0][0]
    assert weights.std() == pytest.approx(2.5, rel=1e-2)


def test_every_method_is_one_table_entry():
    assert set(WEIGHT_STD) == {"zeros", "random", "he", "xavier"}
