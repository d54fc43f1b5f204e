"""Whether an optimizer reverses which initialization ends lower, or narrows the gap, beside
the reference optimization, on runs paired by seed; and the report's words for it."""

import numpy as np
import pandas as pd

from initbench.analysis.optimizers import gap_changes, reference_of
from initbench.analysis.statistics import CANNOT_TELL, DOES_NOT_HOLD, HOLDS
from initbench.report.sections.optimizers import (
    changes_table,
    finding,
    ranking_words,
    verdict_line,
)

SEEDS = range(1, 7)


def runs_of(costs: dict) -> pd.DataFrame:
    """Runs of one setting: ``costs[(optimizer, method)]`` lists the final cost per seed."""
    rows = [
        {
            "activation": "tanh",
            "learning_rate": 0.01,
            "hidden_layers": "5-5",
            "optimizer": optimizer,
            "order_seed": 0,
            "method": method,
            "seed": seed,
            "final_cost": cost,
        }
        for (optimizer, method), values in costs.items()
        for seed, cost in zip(SEEDS, values, strict=True)
    ]
    return pd.DataFrame(rows)


def test_an_optimizer_that_turns_the_ranking_round_and_narrows_the_gap():
    runs = runs_of(
        {
            ("gd", "he"): [0.1] * 6,
            ("gd", "xavier"): [1.1] * 6,
            ("adam", "he"): [0.2] * 6,
            ("adam", "xavier"): [0.1] * 6,
        }
    )
    [change] = gap_changes(runs, ["he", "xavier"])
    assert (change.reference, change.optimization) == (("gd", 0), ("adam", 0))
    assert (change.first, change.second) == ("he", "xavier")
    assert change.reverses == HOLDS  # 6 of 6 each way: p = 1/64 < 5%
    assert change.gap == "narrower"
    assert ranking_words(change.under_reference, "he", "xavier") == "he lower in 6 of 6 (p = 0.016)"
    assert ranking_words(change.under_optimization, "he", "xavier") == (
        "xavier lower in 6 of 6 (p = 0.016)"
    )
    table = changes_table([change], several_settings=False)
    assert table.loc[0, "Gap"] == "narrower in 6 of 6 (p = 0.016)"
    assert table.loc[0, "Reverses the ranking"] == "holds"
    assert "reverses which initialization ends lower in 1 of 1 comparisons" in finding([change])


def test_an_optimizer_that_keeps_the_ranking_and_widens_the_gap():
    runs = runs_of(
        {
            ("gd", "he"): [0.5] * 6,
            ("gd", "xavier"): [0.6] * 6,
            ("sgd", "he"): [0.1] * 6,
            ("sgd", "xavier"): [0.9] * 6,
        }
    )
    [change] = gap_changes(runs, ["he", "xavier"])
    assert change.reverses == DOES_NOT_HOLD
    assert change.gap == "wider"
    assert changes_table([change], False).loc[0, "Gap"] == "wider in 6 of 6 (p = 0.016)"


def test_too_few_seeds_cannot_tell_and_seeds_where_both_diverged_are_left_out():
    runs = runs_of(
        {
            ("gd", "he"): [np.inf, 0.1, 0.1, 0.1, 0.2, 0.1],
            ("gd", "xavier"): [np.inf, 0.3, 0.1, 0.4, 0.1, 0.5],
            ("momentum", "he"): [0.1, 0.2, 0.3, 0.1, 0.1, 0.1],
            ("momentum", "xavier"): [0.2, 0.1, 0.3, 0.3, 0.2, 0.1],
        }
    )
    [change] = gap_changes(runs, ["he", "xavier"])
    assert change.narrower.pairs == 5  # seed 1: both diverged under gd, no gap
    assert change.reverses == CANNOT_TELL and change.gap == "undecided"


def test_each_optimization_has_a_verdict_line_naming_what_it_reverses():
    runs = runs_of(
        {
            ("gd", "he"): [0.1] * 6,
            ("gd", "xavier"): [1.1] * 6,
            ("gd", "random"): [5.0] * 6,
            ("adam", "he"): [0.2] * 6,
            ("adam", "xavier"): [0.1] * 6,
            ("adam", "random"): [0.3, 0.1, 0.3, 0.1, 0.3, 0.1],
            ("sgd", "he"): [0.1] * 6,
            ("sgd", "xavier"): [0.9] * 6,
            ("sgd", "random"): [4.0] * 6,
        }
    )
    changes = gap_changes(runs, ["he", "xavier", "random"])
    adam = [change for change in changes if change.optimization == ("adam", 0)]
    line = verdict_line(adam, several_settings=False)
    assert line.startswith(
        "**adam, order 0** beside gd: reverses the ranking in 1 of 3 comparisons (xavier lower "
        "in 6 of 6 (p = 0.016) where gd had he lower in 6 of 6 (p = 0.016)), keeps it in 0 and "
        "cannot tell in 2;"
    )
    sgd = [change for change in changes if change.optimization == ("sgd", 0)]
    assert "reverses the ranking in none of 3 comparisons, keeps it in 3" in verdict_line(
        sgd, several_settings=False
    )
    assert "in 1 of 6 comparisons (adam, order 0: 1 of 3; sgd, order 0: 0 of 3)" in finding(changes)


def test_the_reference_is_gd_where_the_grid_has_it_else_its_first():
    assert reference_of([("adam", 0), ("gd", 0)]) == ("gd", 0)
    assert reference_of([("sgd", 1), ("adam", 0)]) == ("sgd", 1)


def test_the_medians_table_has_a_row_per_optimization_and_a_column_per_method():
    from initbench.analysis.summary import summarize_methods
    from initbench.report.sections.optimizers import medians_table

    runs = runs_of(
        {
            ("gd", "he"): [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
            ("gd", "xavier"): [1.0] * 6,
            ("adam", "he"): [0.01] * 6,
            ("adam", "xavier"): [np.inf] * 6,
        }
    ).assign(
        train_accuracy=0.9,
        test_accuracy=np.nan,
        diverged=False,
        first_iteration_below_threshold=np.nan,
    )
    table = medians_table(summarize_methods(runs), ["xavier", "he"])
    assert list(table.columns) == ["xavier", "he"]
    assert table.to_dict("index") == {
        "tanh, lr 0.01, layers 5-5: gd": {"xavier": "1.00", "he": "0.350"},
        "tanh, lr 0.01, layers 5-5: adam, order 0": {"xavier": "∞", "he": "0.0100"},
    }
