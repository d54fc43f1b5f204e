"""The cost curves section: what one seed alone would say, the runs drawn off the scale, and how
sensitive training is to the order of the images."""

import numpy as np
import pandas as pd
from report_helpers import departures_table, one_setting

from initbench.analysis.summary import summarize_methods
from initbench.report.figures import display_ceiling
from initbench.report.sections import cost_curves


def test_order_sensitivity_names_where_curves_part_and_where_they_do_not():
    text = cost_curves.order_sensitivity_sentence(
        departures_table({"zeros": None, "he": 56, "xavier": 191})
    )
    assert "seed 1, tanh, lr 0.01, layers 5-5" in text
    assert "by more than 1% for **he** from iteration 56, **xavier** from iteration 191" in text
    assert "**zeros** stays within 1% for all 200 iterations compared" in text
    calm = cost_curves.order_sensitivity_sentence(departures_table({"zeros": None, "he": None}))
    assert "chaotic" not in calm and "**zeros** and **he** stay within 1%" in calm
    diverging = departures_table({"random": None}).assign(diverged_at_iteration=7.0)
    diverged = cost_curves.order_sensitivity_sentence(diverging)
    assert "**random** diverges at iteration 7 in both orders" in diverged
    assert "stay" not in diverged
    fine = departures_table({"he": 3}).assign(tolerance=0.004)
    assert "by more than 0.4% for" in cost_curves.order_sensitivity_sentence(fine)


def test_chaos_is_a_finding_only_where_curves_part():
    parted = cost_curves.chaos_finding(departures_table({"he": 40, "zeros": None}))
    assert parted.startswith("Training is chaotic for he (seed 1, tanh, lr 0.01, layers 5-5)")
    assert "(he from iteration 40)" in parted and "(#order-sensitivity)" in parted
    assert cost_curves.chaos_finding(departures_table({"he": None})) is None


def test_the_off_scale_sentence_only_when_something_is_off_scale():
    costs = pd.DataFrame(
        {
            "method": ["he"] * 2 + ["random"] * 3,
            "seed": 1,
            "iteration": [0, 1, 0, 1, 2],
            "cost": [0.7, 0.5, 4.0, 1e10, 1e100],
        }
    )
    runs = pd.DataFrame({"diverged": [False, False, True, False]})
    sentence = cost_curves.off_scale_sentence(runs, costs, display_ceiling(costs))
    assert sentence.startswith("1 of 4 runs diverged. Costs above 400 ")
    calm = costs[costs["method"] == "he"]
    none_diverged = pd.DataFrame({"diverged": [False, False]})
    assert cost_curves.off_scale_sentence(none_diverged, calm, display_ceiling(calm)) is None
    assert np.isfinite(display_ceiling(calm))


def test_what_one_seed_says_beside_what_the_seeds_say():
    runs, _ = one_setting({"he": ([0.2, 0.1, np.inf], [0.9, 1.0, 0.5])})
    runs["diverged_at_iteration"] = [np.nan, np.nan, 17.0]
    summary = pd.DataFrame(
        {
            "method": ["he"],
            "runs": [3],
            "final_cost_median": [0.2],
            "final_cost_q1": [0.15],
            "final_cost_q3": [np.inf],
            "final_cost_min": [0.1],
            "final_cost_max": [np.inf],
            "diverged_runs": [1],
        }
    )
    [text] = cost_curves.seeds_sentences(summary, runs, 0.5)
    assert text.startswith("**he**: seed 1 alone ends at cost 0.200 with 90% training accuracy;")
    # No quartiles from three runs: they would be the runs themselves or points between them.
    assert "median 0.200 (range 0.100–∞), 2 of 3 end below 0.5" in text
    assert "accuracy ranges 50%–100%." in text
    assert "1 run diverged, the cost becoming NaN or infinite (seed 3 at iteration 17)" in text
    # With ten classes the mark is 1.66, which the run ending at 0.2 passes as well.
    [ten] = cost_curves.seeds_sentences(summary, runs, 0.5 * np.log2(10))
    assert "2 of 3 end below 1.66" in ten


def test_diverged_runs_are_a_finding():
    runs, _ = one_setting({"he": ([np.inf, 0.2], [0.5, 1.0]), "xavier": ([0.3] * 2, [1, 1])})
    assert cost_curves.diverged_finding(runs) == (
        "1 of 4 runs diverged (he). See the [cost curves](#cost-curves)."
    )
    assert cost_curves.diverged_finding(runs[~runs["diverged"]]) is None


def test_seeds_that_end_alike_are_said_to_rather_than_given_a_range_of_one_value():
    runs, _ = one_setting({"zeros": ([0.693147] * 3, [0.5] * 3)})
    [text] = cost_curves.seeds_sentences(summarize_methods(runs), runs, 0.5)
    assert text.endswith(
        "ends at cost 0.693 with 50% training accuracy; all 3 seeds end so, to the digits shown."
    )
