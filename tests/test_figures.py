"""The cost figures stay readable when runs diverge or explode."""

import warnings

import numpy as np
import pandas as pd
import pytest
from report_helpers import assert_readable

from initbench.report.figures import (
    OFF_SCALE_FACTOR,
    cost_panels,
    cost_quantiles,
    display_ceiling,
    diverged_seeds,
    median_curves,
    save,
    stability,
)
from initbench.report.sections.takeaways import sharpness_sentence


def cost_table(curves: dict[tuple[str, int], list[float]]) -> pd.DataFrame:
    rows = [
        (method, seed, iteration, cost)
        for (method, seed), costs in curves.items()
        for iteration, cost in enumerate(costs)
    ]
    costs = pd.DataFrame(rows, columns=["method", "seed", "iteration", "cost"])
    return costs.assign(activation="tanh", learning_rate=0.01, hidden_layers="5-5")


@pytest.fixture
def exploding():
    """He learns; random's seed 1 diverges after iteration 2, seed 2 reaches 1e200."""
    return cost_table(
        {
            ("he", 1): [0.7, 0.5, 0.4, 0.3],
            ("he", 2): [0.7, 0.6, 0.5, 0.4],
            ("random", 1): [3.0, 1e50, 1e150],
            ("random", 2): [4.0, 1e10, 1e100, 1e200],
        }
    )


def test_the_ceiling_is_a_multiple_of_the_worst_start(exploding):
    assert display_ceiling(exploding) == OFF_SCALE_FACTOR * 4.0


def test_diverged_and_exploding_runs_sit_on_the_ceiling(exploding):
    table = cost_quantiles(exploding, "random", ceiling=400.0)
    assert list(table.index) == [0, 1, 2, 3]  # the diverged run is carried to the end
    assert table[1].tolist() == [3.0, 400.0, 400.0, 400.0]
    assert table[2].tolist() == [4.0, 400.0, 400.0, 400.0]
    assert table["median"].tolist() == [3.5, 400.0, 400.0, 400.0]
    assert diverged_seeds(exploding, "random") == 1
    assert diverged_seeds(exploding, "he") == 0


def test_a_mini_batch_run_is_drawn_through_its_records_alone():
    records = [0, 25, 50]
    costs = pd.DataFrame(
        {
            "method": "he",
            "seed": [1] * 3 + [2] * 3,
            "iteration": records * 2,
            "cost": [2.3, 1.0, 0.5, 2.2, 1.1, 0.4],
        }
    )
    table = cost_quantiles(costs, "he", ceiling=230.0)
    assert list(table.index) == records  # no update between records drawn off the scale
    assert table["median"].tolist() == pytest.approx([2.25, 1.05, 0.45])


def test_figures_draw_without_warnings_or_overflow(exploding, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, figure in [
            ("panels", cost_panels(exploding, ["he", "random"])),
            ("medians", median_curves(exploding, ["he", "random"])),
        ]:
            save(figure, tmp_path / f"{name}.png")
            assert (tmp_path / f"{name}.png").read_bytes().startswith(b"\x89PNG")
            assert_readable(figure)
    titles = [axes.get_title() for axes in cost_panels(exploding, ["he", "random"]).axes]
    assert titles == ["he (2 seeds)", "random (2 seeds, 1 diverged)"]


def test_a_grid_gets_a_block_of_panels_per_setting(exploding):
    other = exploding.assign(learning_rate=0.1)
    grid = pd.concat([exploding, other], ignore_index=True)
    figure = cost_panels(grid, ["he", "random"])
    assert len(figure.axes) == 4
    assert [block.get_suptitle() for block in figure.subfigs] == [
        "tanh, lr 0.01, layers 5-5",
        "tanh, lr 0.1, layers 5-5",
    ]
    assert [len(block.subfigs[0].axes) for block in figure.subfigs] == [2, 2]
    assert_readable(figure)
    medians = median_curves(grid, ["he", "random"])
    assert [axes.get_title() for axes in medians.axes] == [
        "tanh, lr 0.01, layers 5-5",
        "tanh, lr 0.1, layers 5-5",
    ]


def test_the_stability_figure_marks_two_over_sharpness_and_diverged_medians(tmp_path):
    runs = pd.DataFrame(
        {
            "activation": "tanh",
            "hidden_layers": "5-5",
            "method": ["he"] * 4,
            "seed": [1, 2, 1, 2],
            "learning_rate": [0.01, 0.01, 1.0, 1.0],
            "final_cost": [0.2, 0.3, np.inf, np.inf],
            "train_accuracy": [0.9, 0.8, 0.5, 0.5],
            "test_accuracy": np.nan,
        }
    )
    diagnostics = pd.DataFrame(
        {
            "activation": "tanh",
            "hidden_layers": "5-5",
            "method": ["he", "he"],
            "stable_learning_rate": [0.1, 0.3],
            "converged": [True, True],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = stability(runs, diagnostics, ["he"])
        save(figure, tmp_path / "stability.png")
    cost_axes = figure.axes[0]
    vertical = [line for line in cost_axes.lines if list(line.get_xdata()) == [0.2, 0.2]]
    assert len(vertical) == 1  # the median 2 / sharpness of the two seeds
    crosses = [line for line in cost_axes.lines if line.get_marker() == "x"]
    assert list(crosses[0].get_xdata()) == [1.0]  # the diverged median, drawn at the top
    assert figure.axes[1].get_ylabel() == "median train accuracy"
    assert_readable(figure)


def test_an_unconverged_sharpness_draws_no_line():
    runs = pd.DataFrame(
        {
            "activation": "relu",
            "hidden_layers": "5-5",
            "method": ["he"],
            "seed": [1],
            "learning_rate": [0.01],
            "final_cost": [0.3],
            "train_accuracy": [0.9],
            "test_accuracy": np.nan,
        }
    )
    diagnostics = pd.DataFrame(
        {
            "activation": "relu",
            "hidden_layers": "5-5",
            "method": ["he", "he"],
            "stable_learning_rate": [0.1, 0.3],
            "converged": [True, False],
        }
    )
    figure = stability(runs, diagnostics, ["he"])
    assert not [
        line
        for line in figure.axes[0].lines
        if len(set(line.get_xdata())) == 1 and len(line.get_xdata()) == 2
    ]
    sentence = sharpness_sentence(diagnostics)
    assert sentence.startswith(
        "1 of 2 estimates of the sharpness at initialization did not converge"
    )
    assert "relu he (1)" in sentence
