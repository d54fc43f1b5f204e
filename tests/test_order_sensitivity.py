import numpy as np

from initbench.training.order_sensitivity import (
    order_sensitivity,
    parting_iteration,
    save_departures,
)
from initbench.training.trainer import Hyperparameters, train


def test_curves_below_the_stability_edge_never_part(small_images):
    x, labels = small_images
    row = order_sensitivity(x, labels, Hyperparameters("he", 1, iterations=300), 0.01)
    assert row["departure_iteration"] is None and row["diverged_at_iteration"] is None
    assert (row["method"], row["hidden_layers"], row["iterations"]) == ("he", "5-5", 300)


def test_chaotic_training_parts_where_the_costs_first_differ(small_images):
    x, labels = small_images
    hp = Hyperparameters("he", 1, learning_rate=0.3, iterations=300)
    departure = order_sensitivity(x, labels, hp, 0.01)["departure_iteration"]
    assert departure is not None and 10 < departure < 300
    forward, reverse = train(x, labels, hp).costs, train(x[:, ::-1], labels[:, ::-1], hp).costs
    assert abs(forward[departure] - reverse[departure]) > 0.01 * forward[departure]
    assert np.all(np.abs(forward[:departure] - reverse[:departure]) <= 0.01 * forward[:departure])


def test_a_log_cut_short_by_divergence_parts_where_it_stops():
    costs = np.array([1.0, 0.9, 0.8, 0.7])
    assert parting_iteration(costs, costs, 0.01) is None
    assert parting_iteration(costs, costs[:2], 0.01) == 2
    assert parting_iteration(costs[:3], costs[:3], 0.01) is None  # both stopped together
    assert parting_iteration(costs, costs * [1, 1, 1.02, 1], 0.01) == 2


def test_a_diverging_run_records_where(small_images):
    x, labels = small_images
    hp = Hyperparameters("he", 1, activation="leaky_relu", learning_rate=5.0, iterations=50)
    row = order_sensitivity(x, labels, hp, 0.01)
    assert row["diverged_at_iteration"] is not None
    assert row["diverged_at_iteration"] == train(x, labels, hp).diverged_at


def test_departures_are_written_one_row_per_method_empty_when_nothing_happened(tmp_path):
    setting = {"seed": 1, "activation": "tanh", "learning_rate": 0.01, "hidden_layers": "5-5"}
    measured = {"iterations": 200, "tolerance": 0.01, "diverged_at_iteration": None}
    rows = [
        {"method": "he", **setting, **measured, "departure_iteration": 56},
        {"method": "zeros", **setting, **measured, "departure_iteration": None},
    ]
    save_departures(tmp_path / "departures.csv", rows)
    assert (tmp_path / "departures.csv").read_text().splitlines() == [
        "method,seed,activation,learning_rate,hidden_layers,iterations,tolerance,"
        "departure_iteration,diverged_at_iteration",
        "he,1,tanh,0.01,5-5,200,0.01,56,",
        "zeros,1,tanh,0.01,5-5,200,0.01,,",
    ]
