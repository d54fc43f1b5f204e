"""The summary section: each method over its seeds, in words and readable numbers."""

import numpy as np
import pandas as pd
from report_helpers import one_setting

from initbench.analysis.summary import summarize_methods
from initbench.report.sections.summary import methods_table, summary_sentence

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
    table = methods_table(methods, 0.5)
    assert list(table.columns) == ["he", "zeros"]
    assert table.loc["Runs", "he"] == "10"
    assert table.loc["Final cost, median", "he"] == "0.08730"
    # Four significant digits, one more than the sentences, to tell costs near ln 2 apart.
    assert table.loc["Final cost, upper quartile", "he"] == "0.1027"
    assert table.loc["Final cost, highest", "he"] == "∞ (diverged)"
    # Whole percent, as the sentences give them.
    assert table.loc["Training accuracy, mean", "he"] == "97%"
    # An iteration is a whole number: the median of two runs' 382 and 383 reads 383.
    assert table.loc["Median iteration below cost 0.5", "he"] == "383"
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
    table = methods_table(methods, 0.5)
    assert list(table["Setting"]) == ["tanh, lr 0.01, layers 5-5", "tanh, lr 0.1, layers 5-5"]
    assert list(table["Held-out accuracy, mean"]) == ["90%", "70%"]
    assert table["Held-out accuracy, worst run"].tolist() == ["80%", "—"]


def test_the_summary_sentence_mentions_held_out_accuracy_only_when_images_were_held_out():
    runs = pd.DataFrame({"iterations": [1000], "test_accuracy": [np.nan]})
    sentence = summary_sentence(runs, 0.5)
    assert sentence.startswith("Final cost after 1000 updates, training accuracy")
    assert "first falls below 0.5 (" in sentence
    assert "first falls below 1.66 (" in summary_sentence(runs, 0.5 * np.log2(10))
    assert "held-out" not in summary_sentence(runs, 0.5)
    assert "held-out" in summary_sentence(runs.assign(test_accuracy=0.9), 0.5)


def test_one_run_each_gives_no_quartiles_no_range_and_no_median():
    runs, _ = one_setting({"he": ([0.0274], [1.0]), "xavier": ([0.0306], [1.0])})
    table = methods_table(summarize_methods(runs), 0.5)
    assert list(table.index) == [
        "Runs",
        "Final cost",
        "Training accuracy",
        "Iteration below cost 0.5",
        "Diverged runs",
    ]
    assert table.loc["Iteration below cost 0.5", "he"] == "never"  # not "most runs never"


def test_two_runs_give_a_range_but_no_quartiles():
    runs, _ = one_setting({"he": ([1.28, 1.99], [1.0, 1.0])})
    table = methods_table(summarize_methods(runs), 0.5)
    assert "Final cost, lower quartile" not in table.index
    assert (table.loc["Final cost, lowest", "he"], table.loc["Final cost, highest", "he"]) == (
        "1.280",
        "1.990",
    )
