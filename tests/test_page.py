"""Tables and figures as the report's reader sees them."""

import numpy as np
import pandas as pd
from PIL import Image

from initbench.report import page

SUMMARY = {
    "activation": "tanh",
    "learning_rate": 0.01,
    "hidden_layers": "5-5",
    "runs": 10,
    "final_cost_median": 0.0873,
    "final_cost_q1": 0.0771,
    "final_cost_q3": 0.1027,
    "final_cost_min": 0.069,
    "final_cost_max": np.inf,
    "train_accuracy_mean": 0.97,
    "train_accuracy_min": 0.94,
    "test_accuracy_mean": np.nan,
    "test_accuracy_min": np.nan,
    "median_iteration_below_threshold": 382.5,
    "diverged_runs": 1,
}


def test_one_setting_gives_one_column_per_method_in_words_and_readable_numbers():
    methods = pd.DataFrame(
        [
            {**SUMMARY, "method": "he"},
            {**SUMMARY, "method": "zeros", "median_iteration_below_threshold": np.nan},
        ]
    )
    table = page.methods_table(methods)
    assert list(table.columns) == ["he", "zeros"]
    assert table.loc["Runs", "he"] == "10"
    assert table.loc["Final cost, median", "he"] == "0.0873"
    assert table.loc["Final cost, highest", "he"] == "∞ (diverged)"
    assert table.loc["Training accuracy, mean", "he"] == "97.0%"
    assert table.loc["Median iteration below cost 0.5", "he"] == "382.5"
    assert table.loc["Median iteration below cost 0.5", "zeros"] == "most runs never"
    # Nothing held out: no held-out rows at all, rather than empty or "never" cells.
    assert not any("Held-out" in name for name in table.index)
    assert "never" not in table.drop(index="Median iteration below cost 0.5").to_string()


def test_several_settings_give_one_row_each_with_held_out_columns_when_held_out():
    methods = pd.DataFrame(
        [
            {**SUMMARY, "method": "he", "test_accuracy_mean": 0.9, "test_accuracy_min": 0.8},
            {**SUMMARY, "method": "he", "learning_rate": 0.1, "test_accuracy_mean": 0.7},
        ]
    )
    table = page.methods_table(methods)
    assert list(table["Setting"]) == ["tanh, lr 0.01, layers 5-5", "tanh, lr 0.1, layers 5-5"]
    assert list(table["Held-out accuracy, mean"]) == ["90.0%", "70.0%"]
    assert table["Held-out accuracy, worst run"].tolist() == ["80.0%", ""]


def test_the_configuration_table_keeps_every_value_whole_under_a_one_row_header():
    url = "https://example.org/" + "a" * 120
    table = page.config_table({"blog_base_url": url, "seeds": [1, 2], "synthetic": {"seed": 0}})
    assert table["Value"].tolist() == [url, "[1, 2]", '{"seed": 0}']
    html = page.to_html(table)
    assert url in html and "…" not in html
    assert html.startswith('<div class="table-scroll">')
    assert html.count("<tr") == 1 + 3  # one header row
    assert html.count('<td class="text">') == 6  # keys and values are words: left-aligned
    assert html.count('<th class="text">') == 2


def test_columns_of_numbers_are_right_aligned_and_the_index_is_a_header():
    table = pd.DataFrame({"he": ["10", "most runs never", "∞ (diverged)"]}, index=["a", "b", "c"])
    html = page.to_html(table, index=True)
    assert '<td class="text">' not in html
    assert "<th>a</th>" in html and "<th></th>" in html and "<th>he</th>" in html


def test_a_figure_is_embedded_with_its_caption(tmp_path):
    Image.new("RGB", (4, 4)).save(tmp_path / "f.png")
    html = page.figure_html(tmp_path / "f.png", "Cost & iteration", wide=True)
    assert 'class="wide" style="--natural-width: 4px"' in html
    assert 'src="data:image/png;base64,' in html
    assert '<p class="figure-caption">Cost &amp; iteration</p>' in html
