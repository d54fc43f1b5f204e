import numpy as np

from initbench.training.order_sensitivity import departure_iteration, save_departures
from initbench.training.trainer import Hyperparameters, train


def test_order_sensitivity_is_none_below_the_stability_edge(small_images):
    x, labels = small_images
    assert departure_iteration(x, labels, Hyperparameters("he", 1, iterations=300), 0.01) is None


def test_order_sensitivity_finds_the_departure_of_chaotic_training(small_images):
    x, labels = small_images
    hp = Hyperparameters("he", 1, learning_rate=0.3, iterations=300)
    departure = departure_iteration(x, labels, hp, 0.01)
    assert departure is not None and 10 < departure < 300
    forward, reverse = train(x, labels, hp).costs, train(x[:, ::-1], labels[:, ::-1], hp).costs
    assert abs(forward[departure] - reverse[departure]) > 0.01 * forward[departure]
    assert np.all(np.abs(forward[:departure] - reverse[:departure]) <= 0.01 * forward[:departure])


def test_departures_are_written_one_row_per_method_empty_when_the_curves_never_part(tmp_path):
    setting = {"seed": 1, "activation": "tanh", "learning_rate": 0.01, "hidden_layers": "5-5"}
    measured = {"iterations": 200, "tolerance": 0.01}
    rows = [
        {"method": "he", **setting, **measured, "departure_iteration": 56},
        {"method": "zeros", **setting, **measured, "departure_iteration": None},
    ]
    save_departures(tmp_path / "departures.csv", rows)
    assert (tmp_path / "departures.csv").read_text().splitlines() == [
        "method,seed,activation,learning_rate,hidden_layers,iterations,tolerance,"
        "departure_iteration",
        "he,1,tanh,0.01,5-5,200,0.01,56",
        "zeros,1,tanh,0.01,5-5,200,0.01,",
    ]
