"""The grid of runs and how its settings are named."""

import math

import pandas as pd
import pytest

from initbench.analysis.summary import by_setting
from initbench.experiment import (
    architectures,
    cost_threshold,
    gaussian_variances,
    layers_name,
    methods,
    nearest_to_post_setting,
    optimizations,
    parse_layers,
    parse_optimization,
    rate_name,
    settings,
    sweeps_optimizers,
)


def test_one_architecture_or_several():
    assert architectures([5, 5]) == [[5, 5]]
    assert architectures([[5, 5], [10]]) == [[5, 5], [10]]


def test_width_by_depth_alone_in_a_list_or_inside_an_architecture():
    assert architectures("64x3") == [[64, 64, 64]]
    assert architectures(["8x2", "4x1"]) == [[8, 8], [4]]
    assert architectures([[5, 5], "3x2", [100, "7x3", 10]]) == [
        [5, 5],
        [3, 3],
        [100, 7, 7, 7, 10],
    ]


@pytest.mark.parametrize("layers", ["64*30", [[5, 5], "0x3"], [[5, 0]], [[5, True]]])
def test_a_malformed_architecture_names_the_part(layers):
    with pytest.raises(ValueError, match="is not a number of units"):
        architectures(layers)


def test_one_architecture_written_twice_is_refused():
    with pytest.raises(ValueError, match="listed twice: 64-64"):
        architectures([[64, 64], "64x2"])


@pytest.mark.parametrize(
    "units,name",
    [
        ((5, 5), "5-5"),  # the post's, as its results have always been named
        ((64,) * 30, "64x30"),
        ((8,) * 100, "8x100"),
        ((100, 64, 64, 64, 10), "100-64x3-10"),
        ((3, 3, 4, 4, 4, 4), "3-3-4x4"),
    ],
)
def test_repeated_widths_are_named_width_x_count(units, name):
    assert layers_name(units) == name
    assert parse_layers(name) == units


@pytest.mark.parametrize("rate", [0.01, 0.0003, 1e-5, 50, 50.0, 0.1 + 0.2, 3e-4])
def test_learning_rate_names_read_back_as_the_same_float(rate):
    name = rate_name(rate)
    assert float(name) == rate
    assert "/" not in name and " " not in name


@pytest.mark.parametrize("units", [(5, 5), (10,), (64, 32, 16), (7,) * 3 + (2,) * 3])
def test_layer_names_round_trip(units):
    assert parse_layers(layers_name(units)) == units


GD_ONLY = {"optimizers": ["gd"], "order_seeds": [0]}


def test_settings_are_the_cartesian_product_in_config_order():
    config = {
        "activations": ["tanh", "relu"],
        "learning_rates": [0.01, 0.001],
        "hidden_layers": [[5, 5], [10]],
        **GD_ONLY,
    }
    found = settings(config)
    assert len(found) == 8
    post = {"activation": "tanh", "learning_rate": "0.01", "optimization": ""}
    assert found[0] == {**post, "layers": "5-5"}
    assert found[1] == {**post, "layers": "10"}
    assert found[-1] == {**post, "activation": "relu", "learning_rate": "0.001", "layers": "10"}


def test_gd_runs_once_and_every_other_optimizer_once_per_order_seed():
    config = {"optimizers": ["gd", "sgd", "adam"], "order_seeds": [0, 3]}
    assert optimizations(config) == [
        "",
        "/sgd-order0",
        "/sgd-order3",
        "/adam-order0",
        "/adam-order3",
    ]
    assert [parse_optimization(name) for name in optimizations(config)] == [
        ("gd", 0),
        ("sgd", 0),
        ("sgd", 3),
        ("adam", 0),
        ("adam", 3),
    ]
    assert sweeps_optimizers(config) and not sweeps_optimizers(GD_ONLY)
    with pytest.raises(ValueError, match="names no optimization"):
        parse_optimization("/gd-order0")


def test_by_setting_keeps_the_order_of_first_appearance():
    frame = pd.DataFrame(
        {
            "activation": ["relu", "tanh", "relu"],
            "learning_rate": [0.1, 0.01, 0.1],
            "hidden_layers": ["5-5", "5-5", "5-5"],
            "value": [1, 2, 3],
        }
    )
    groups = by_setting(frame)
    assert [label for label, _ in groups] == [
        "relu, lr 0.1, layers 5-5",
        "tanh, lr 0.01, layers 5-5",
    ]
    assert groups[0][1]["value"].tolist() == [1, 3]


def test_the_studied_setting_is_the_posts_when_the_grid_has_it_else_the_first():
    config = {"activations": ["relu", "tanh"], "learning_rates": [0.001, 0.01], **GD_ONLY}
    grid = settings({**config, "hidden_layers": [[10], [5, 5]]})
    assert nearest_to_post_setting(grid) == {
        "activation": "tanh",
        "learning_rate": "0.01",
        "layers": "5-5",
        "optimization": "",
    }
    without = settings({**config, "hidden_layers": [10]})
    assert nearest_to_post_setting(without) == without[0]


def test_gaussian_in_the_methods_is_one_method_per_pair_of_variances():
    config = {
        "methods": ["he", "gaussian", "lsuv"],
        "gaussian": {"weight_variances": [1.5, 2], "bias_variances": [0, 0.05]},
    }
    assert methods(config) == [
        "he",
        "gaussian_w1.5_b0.0",
        "gaussian_w1.5_b0.05",
        "gaussian_w2.0_b0.0",
        "gaussian_w2.0_b0.05",
        "lsuv",
    ]
    assert [gaussian_variances(name) for name in methods(config)[1:3]] == [(1.5, 0.0), (1.5, 0.05)]
    assert methods({"methods": ["he", "xavier"]}) == ["he", "xavier"]


def test_the_cost_threshold_is_the_posts_for_two_classes_and_its_share_of_ln_k_beyond():
    assert cost_threshold(2) == 0.5
    for classes in (3, 10, 100):
        # The same share of the cost of learning nothing, ln K, as 0.5 is of ln 2.
        assert cost_threshold(classes) / math.log(classes) == pytest.approx(0.5 / math.log(2))
    assert round(cost_threshold(10), 2) == 1.66
