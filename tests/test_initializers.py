import numpy as np
import pytest
from conftest import REPO

from initbench.activations import ACTIVATIONS
from initbench.config_check import load_schema
from initbench.experiment import CRITICAL_FAMILIES, critical_name, gaussian_name
from initbench.theory.mean_field import chi1, critical_weight_variance
from initbench.training.initializers import INITIALIZERS, Layer, initialize, initializer
from initbench.training.trainer import METHODS, is_method

LAYERS = [2000, 400, 1]
RNG = np.random.RandomState


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


def test_random_scale_is_used():
    weights = initialize([3000, 300, 1], "random", np.random.RandomState(0), random_scale=2.5)[0][0]
    assert weights.std() == pytest.approx(2.5, rel=1e-2)


FAN_IN, FAN_OUT = 2000, 400
# The variance each entry promises for a FAN_IN -> FAN_OUT layer feeding tanh, by its formula.
VARIANCE = {
    "random": 10.0**2,
    "he": 2 / FAN_IN,
    "he_uniform": 2 / FAN_IN,  # (√(6/fan_in))² / 3
    "xavier": 1 / FAN_IN,
    "lecun_normal": 1 / FAN_IN,
    "glorot_normal": 2 / (FAN_IN + FAN_OUT),
    "glorot_uniform": 2 / (FAN_IN + FAN_OUT),  # (√(6/(fan_in+fan_out)))² / 3
    "glorot_standard": 1 / (3 * FAN_IN),  # (1/√fan_in)² / 3
    "keras_default": 2 / (FAN_IN + FAN_OUT),
    "orthogonal": (5 / 3) ** 2 / FAN_IN,  # unit rows of FAN_IN entries, times tanh's gain
    "pytorch_default": 1 / (3 * FAN_IN),  # (1/√fan_in)² / 3
}
UNIFORM_LIMIT = {
    "he_uniform": np.sqrt(6 / FAN_IN),
    "glorot_uniform": np.sqrt(6 / (FAN_IN + FAN_OUT)),
    "glorot_standard": 1 / np.sqrt(FAN_IN),
    "keras_default": np.sqrt(6 / (FAN_IN + FAN_OUT)),
    "pytorch_default": 1 / np.sqrt(FAN_IN),
}


def test_every_method_is_one_table_entry_or_lsuv_and_in_the_schema():
    schema = load_schema(REPO / "workflow/schemas/config.schema.yaml")
    assert set(INITIALIZERS) == set(VARIANCE) | {"zeros"}
    assert set(METHODS) == set(INITIALIZERS) | {"lsuv"}  # LSUV also reads the images
    # gaussian and the critical families stand for their methods, one per variance or pair.
    families = {"gaussian", *CRITICAL_FAMILIES}
    assert set(schema["properties"]["methods"]["items"]["enum"]) == set(METHODS) | families


@pytest.mark.parametrize("method", sorted(VARIANCE))
def test_empirical_variance_matches_the_formula_on_a_large_layer(method):
    weights, _ = initialize([FAN_IN, FAN_OUT, 1], method, np.random.RandomState(0))[0]
    assert weights.shape == (FAN_OUT, FAN_IN)
    # 800,000 draws: the sample variance is within 1 % of the true one with overwhelming odds.
    assert weights.var() == pytest.approx(VARIANCE[method], rel=1e-2)
    assert abs(weights.mean()) < 1e-2 * np.sqrt(VARIANCE[method])
    if method in UNIFORM_LIMIT:
        limit = UNIFORM_LIMIT[method]
        assert np.abs(weights).max() <= limit
        assert np.abs(weights).max() > 0.999 * limit  # uniform, not something narrower


@pytest.mark.parametrize("method", sorted(VARIANCE))
def test_the_output_layer_of_k_classes_is_drawn_by_its_rule_with_fan_out_k(method):
    classes = 400  # many, so that 800,000 draws pin the variance down
    weights, _ = initialize([30, FAN_IN, classes], method, np.random.RandomState(0))[-1]
    assert weights.shape == (classes, FAN_IN)
    output = Layer(FAN_IN, classes, gain=ACTIVATIONS["sigmoid"].gain, random_scale=10.0)
    weight_variance, _ = INITIALIZERS[method].variances(output)
    assert weights.var() == pytest.approx(weight_variance / FAN_IN, rel=1e-2)


