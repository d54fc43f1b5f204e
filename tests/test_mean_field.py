"""Mean-field signal propagation held to the papers' values, to closed forms and to its own
maps, and a wide random network held to its fixed point; the table of a grid's
initializations, and the report's section that shows it."""

import warnings

import numpy as np
import pandas as pd
import pytest
from report_helpers import configuration

from initbench.analysis.mean_field_table import FIELDS, described, mean_field_rows
from initbench.report.sections.mean_field import has_mean_field, mean_field_table
from initbench.storage import write_csv
from initbench.tables import read_table
from initbench.theory.mean_field import (
    critical_weight_variance,
    mean_field,
    pair_expectation,
)
from initbench.theory.signal_propagation import gaussian_expectation, next_second_moment
from initbench.training.initializers import initialize
from initbench.training.network import forward


def test_the_edge_of_chaos_for_tanh_is_where_the_papers_put_it():
    # Schoenholz et al. (2017), Figure 1 and 6: σ_b² = 0.05 is critical at σ_w² ≈ 1.76.
    assert critical_weight_variance("tanh", 0.05) == pytest.approx(1.76, abs=0.005)
    # Without biases q* = 0 and χ₁ = σ_w² tanh'(0)² = σ_w²: critical at 1.
    assert critical_weight_variance("tanh", 0.0) == pytest.approx(1.0, abs=1e-4)


@pytest.mark.parametrize("weight_variance", [1.0, 1.5, 2.0, 2.5, 4.0])
@pytest.mark.parametrize("bias_variance", [0.0, 0.05, 0.3])
def test_relu_has_its_closed_forms(weight_variance, bias_variance):
    found = mean_field("relu", weight_variance, bias_variance)
    assert found.chi1 == pytest.approx(weight_variance / 2)  # He et al.: critical at 2
    if weight_variance < 2:
        assert found.fixed_point == pytest.approx(bias_variance / (1 - weight_variance / 2))
        assert found.phase == "ordered"
    else:
        assert found.fixed_point is None
    if weight_variance != 2:
        assert found.depth_scale_q == pytest.approx(1 / abs(np.log(weight_variance / 2)))
    expected_c = (
        -1 / np.log(weight_variance / 2) if bias_variance and weight_variance < 2 else np.inf
    )
    assert found.depth_scale_c == pytest.approx(expected_c)


def test_he_initialization_is_the_critical_point_of_relu():
    found = mean_field("relu", 2.0, 0.0)
    assert found.phase == "critical" and found.depth_scale_c == np.inf
    # Orthogonal's gain √2, squared, is 2.0000000000000004: critical all the same.
    rounded = mean_field("relu", np.sqrt(2.0) ** 2, 0.0)
    assert rounded.phase == "critical" and rounded.depth_scale_q == np.inf
    assert critical_weight_variance("relu", 0.1) == pytest.approx(2.0)


def test_zero_weights_forget_at_once_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for activation in ("relu", "leaky_relu", "tanh", "sigmoid"):
            found = mean_field(activation, 0.0, 0.0)
            assert found.chi1 == 0 and found.depth_scale_q == 0 and found.depth_scale_c == 0


def test_tanh_without_bias_below_the_edge_decays_to_zero():
    found = mean_field("tanh", 0.8, 0.0)
    assert found.fixed_point == 0.0
    assert found.chi1 == pytest.approx(0.8)
    assert found.depth_scale_c == pytest.approx(-1 / np.log(0.8))


@pytest.mark.parametrize("weight_variance", [1.2, 1.5, 2.5, 4.0])
def test_the_fixed_points_are_fixed_and_the_depth_scales_are_the_maps_slopes(weight_variance):
    found = mean_field("tanh", weight_variance, 0.05)
    q = found.fixed_point
    assert next_second_moment(q, "tanh", weight_variance, 0.05) == pytest.approx(q, rel=1e-9)
    # ξ_q: the variance map's slope at q*, here by central differences.
    step = 1e-5 * q
    slope = (
        next_second_moment(q + step, "tanh", weight_variance, 0.05)
        - next_second_moment(q - step, "tanh", weight_variance, 0.05)
    ) / (2 * step)
    assert found.depth_scale_q == pytest.approx(-1 / np.log(slope), rel=1e-5)

    def correlation_map(c):
        return (weight_variance * pair_expectation(np.tanh, q, c) + 0.05) / q

    c = found.correlation_fixed_point
    assert correlation_map(c) == pytest.approx(c, abs=1e-7)
    if found.phase == "chaotic":
        assert c < 1
        slope_c = (correlation_map(c + 1e-5) - correlation_map(c - 1e-5)) / 2e-5
    else:
        assert c == 1.0
        # One-sided, second order: the map is defined up to c = 1 only.
        step = 1e-2
        slope_c = (
            3 * correlation_map(1.0) - 4 * correlation_map(1 - step) + correlation_map(1 - 2 * step)
        ) / (2 * step)
    assert slope_c < 1  # c* is the stable fixed point
    assert found.depth_scale_c == pytest.approx(-1 / np.log(slope_c), rel=1e-3)


def test_the_correlation_depth_diverges_at_the_edge_of_chaos():
    edge = critical_weight_variance("tanh", 0.05)
    scales = [
        mean_field("tanh", edge + offset, 0.05).depth_scale_c for offset in (-0.5, -0.05, -0.005)
    ]
    assert scales == sorted(scales) and scales[-1] > 100
    chaotic = [
        mean_field("tanh", edge + offset, 0.05).depth_scale_c for offset in (0.005, 0.05, 0.5)
    ]
    assert chaotic == sorted(chaotic, reverse=True) and chaotic[0] > 100


