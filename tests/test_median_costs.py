"""The median curves section: one figure, scrolling sideways only when a grid of settings
draws a row of panels."""

import pandas as pd
from report_helpers import configuration, results_with

from initbench.report.notebook import outputs
from initbench.report.sections import median_costs


def costs_of(rates: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "activation": "tanh",
                "learning_rate": rate,
                "hidden_layers": "5-5",
                "method": method,
                "seed": 1,
                "iteration": iteration,
                "cost": 0.7 - 0.1 * iteration,
            }
            for rate in rates
            for method in ("he", "xavier")
            for iteration in range(3)
        ]
    )


def shown(tmp_path, rates: list[float]) -> str:
    config = configuration(methods=["he", "xavier"], learning_rates=rates)
    results = results_with(tmp_path, config, costs=costs_of(rates))
    (tmp_path / "median_costs.rst").write_text("Median curves.\n")
    heading, figure = outputs(median_costs.SECTION, results, tmp_path / "figures", tmp_path)
    assert heading["text/markdown"].endswith("## All initializations, median curves")
    assert (tmp_path / "figures/median_costs.png").is_file()
    return figure["text/html"]


def test_one_setting_draws_one_axes_at_the_pages_width(tmp_path):
    assert 'class="wide"' not in shown(tmp_path, [0.01])


def test_a_grid_of_settings_draws_a_row_that_scrolls_sideways(tmp_path):
    assert 'class="wide"' in shown(tmp_path, [0.01, 0.1])