@pytest.mark.parametrize("method", sorted(VARIANCE))
def test_each_entry_declares_the_variances_it_draws(method):
    layer = Layer(FAN_IN, FAN_OUT, gain=ACTIVATIONS["tanh"].gain, random_scale=10.0)
    weight_variance, bias_variance = INITIALIZERS[method].variances(layer)
    assert weight_variance / FAN_IN == pytest.approx(VARIANCE[method], rel=1e-12)
    assert bias_variance == (1 / (3 * FAN_IN) if method == "pytorch_default" else 0.0)


def test_orthogonal_with_more_outputs_than_inputs_has_unit_columns():
    # FAN_IN -> 4 x FAN_IN: each column of 4 x FAN_IN entries has unit length.
    layer = Layer(500, 2000, gain=1.0, random_scale=10.0)
    weights, _ = INITIALIZERS["orthogonal"].draw(np.random.RandomState(0), layer)
    weight_variance, _ = INITIALIZERS["orthogonal"].variances(layer)
    assert weights.var() * 500 == pytest.approx(weight_variance, rel=1e-2)
    assert weight_variance == 0.25


@pytest.mark.parametrize("method", ["he", "xavier"])
def test_the_gaussian_family_without_bias_draws_he_and_xavier_exactly(method):
    weight_variance = {"he": 2.0, "xavier": 1.0}[method]
    family = initialize([300, 64, 64, 1], gaussian_name(weight_variance, 0.0), RNG(9))
    named = initialize([300, 64, 64, 1], method, RNG(9))
    for (w1, b1), (w2, b2) in zip(family, named, strict=True):
        np.testing.assert_array_equal(w1, w2)
        np.testing.assert_array_equal(b1, b2)


@pytest.mark.parametrize("weight_variance,bias_variance", [(1.76, 0.05), (4.0, 1.5), (0.5, 0.0)])
def test_the_gaussian_familys_variances(weight_variance, bias_variance):
    # 50 inputs to 40,000 units: 2,000,000 weights and 40,000 biases, each layer's variance
    # within 1 % (weights) and 5 % (biases) of the promised one with overwhelming odds.
    params = initialize([50, 40_000, 1], gaussian_name(weight_variance, bias_variance), RNG(0))
    (weights, biases), (output_weights, output_bias) = params
    assert weights.var() * 50 == pytest.approx(weight_variance, rel=1e-2)
    assert abs(weights.mean()) < 1e-2 * weights.std()
    if bias_variance:
        assert biases.var() == pytest.approx(bias_variance, rel=5e-2)
    else:
        assert not biases.any()
    assert output_weights.var() * 40_000 == pytest.approx(weight_variance, rel=0.1)
    assert output_bias.shape == (1, 1) and bool(output_bias.any()) == bool(bias_variance)


@pytest.mark.parametrize(
    "name,known",
    [
        ("gaussian_w1.76_b0.05", True),
        ("gaussian_w2.0_b0.0", True),
        ("gaussian_w1e-05_b0.0", True),
        ("gaussian_w2_b0", False),  # written as gaussian_name writes it: 2.0, 0.0
        ("gaussian_w-1.0_b0.0", False),
        ("gaussian", False),
        ("gaussian_w1.0", False),
        ("kaiming", False),
        ("lsuv", True),
        ("he", True),
        ("critical_orthogonal_b0.0001", True),
        ("critical_gaussian_b0.0", True),
        ("critical_orthogonal_b0", False),  # written as critical_name writes it: 0.0
        ("critical_orthogonal_b-1.0", False),
        ("critical_uniform_b0.0", False),
        ("critical_orthogonal", False),
    ],
)
def test_which_names_a_run_can_start_from(name, known):
    assert is_method(name) is known
    if known and name != "lsuv":
        initialize([10, 3, 1], name, RNG(0))
    elif name != "lsuv":
        with pytest.raises(ValueError, match=f"unknown initialization '{name}'"):
            initialize([10, 3, 1], name, RNG(0))


@pytest.mark.parametrize("method", sorted(INITIALIZERS))
def test_each_method_is_seeded_by_the_runs_generator_alone(method):
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    first = initialize([60, 5, 5, 1], method, np.random.RandomState(4))
    again = initialize([60, 5, 5, 1], method, np.random.RandomState(4))
    other = initialize([60, 5, 5, 1], method, np.random.RandomState(5))
    for (w1, b1), (w2, b2) in zip(first, again, strict=True):
        np.testing.assert_array_equal(w1, w2)
        np.testing.assert_array_equal(b1, b2)
    if method != "zeros":
        assert not np.array_equal(first[0][0], other[0][0])
    np.testing.assert_array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("method", sorted(set(INITIALIZERS) - {"pytorch_default"}))
