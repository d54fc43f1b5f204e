"""Verdicts on the post's takeaways, from hand-made run tables, and the words they are put in."""

import numpy as np
import pandas as pd
import pytest
from report_helpers import one_setting

from initbench.analysis import takeaways
from initbench.analysis.baseline import Baseline
from initbench.report.figures import save, stability
from initbench.report.sections.takeaways import (
    evidence,
    stability_sentence,
    takeaway_section,
    takeaways_sentence,
    untested_line,
    verdict_phrase,
)
from initbench.runs.aggregate import collect_diagnostics

BALANCED = Baseline("cat", 0.5, float(np.log(2)), classes=2)


def runs_table(rows):
    """rows: (activation, learning_rate, method, final costs per seed, first iteration < 0.5)."""
    records = []
    for activation, rate, method, finals, reached in rows:
        for seed, final in enumerate(finals, start=1):
            records.append(
                {
                    "activation": activation,
                    "learning_rate": rate,
                    "hidden_layers": "5-5",
                    "method": method,
                    "seed": seed,
                    "final_cost": final,
                    "train_accuracy": 0.5 if final > 0.6 else 0.9,
                    "test_accuracy": np.nan,
                    "first_iteration_below_threshold": reached,
                    "final_unit_spread": 0.0 if method == "zeros" else 1.0,
                }
            )
    return pd.DataFrame(records).astype({"first_iteration_below_threshold": "Int64"})


def diagnostics_table(runs):
    table = runs[["activation", "hidden_layers", "method", "seed"]].drop_duplicates()
    saturated = np.where(table["method"] == "random", 1.0, 0.0)
    return table.assign(layer1_saturated_fraction=saturated, converged=True)


def test_zeros_verdict_follows_the_unit_spread():
    runs = runs_table([("tanh", 0.01, "zeros", [np.log(2)] * 3, pd.NA)])
    found = takeaways.zeros_never_break_symmetry(runs)
    assert found.verdict == "holds"
    assert (found.symmetry.identical, found.symmetry.runs) == (3, 3)
    assert "3 of 3 zero-initialized runs" in evidence(found, BALANCED)
    assert verdict_phrase(found) == "holds (3 of 3 runs)"
    runs.loc[0, "final_unit_spread"] = 1e-3
    assert takeaways.zeros_never_break_symmetry(runs).verdict == "does_not_hold"
    no_zeros = runs_table([("tanh", 0.01, "he", [0.3], 5)])
    untested = takeaways.zeros_never_break_symmetry(no_zeros)
    assert untested.verdict == "untested"
    assert verdict_phrase(untested) == "not tested here (needs runs from zeros)"


FIVE = [1, 2, 3, 4, 5]


def test_a_claim_that_holds_in_one_setting_only_says_where():
    runs = runs_table(
        [
            ("tanh", 0.01, "random", [2.0, 2.5, 3.0, 3.5, 4.0], pd.NA),
            ("tanh", 0.01, "he", [0.2, 0.3, 0.4, 0.5, 0.6], 10),
            ("tanh", 0.01, "xavier", [0.2, 0.3, 0.4, 0.5, 0.6], 10),
            ("tanh", 1.0, "random", [0.3] * 5, 5),
            ("tanh", 1.0, "he", [np.inf] * 4 + [0.3], 5),
            ("tanh", 1.0, "xavier", [np.inf] * 4 + [0.3], 5),
        ]
    )
    found = takeaways.large_weights_hurt(runs, diagnostics_table(runs))
    assert found.verdict == "in_part"
    assert [result.verdict for result in found.results] == ["holds", "cannot_tell"]
    first = found.results[0].pairs[0]
    assert (first.claimed_better, first.other, first.claimed_better_median) == ("he", "random", 0.4)
    assert (first.test.lower, first.test.higher, first.test.ties) == (5, 0, 0)
    # At lr 1, He diverges in four seeds where random does not, and ties in the fifth.
    assert (found.results[1].pairs[0].test.higher, found.results[1].pairs[0].test.ties) == (4, 1)
    assert found.saturation == {"tanh": (1.0, 0.0)}
    assert verdict_phrase(found) == (
        "holds only when tanh at learning rate 0.01 (holds in 1, cannot tell in 1 of 2 settings)"
    )
    text = evidence(found, BALANCED)
    assert (
        "he median final cost 0.400 vs random 3.00, lower in 5 of 5 seeds (p = 0.031: holds)"
        in text
    )
    assert (
        "lower in 0, higher in 4, tied in 1 of 5 seeds "
        "(p = 1.0: cannot tell: about 7 seeds would tell)" in text
    )
    assert "under random × 10, median over seeds: tanh: 100% (He: 0%)" in text


