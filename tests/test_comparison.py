import numpy as np
import pandas as pd
import pytest
from conftest import REPO

from initbench.analysis.comparison import (
    POST_SETTINGS,
    agreement,
    comparison,
    nearest_to_post,
    published_accuracy,
    published_costs,
    published_methods,
    settings_differing_from_post,
)
from initbench.config_check import load_schema
from initbench.experiment import layers_name


def test_published_tables_are_the_posts():
    costs = published_costs()
    assert len(costs) == 40
    assert {row["method"] for row in costs} == {"zeros", "random", "he", "xavier"}
    assert {"method": "random", "iteration": 100, "cost": 1.2413142077549013} in costs
    accuracy = {row["method"]: row["train_accuracy_percent"] for row in published_accuracy()}
    assert accuracy == {"zeros": 50.0, "random": 55.0, "he": 99.0, "xavier": 99.0}


def test_how_a_published_number_agrees_with_ours():
    seeds = pd.Series([0.1, 0.3, 0.5])
    found, digits = agreement(0.25, 0.25, seeds)
    assert found == "exact" and np.isnan(digits)
    assert agreement(1.0, 1.0 + 1e-11, seeds) == ("matches", 11)
    assert agreement(0.2, 0.3, seeds)[0] == "within"
    assert agreement(0.05, 0.3, seeds)[0] == "outside"
    assert agreement(0.2, np.nan, seeds)[0] == "within"  # no seed 1 among ours


def test_comparison_sets_our_runs_beside_each_published_number():
    published = pd.DataFrame(published_costs()).query("method == 'random'")
    rows = []
    for seed, offset in ((1, 0.0), (2, 0.5)):
        for iteration in range(1000):
            match = published[published["iteration"] == iteration + 1]
            cost = match["cost"].item() if len(match) else 9.0
            rows.append(
                {"method": "random", "seed": seed, "iteration": iteration, "cost": cost + offset}
            )
    costs = pd.DataFrame(rows)
    runs = pd.DataFrame(
        {"method": ["random", "random"], "seed": [1, 2], "train_accuracy": [0.55, 0.6]}
    )
    table = comparison(costs, runs)
    assert set(table["method"]) == {"random"}
    assert len(table) == 10 + 1
    assert (table["agreement"] == "exact").all()
    first = table.iloc[0]
    assert (first["quantity"], first["after_iterations"]) == ("cost", 100)
    assert first["ours_max"] == pytest.approx(first["post"] + 0.5)


def test_settings_that_differ_from_the_posts_are_named():
    runs = pd.DataFrame(
        {
            "activation": ["tanh", "tanh"],
            "hidden_layers": ["5-5", "5-5"],
            "learning_rate": [0.01, 0.02],
            "iterations": [1000, 1000],
            "random_scale": [10.0, 10.0],
            "test_accuracy": [np.nan, np.nan],
        }
    )
    assert settings_differing_from_post(runs) == {"learning_rate": [0.01, 0.02]}
    assert settings_differing_from_post(runs.iloc[:1]) == {}
    held_out = runs.iloc[:1].assign(test_accuracy=0.6)
    assert settings_differing_from_post(held_out) == {"test_fraction": ["> 0"]}


def test_the_comparison_uses_the_posts_setting_when_the_grid_has_it():
    runs = pd.DataFrame(
        {
            "activation": ["relu", "tanh", "tanh"],
            "hidden_layers": ["5-5", "5-5", "5-5"],
            "learning_rate": [0.01, 0.001, 0.01],
            "seed": [1, 2, 3],
        }
    )
    assert nearest_to_post(runs)["seed"].tolist() == [3]
    # Without it, the first setting: one setting at a time, never a mixture.
    assert nearest_to_post(runs.iloc[:2])["seed"].tolist() == [1]


def test_the_posts_setting_is_the_default_of_a_run_of_the_schema_and_of_config_yaml():
    assert POST_SETTINGS == {
        "activation": "tanh",
        "hidden_layers": "5-5",
        "learning_rate": 0.01,
        "iterations": 1000,
        "random_scale": 10.0,
        "optimizer": "gd",
        "order_seed": 0,
    }
    schema = load_schema(REPO / "workflow/schemas/config.schema.yaml")["properties"]
    shipped = load_schema(REPO / "config.yaml")
    for values in ({key: rule.get("default") for key, rule in schema.items()}, shipped):
        assert values["activations"] == [POST_SETTINGS["activation"]]
        assert layers_name(values["hidden_layers"]) == POST_SETTINGS["hidden_layers"]
        assert values["learning_rates"] == [POST_SETTINGS["learning_rate"]]
        assert values["iterations"] == POST_SETTINGS["iterations"]
        assert values["random_scale"] == POST_SETTINGS["random_scale"]
    assert schema["optimizers"]["default"] == [POST_SETTINGS["optimizer"]]
    assert schema["precision"]["default"] == "float64"


def test_without_any_of_the_posts_methods_the_comparison_is_empty_but_typed():
    costs = pd.DataFrame({"method": ["orthogonal"], "seed": [1], "iteration": [0], "cost": [0.7]})
    runs = pd.DataFrame({"method": ["orthogonal"], "seed": [1], "train_accuracy": [0.5]})
    table = comparison(costs, runs)
    assert table.empty and "agreement" in table.columns


def test_the_post_published_numbers_for_its_four_methods():
    assert published_methods() == ["zeros", "random", "he", "xavier"]