def test_biases_start_at_zero(method):
    for _, bias in initialize([60, 5, 5, 1], method, np.random.RandomState(2)):
        assert bias.shape[1] == 1 and not bias.any()


def test_pytorch_default_draws_biases_too_within_the_same_bound():
    params = initialize([2500, 300, 1], "pytorch_default", np.random.RandomState(0))
    bias = params[0][1]
    assert bias.shape == (300, 1)
    assert np.abs(bias).max() <= 1 / np.sqrt(2500)
    assert bias.var() == pytest.approx(1 / (3 * 2500), rel=0.2)  # only 300 draws


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("sizes", [[40, 7, 7, 1], [3, 7, 7, 1]])
def test_orthogonal_rows_or_columns_are_orthonormal_times_the_gain(activation, sizes):
    params = initialize(sizes, "orthogonal", np.random.RandomState(1), activation=activation)
    gains = [ACTIVATIONS[activation].gain] * (len(params) - 1) + [1.0]  # the output: sigmoid
    for (weights, _), gain in zip(params, gains, strict=True):
        rows, columns = weights.shape
        product = weights @ weights.T if rows <= columns else weights.T @ weights
        np.testing.assert_allclose(product, gain**2 * np.eye(min(rows, columns)), atol=1e-12)


def test_lecun_normal_is_the_posts_xavier():
    np.testing.assert_array_equal(
        initialize([30, 5, 1], "lecun_normal", np.random.RandomState(7))[0][0],
        initialize([30, 5, 1], "xavier", np.random.RandomState(7))[0][0],
    )


@pytest.mark.parametrize("activation", ["tanh", "relu", "leaky_relu"])
@pytest.mark.parametrize("bias_variance", [0.0, 0.05])
def test_a_critical_family_puts_its_activation_at_the_edge_of_chaos(activation, bias_variance):
    for family in CRITICAL_FAMILIES:
        name = critical_name(family, bias_variance)
        draws = initializer(name, activation)
        layer = Layer(256, 256, gain=ACTIVATIONS[activation].gain, random_scale=10.0)
        weight_variance, declared_bias = draws.variances(layer)
        assert declared_bias == bias_variance
        assert chi1(activation, weight_variance, bias_variance) == pytest.approx(1.0, abs=1e-9)
        ensemble = "orthogonal" if family == "critical_orthogonal" else "gaussian"
        assert draws.ensemble == ensemble


def test_the_critical_gaussian_under_relu_without_bias_draws_he_exactly():
    critical = initialize([300, 64, 64, 1], "critical_gaussian_b0.0", RNG(4), activation="relu")
    for (w1, b1), (w2, b2) in zip(
        critical, initialize([300, 64, 64, 1], "he", RNG(4)), strict=True
    ):
        np.testing.assert_array_equal(w1, w2)
        np.testing.assert_array_equal(b1, b2)


def test_the_critical_orthogonal_family_is_orthogonal_times_the_critical_scale():
    params = initialize([500, 300, 300, 10], "critical_orthogonal_b0.05", RNG(2), activation="tanh")
    weight_variance = critical_weight_variance("tanh", 0.05)
    first, square, output = (weights for weights, _ in params)
    # Rows orthonormal where a layer narrows or keeps its width, times √σ_w².
    for weights in (first, square, output):
        np.testing.assert_allclose(
            weights @ weights.T, weight_variance * np.eye(len(weights)), atol=1e-12
        )
    biases = np.concatenate([bias.ravel() for _, bias in params[:2]])
    assert biases.var() == pytest.approx(0.05, rel=0.15)  # 600 draws of N(0, 0.05)


def test_orthogonal_draws_what_it_drew_before_the_family_shared_its_code():
    # The same QR of the same Gaussian draws: the runs of orthogonal keep their numbers.
    layer = Layer(30, 20, gain=1.5, random_scale=10.0)
    weights, _ = INITIALIZERS["orthogonal"].draw(RNG(0), layer)
    q, r = np.linalg.qr(RNG(0).randn(20, 30).T)
    np.testing.assert_array_equal(weights, 1.5 * (q * np.sign(np.diag(r))).T)