def test_he_and_relu_is_not_tested_without_relu_runs():
    runs = runs_table([("tanh", 0.01, "he", [0.3] * 5, 5), ("tanh", 0.01, "xavier", [0.4] * 5, 5)])
    assert takeaways.he_suits_relu(runs).verdict == "untested"
    assert takeaways.xavier_suits_tanh(runs).verdict == "does_not_hold"


@pytest.mark.parametrize(
    ("he_costs", "verdict"),
    [
        ([0.1, 0.2, 0.3, 0.35, 0.3], "holds"),
        ([0.5, 0.6, 0.7, 0.6, 0.6], "does_not_hold"),
        ([0.1, 0.6, 0.3, 0.6, 0.3], "cannot_tell"),
    ],
)
def test_he_suits_relu_compares_he_with_xavier_under_relu(he_costs, verdict):
    runs = runs_table(
        [
            ("relu", 0.01, "he", he_costs, 5),
            ("relu", 0.01, "xavier", [0.4, 0.45, 0.5, 0.4, 0.4], 5),
            ("tanh", 0.01, "he", [0.9] * 5, 5),  # not a ReLU setting: left out
            ("tanh", 0.01, "xavier", [0.1] * 5, 5),
        ]
    )
    assert takeaways.he_suits_relu(runs).verdict == verdict


def test_one_seed_cannot_tell_however_large_the_difference():
    runs = runs_table([("tanh", 0.01, "he", [0.0274], 5), ("tanh", 0.01, "xavier", [0.0306], 5)])
    found = takeaways.xavier_suits_tanh(runs)
    assert found.verdict == "cannot_tell"
    assert verdict_phrase(found) == "cannot tell with 1 seed (1 setting)"
    assert "higher" not in verdict_phrase(found)
    assert "lower in 0 of 1 seed (p = 1.0: cannot tell: about 5 seeds would tell)" in evidence(
        found, BALANCED
    )
    sentence = takeaways_sentence(runs)
    assert "Some methods here ran 1 seed: add seeds (at least 5) for verdicts." in sentence


def test_good_initializations_must_be_both_faster_and_lower():
    rows = [
        ("tanh", 0.01, "zeros", [0.69] * 5, pd.NA),
        ("tanh", 0.01, "random", [2.0] * 5, pd.NA),
        ("tanh", 0.01, "he", [0.1, 0.2, 0.3, 0.2, 0.2], 40),
        ("tanh", 0.01, "xavier", [0.1, 0.2, 0.3, 0.2, 0.2], 60),
    ]
    found = takeaways.good_init_converges_faster(runs_table(rows))
    assert found.verdict == "holds"
    text = evidence(found, BALANCED)
    assert (
        "he first below cost 0.5 at iteration 40 (median) vs zeros never, earlier in 5 of 5 "
        "seeds (p = 0.031: holds)"
    ) in text
    assert "median training accuracy he 90%" in text
    # Ten classes: the aggregate counted iterations below 0.5 · log2 10, and the text says so.
    ten = Baseline("3", 0.1, float(np.log(10)), classes=10)
    assert "he first below cost 1.66 at iteration 40" in evidence(found, ten)
    rows[2] = ("tanh", 0.01, "he", [0.1, 0.2, 0.3, 0.2, 0.2], pd.NA)  # never below 0.5
    slower = takeaways.good_init_converges_faster(runs_table(rows))
    assert slower.verdict == "does_not_hold"
    assert (
        "earlier in 0, later in 0, tied in 5 of 5 seeds "
        "(p = 1.0: does not hold: tied in every seed)" in evidence(slower, BALANCED)
    )


def test_all_five_takeaways_are_given():
    runs = runs_table([("tanh", 0.01, "he", [0.3], 5), ("tanh", 0.01, "xavier", [0.4], 5)])
    found = takeaways.all_takeaways(runs, diagnostics_table(runs))
    assert len(found) == 5 and all(evidence(verdict, BALANCED) for verdict in found)


def test_where_a_claim_holds_is_said_per_activation():
    rows = []
    for activation, rates_holding in (("tanh", (0.01, 0.1)), ("relu", (0.01,))):
        for rate in (0.01, 0.1):
            random = [2.0] * 5 if rate in rates_holding else [0.1] * 5
            rows += [
                (activation, rate, "random", random, pd.NA),
                (activation, rate, "he", [0.3] * 5, 5),
                (activation, rate, "xavier", [0.3] * 5, 5),
            ]
    runs = runs_table(rows)
    found = takeaways.large_weights_hurt(runs, diagnostics_table(runs))
    # Holding in most settings, the claim names the fewer where it does not.
    assert verdict_phrase(found) == (
        "holds except when relu at learning rate 0.1 (holds in 3, does not hold in 1 of 4 settings)"
    )


