"""The hidden stack's Jacobian at initialization, and Pennington et al.'s (2017) moments of its
spectrum: exact on linear networks, where the answers are known in closed form, and against
Monte Carlo draws of wide nonlinear ones."""

from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from report_helpers import assert_readable, configuration, results_with

from initbench.activations import ACTIVATIONS, Activation
from initbench.analysis.jacobian import numerically_zero, spectrum_table
from initbench.report.section import Plot, Table
from initbench.report.sections import jacobian as jacobian_section
from initbench.theory.jacobian import derivative_moments, jacobian_moments
from initbench.theory.mean_field import critical_weight_variance
from initbench.training.initializers import Layer, gaussian, initialize, scaled_orthogonal
from initbench.training.jacobian import (
    FIELDS,
    first_second_moment,
    hidden_jacobians,
    singular_values,
    spectrum_rows,
)
from initbench.training.trainer import Hyperparameters

RNG = np.random.RandomState


@pytest.fixture
def linear(monkeypatch):
    """An identity activation: a deep linear network (Saxe, McClelland & Ganguli 2013)."""
    monkeypatch.setitem(
        ACTIVATIONS, "linear", Activation(lambda z: z, lambda z, a: np.ones_like(z), 1.0)
    )
    return "linear"


def network(widths: list[int], draws, seed: int) -> list:
    """``(W, b)`` drawn by an ``Initializer`` layer by layer: ``widths`` are the input's and
    the hidden layers', and one output unit follows (the Jacobian does not reach it)."""
    rng = RNG(seed)
    sizes = [*widths, 1]
    return [
        draws.draw(rng, Layer(fan_in, fan_out, gain=1.0, random_scale=10.0))
        for fan_in, fan_out in pairwise(sizes)
    ]


def test_the_jacobian_is_the_derivative_of_the_last_hidden_layer_by_the_first():
    params = initialize([6, 5, 4, 3, 2], "he", RNG(3), activation="tanh")
    x = RNG(4).randn(6, 2)
    jacobians = hidden_jacobians(params, x, "tanh")
    assert jacobians.shape == (2, 3, 5)
    for image in range(2):
        first = np.tanh(params[0][0] @ x[:, [image]] + params[0][1])

        def last_hidden(a):
            for weights, bias in params[1:-1]:
                a = np.tanh(weights @ a + bias)
            return a

        step = 1e-6
        numeric = np.hstack(
            [
                (last_hidden(first + step * e) - last_hidden(first - step * e)) / (2 * step)
                for e in np.eye(5)[:, :, None]
            ]
        )
        np.testing.assert_allclose(jacobians[image], numeric, atol=1e-8)


@pytest.mark.parametrize("depth", [2, 8, 32])
def test_an_orthogonal_linear_network_is_an_exact_isometry(linear, depth):
    params = network([64] * (depth + 1), scaled_orthogonal(1.0, 0.0), seed=depth)
    values = singular_values(params, RNG(0).randn(64, 3), linear)
    np.testing.assert_allclose(values, 1.0, atol=1e-12)
    moments = jacobian_moments(1.0, linear, [(1.0, 0.0)] * (depth - 1), orthogonal=True)
    assert moments.mean_square == pytest.approx(1.0) and moments.variance == pytest.approx(0.0)


def test_a_gaussian_linear_networks_spread_grows_with_depth_as_theory_says(linear):
    # A product of L independent N(0, 1/N) matrices: E[λ] = 1 and E[λ²] = L + 1 (Fuss–Catalan)
    # as N grows, so var λ = L; at N = 300 the sample moments of 300 eigenvalues over 4 draws
    # sit within 15 % of that (var λ of one draw: a few % off from finite width alone).
    spreads = []
    for products in (1, 2, 4, 8):
        squares = np.concatenate(
            [
                singular_values(
                    network([300] * (products + 2), gaussian(1.0, 0.0), seed=10 * products + draw),
                    RNG(draw).randn(300, 1),
                    linear,
                ).ravel()
                ** 2
                for draw in range(4)
            ]
        )
        theory = jacobian_moments(1.0, linear, [(1.0, 0.0)] * products, orthogonal=False)
        assert theory.mean_square == pytest.approx(1.0)
        assert theory.variance == pytest.approx(products)
        assert squares.mean() == pytest.approx(1.0, rel=0.1)
        assert squares.var() == pytest.approx(products, rel=0.15)
        spreads.append(squares.var())
    assert spreads == sorted(spreads)


@pytest.mark.parametrize(
    "activation,orthogonal,relative_per_layer",
    [("relu", True, 1.0), ("relu", False, 2.0), ("tanh", True, None), ("tanh", False, None)],
)
def test_wide_nonlinear_networks_spectra_match_the_moments(
    activation, orthogonal, relative_per_layer
):
    depth, width, bias_variance = 6, 400, 0.05
    weight_variance = critical_weight_variance(activation, bias_variance)
    family = scaled_orthogonal if orthogonal else gaussian
    squares, first_moments = [], []
    for draw in range(4):
        params = network([width] * (depth + 1), family(weight_variance, bias_variance), draw)
        x = RNG(100 + draw).randn(width, 1)
        squares.append(singular_values(params, x, activation).ravel() ** 2)
        first_moments.append(first_second_moment(params, x)[0])
    squares = np.concatenate(squares)
    variances = [(weight_variance, bias_variance)] * (depth - 1)
    theory = jacobian_moments(float(np.mean(first_moments)), activation, variances, orthogonal)
    if relative_per_layer is not None:  # ReLU: μ₂/μ₁² = 2 whatever q
        assert theory.relative_variance == pytest.approx(relative_per_layer * (depth - 1))
    # 1,600 eigenvalues of networks 400 wide (measured: within 9 % and 12 %).
    assert squares.mean() == pytest.approx(theory.mean_square, rel=0.1)
    assert squares.var() == pytest.approx(theory.variance, rel=0.2)