def test_pair_expectations_at_full_and_no_correlation():
    assert pair_expectation(np.tanh, 0.7, 1.0) == pytest.approx(
        gaussian_expectation(lambda z: np.tanh(z) ** 2, 0.7), rel=1e-9
    )
    assert pair_expectation(np.exp, 0.5, 0.0) == pytest.approx(np.exp(0.5 / 2) ** 2, rel=1e-9)
    # E[u₁ u₂] = q c.
    assert pair_expectation(lambda u: u, 2.0, 0.3) == pytest.approx(0.6, rel=1e-9)


def test_a_wide_tanh_network_settles_at_the_fixed_point():
    # Deep in chaos, ξ_c ≈ 7: forty layers settle both fixed points.
    weight_variance, bias_variance = 4.0, 0.05
    found = mean_field("tanh", weight_variance, bias_variance)
    x = np.random.RandomState(0).randn(40, 20)
    params = initialize(
        [40, *[1000] * 40, 1],
        f"gaussian_w{weight_variance}_b{bias_variance}",
        np.random.RandomState(1),
        activation="tanh",
    )
    passed = forward(params, params[0][0] @ x + params[0][1], "tanh")
    last = passed.z[-2]  # the deepest hidden layer's pre-activations
    assert float(np.mean(last**2)) == pytest.approx(found.fixed_point, rel=0.02)
    # Chaos: two inputs' correlation (q_ab / √(q_aa q_bb), over units) reaches c* < 1.
    moments = last.T @ last / last.shape[0]
    scale = np.sqrt(np.diag(moments))
    correlations = (moments / np.outer(scale, scale))[np.triu_indices(20, 1)]
    assert float(np.median(correlations)) == pytest.approx(found.correlation_fixed_point, abs=0.02)


def test_a_hard_saturated_tanh_is_integrated_accurately():
    # random × 10 gives σ_w² in the hundreds: tanh(√q z) is nearly sign(z), its derivative a
    # spike 1/√q wide, which a fixed quadrature rule misses. Laplace's limit:
    # E[sech⁴(√q z)] ≈ (4/3) / √(2π q).
    found = mean_field("tanh", 500.0, 0.0)
    expected = 500.0 * (4 / 3) / np.sqrt(2 * np.pi * found.fixed_point)
    assert found.chi1 == pytest.approx(expected, rel=1e-2)
    # E[sign(u₁) sign(u₂)] = (2/π) arcsin(c).
    assert pair_expectation(np.tanh, 1e4, 0.5) == pytest.approx(
        2 / np.pi * np.arcsin(0.5), abs=1e-2
    )


def test_the_table_has_a_row_per_initialization_drawn_at_one_variance():
    rows = mean_field_rows(["tanh", "relu"], ["5-5", "64x3", "5"], ["he", "lsuv", "xavier"], 10.0)
    table = pd.DataFrame(rows, columns=FIELDS)
    # LSUV is set by the data, and one hidden layer has no layer between hidden layers.
    assert set(table["method"]) == {"he", "xavier"}
    assert set(table["hidden_layers"]) == {"5-5", "64x3"}
    relu_he = table[(table["activation"] == "relu") & (table["method"] == "he")].iloc[0]
    assert relu_he["chi1"] == 1.0 and relu_he["phase"] == "critical"
    assert relu_he["depth_scale_c"] == "inf" and relu_he["fixed_point"] == ""
    tanh_xavier = table[(table["activation"] == "tanh") & (table["method"] == "xavier")].iloc[0]
    assert tanh_xavier["phase"] == "critical"  # σ_w² = 1 without bias: tanh's edge of chaos


def test_glorot_between_unequal_widths_has_no_single_variance():
    # 2 / (fan_in + fan_out) x fan_in: 4/3 from 100 to 50, 5/3 from 50 to 10.
    assert mean_field_rows(["tanh"], ["100-50-10"], ["glorot_normal"], 10.0) == []
    # 2 / fan_in x fan_in is 2 whatever the widths.
    assert len(mean_field_rows(["tanh"], ["100-50-10"], ["he"], 10.0)) == 1


def test_the_mean_field_table_for_reading_drops_repeated_architectures():
    rows = mean_field_rows(["tanh"], ["64x10", "64x20"], ["he", "xavier"], 10.0)
    shown = mean_field_table(pd.DataFrame(rows, columns=FIELDS))
    assert shown["Method"].tolist() == ["he", "xavier"]
    assert shown.loc[shown["Method"] == "xavier", "ξ_c"].item() == "∞"


def test_the_section_applies_where_some_network_is_drawn_at_one_variance():
    assert described(["tanh"], ["5-5"], ["lsuv", "he"], 10.0) == [("tanh", "5-5", "he", 2.0, 0.0)]
    assert has_mean_field(configuration())  # the post's 5-5 from four methods
    assert not has_mean_field(configuration(hidden_layers=[10]))  # one hidden layer
    assert not has_mean_field(configuration(methods=["lsuv"]))  # scaled by the data


def test_the_mean_field_table_reads_numbers_to_three_digits_and_absences_as_dashes(tmp_path):
    rows = mean_field_rows(["relu"], ["5-5"], ["he", "random"], 10.0)
    path = tmp_path / "mean_field.csv"
    write_csv(path, FIELDS, rows)
    shown = mean_field_table(read_table(path)).set_index("Method")
    assert shown.loc["he", "q*"] == "—" and shown.loc["he", "ξ_c"] == "∞"
    assert shown.loc["random", "σ_w²"] == "500"  # 10² x fan_in 5