def test_every_takeaway_without_diagnostics(tmp_path):
    runs = runs_table(
        [
            ("tanh", 0.01, "zeros", [0.69] * 5, pd.NA),
            ("tanh", 0.01, "random", [2.0] * 5, pd.NA),
            ("tanh", 0.01, "he", [0.1, 0.2, 0.3, 0.2, 0.2], 40),
            ("tanh", 0.01, "xavier", [0.1, 0.2, 0.3, 0.2, 0.2], 60),
        ]
    )
    found = takeaways.all_takeaways(runs, collect_diagnostics([]))
    assert [verdict.verdict for verdict in found] == [
        "holds",
        "holds",
        "untested",
        "does_not_hold",
        "holds",
    ]
    assert not found[1].saturation
    assert "At initialization" not in evidence(found[1], BALANCED)
    figure = stability(runs, collect_diagnostics([]), ["zeros", "random", "he", "xavier"])
    save(figure, tmp_path / "stability.png")


def test_untested_takeaways_are_one_line_together():
    runs = runs_table([("tanh", 0.01, "he", [0.3] * 5, 5), ("tanh", 0.01, "xavier", [0.4] * 5, 5)])
    found = takeaways.all_takeaways(runs, collect_diagnostics([]))
    assert untested_line(found) == (
        "Not tested by this grid: takeaways 1 (needs runs from zeros), 2 (needs random and he "
        "or xavier), 3 (needs he and xavier under ReLU) and 5 (needs he or xavier, and zeros "
        "or random)."
    )
    assert untested_line([found[3]]) is None


def test_a_takeaway_cites_only_the_figures_the_report_has():
    runs = runs_table([("tanh", 0.01, "he", [0.3], 5), ("tanh", 0.01, "random", [2.0], pd.NA)])
    found = takeaways.large_weights_hurt(runs, collect_diagnostics([]))
    one_rate = takeaway_section(2, found, ["samples", "cost_curves", "median_costs"], BALANCED)
    assert "[median cost curves](#median-costs)" in one_rate
    assert "stability" not in one_rate
    swept = takeaway_section(2, found, ["median_costs", "stability"], BALANCED)
    assert "[stability figure](#stability)" in swept
    assert swept.startswith('<a id="takeaway-large-weights"></a>\n\n### 2. Too-large')


def test_verdicts_count_in_singular():
    runs, _ = one_setting({"he": ([0.2], [1.0]), "random": ([2.0], [0.5])})
    verdicts = takeaways.all_takeaways(runs, pd.DataFrame())
    assert verdict_phrase(verdicts[1]) == "cannot tell with 1 seed (1 setting)"
    assert "exact one-sided sign test at 5%" in takeaways_sentence(runs)


def test_the_symmetry_evidence_compares_with_the_best_constant_answer():
    runs, _ = one_setting({"zeros": ([0.644] * 2, [0.66, 0.66])})
    zeros = takeaways.zeros_never_break_symmetry(runs)
    unbalanced = Baseline("dog", 137 / 209, 0.644, classes=2)
    text = evidence(zeros, unbalanced)
    assert "(the best constant answer costs 0.644000)" in text
    assert "they end at final cost 0.644000 (" in text  # one value, not a range
    assert "with training accuracy 66% (always answering *dog*: 66%)" in text
    balanced = evidence(takeaways.zeros_never_break_symmetry(runs), BALANCED)
    assert "(chance, one class in 2: 50%)" in balanced and "always answering" not in balanced


def test_the_stability_figure_has_a_heading_of_its_own():
    assert "With one learning rate (0.01)" in stability_sentence(pd.DataFrame(), [0.01])
    assert stability_sentence(pd.DataFrame(), [0.01, 0.1]).startswith("Each method's median")


def test_settings_that_went_alike_are_counted_once():
    rows = []
    for rate in (0.01, 0.1):
        rows += [
            ("relu", rate, "he", [0.1] * 5, 5),
            ("relu", rate, "xavier", [0.4] * 5, 5),
        ]
    assert verdict_phrase(takeaways.he_suits_relu(runs_table(rows))) == "holds (all 2 settings)"


def test_several_learning_rates_where_a_claim_holds_are_plural():
    rows = []
    for rate in (0.01, 0.1, 1.0, 10.0):
        random = [0.1] * 5 if rate >= 1.0 else [2.0] * 5
        rows += [("tanh", rate, "random", random, pd.NA), ("tanh", rate, "he", [0.3] * 5, 5)]
    found = takeaways.large_weights_hurt(runs_table(rows), collect_diagnostics([]))
    assert verdict_phrase(found).startswith("holds only when tanh at learning rates 0.01, 0.1 (")