def test_tanh_approaches_isometry_with_orthogonal_weights_as_q_star_shrinks():
    spreads = [
        jacobian_moments(
            q, "tanh", [(critical_weight_variance("tanh", b), b)] * 63, orthogonal=True
        ).relative_variance
        for q, b in [(1.0, 0.05), (0.1, 0.005), (1e-3, 1e-5)]
    ]
    assert spreads[0] > spreads[1] > spreads[2]
    assert spreads[-1] < 0.05


def test_the_derivative_moments_of_the_rectifiers_are_their_closed_forms():
    assert derivative_moments(3.0, "relu") == (0.5, 0.5)
    mu1, mu2 = derivative_moments(0.7, "tanh")
    z = np.random.RandomState(0).randn(2_000_000) * np.sqrt(0.7)
    assert mu1 == pytest.approx(np.mean((1 - np.tanh(z) ** 2) ** 2), rel=2e-3)
    assert mu2 == pytest.approx(np.mean((1 - np.tanh(z) ** 2) ** 4), rel=4e-3)


def real_spectra(methods: list[str], depths: list[int], seeds: int = 2) -> pd.DataFrame:
    """The Jacobian job's table for ReLU and tanh networks 12 wide on random images."""
    x = RNG(0).rand(20, 30)
    rows = []
    for activation in ("tanh", "relu"):
        for depth in depths:
            for method in methods:
                for seed in range(1, seeds + 1):
                    hp = Hyperparameters(
                        method, seed, hidden_layers=(12,) * depth, activation=activation
                    )
                    keys = [activation, f"12x{depth}", method, seed]
                    rows += [[*keys, *row] for row in spectrum_rows(x, 1, hp, images=3)]
    return pd.DataFrame(rows, columns=["activation", "hidden_layers", "method", "seed", *FIELDS])


def test_the_job_rows_are_each_images_singular_values_largest_first():
    spectra = real_spectra(["critical_orthogonal_b1e-05"], [8], seeds=1)
    assert len(spectra) == 2 * 3 * 12
    for _, image in spectra.groupby(["activation", "image"]):
        assert image["rank"].tolist() == list(range(1, 13))
        assert image["singular_value"].is_monotonic_decreasing
    assert (spectra["first_second_moment"] > 0).all()


def test_the_table_sets_the_measured_moments_beside_theory_where_it_holds():
    methods = ["critical_gaussian_b1e-05", "critical_orthogonal_b1e-05", "lsuv"]
    table = spectrum_table(real_spectra(methods, [8, 16]), random_scale=10.0)
    assert list(table["depth"].drop_duplicates()) == [8, 16]
    assert table["predicted_mean_square"].isna().tolist() == [
        method == "lsuv" for method in table["method"]
    ]
    relu = table[(table["activation"] == "relu") & (table["method"] != "lsuv")]
    # ReLU at the edge of chaos: m₁ = 1, relative variance (L - 1)(2 - 1 - s₁).
    assert relu["predicted_mean_square"].to_numpy() == pytest.approx(1.0)
    expected = [
        (depth - 1) * (2 if "gaussian" in method else 1)
        for depth, method in zip(relu["depth"], relu["method"], strict=True)
    ]
    assert relu["predicted_relative_variance"].to_numpy() == pytest.approx(expected)


def test_dead_units_and_long_products_give_singular_values_zero_to_float64():
    spectra = pd.DataFrame(
        {
            "activation": "relu",
            "hidden_layers": "2x3",
            "method": "he",
            "seed": 1,
            "image": [0, 0, 1, 1],
            "singular_value": [2.0, 1e-17, 1.0, 0.5],
        }
    )
    assert numerically_zero(spectra).tolist() == [False, True, False, False]


def test_the_section_draws_the_spectra_and_says_what_it_left_out(tmp_path):
    methods = ["critical_gaussian_b1e-05", "critical_orthogonal_b1e-05"]
    jacobian = real_spectra(methods, [8, 16])
    config = configuration(
        methods=["critical_gaussian", "critical_orthogonal"],
        critical={"bias_variances": [1e-5]},
        activations=["tanh", "relu"],
        hidden_layers=["12x8", "12x16"],
        seeds=[1, 2],
    )
    runs = pd.DataFrame({"method": methods, "random_scale": 10.0})
    results = results_with(tmp_path, config, runs=runs, jacobian=jacobian)
    blocks = list(jacobian_section.render(results))
    texts = [block for block in blocks if isinstance(block, str)]
    assert texts[0].startswith("Dynamical isometry")
    assert "on 3 training images (2 seeds per initialization)" in texts[0]
    plot = next(block for block in blocks if isinstance(block, Plot))
    assert plot.name == "jacobian_spectra"
    assert_readable(plot.figure)
    assert any("here the depth is 1.33 times the width (12)" in text for text in texts)
    table = next(block for block in blocks if isinstance(block, Table)).frame
    assert list(table.columns[:3]) == ["Activation", "Initialization", "Depth"]
    assert len(table) == 2 * 2 * 2
