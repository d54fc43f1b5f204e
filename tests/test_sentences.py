"""The report's computed sentences: right numbers, right links, true at the edges."""

import numpy as np
import pandas as pd
import pytest

from initbench.analysis import takeaways
from initbench.analysis.baseline import Baseline, baseline
from initbench.report import sentences


def departures_table(departures: dict[str, int | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "method": method,
                "seed": 1,
                "activation": "tanh",
                "learning_rate": 0.01,
                "hidden_layers": "5-5",
                "iterations": 200,
                "tolerance": 0.01,
                "departure_iteration": np.nan if departure is None else departure,
                "diverged_at_iteration": np.nan,
            }
            for method, departure in departures.items()
        ]
    )


BALANCED = Baseline("cat", 0.5, float(np.log(2)))


def one_setting(methods: dict[str, tuple[list[float], list[float]]]):
    """``runs`` and ``methods`` tables of one setting: method -> (final costs, accuracies)."""
    runs = pd.DataFrame(
        [
            {
                "activation": "tanh",
                "learning_rate": 0.01,
                "hidden_layers": "5-5",
                "method": method,
                "seed": seed,
                "final_cost": cost,
                "train_accuracy": accuracy,
                "test_accuracy": np.nan,
                "diverged": not np.isfinite(cost),
                "first_iteration_below_threshold": pd.NA,
                "final_unit_spread": 0.0 if method == "zeros" else 1.0,
            }
            for method, (costs, accuracies) in methods.items()
            for seed, (cost, accuracy) in enumerate(zip(costs, accuracies, strict=True), 1)
        ]
    ).astype({"first_iteration_below_threshold": "Int64"})
    summary = (
        runs.groupby(["activation", "learning_rate", "hidden_layers", "method"], sort=False)
        .agg(runs=("seed", "size"), final_cost_median=("final_cost", "median"))
        .reset_index()
    )
    return runs, summary


def test_the_title_names_the_data_not_the_config_value():
    assert sentences.title("synthetic", "synthetic", False) == (
        "# How initialization changes training, on a synthetic two-class image set"
    )
    assert sentences.title("blog", "blog", True).endswith("on the post's 100 cat and dog images")
    assert sentences.title("folder", "pets", False).endswith("on your images “pets”")
    post = sentences.title("folder", "blog-cats-dogs", True)
    assert post.endswith("on the post's 100 cat and dog images (your folder “blog-cats-dogs”)")


def test_order_sensitivity_names_where_curves_part_and_where_they_do_not():
    text = sentences.order_sensitivity_sentence(
        departures_table({"zeros": None, "he": 56, "xavier": 191})
    )
    assert "seed 1, tanh, lr 0.01, layers 5-5" in text
    assert "by more than 1% for **he** from iteration 56, **xavier** from iteration 191" in text
    assert "**zeros** stays within 1% for all 200 iterations compared" in text
    calm = sentences.order_sensitivity_sentence(departures_table({"zeros": None, "he": None}))
    assert "chaotic" not in calm and "**zeros** and **he** stay within 1%" in calm
    diverging = departures_table({"random": None}).assign(diverged_at_iteration=7.0)
    diverged = sentences.order_sensitivity_sentence(diverging)
    assert "**random** diverges at iteration 7 in both orders" in diverged
    assert "stay" not in diverged
    fine = departures_table({"he": 3}).assign(tolerance=0.004)
    assert "by more than 0.4% for" in sentences.order_sensitivity_sentence(fine)


def test_findings_open_with_the_ranking_and_link_every_verdict():
    runs, methods = one_setting(
        {"zeros": ([0.693] * 2, [0.5, 0.5]), "he": ([0.1, 0.3], [0.9, 1.0])}
    )
    verdicts = takeaways.all_takeaways(runs, pd.DataFrame())
    found = sentences.findings(
        methods, runs, verdicts, departures_table({"he": 40, "zeros": None}), BALANCED, None
    )
    lines = found.splitlines()
    assert lines[0].startswith(
        "- Median final cost over 2 seeds (median training accuracy): **he** 0.2 (95%), "
        "**zeros** 0.693 (50%)."
    )
    assert "Training is chaotic for he" in lines[1] and "(#order-sensitivity)" in lines[1]
    assert len(lines) == 2 + 5
    for line, verdict in zip(lines[2:], verdicts, strict=True):
        assert f"(#takeaway-{verdict.key.replace('_', '-')})" in line
    assert "**Holds (2 of 2 runs)**" in lines[2]
    assert "diverged" not in found


def test_findings_count_diverged_runs_and_name_the_winner_per_setting():
    runs, methods = one_setting({"he": ([np.inf, 0.2], [0.5, 1.0]), "xavier": ([0.3] * 2, [1, 1])})
    second = runs.assign(learning_rate=0.1)
    both = pd.concat([runs, second], ignore_index=True)
    summary = pd.concat([methods, methods.assign(learning_rate=0.1)], ignore_index=True)
    found = sentences.findings(
        summary, both, [], departures_table({"he": None}), BALANCED, None
    ).splitlines()
    assert found[0].startswith(
        "- Lowest median final cost, setting by setting (2 settings): **xavier** in 2."
    )
    assert found[1].startswith("- 2 of 8 runs diverged (he).")


def test_stability_sentence_says_why_there_is_no_figure_with_one_learning_rate():
    assert "With one learning rate (0.01)" in sentences.stability_sentence(pd.DataFrame(), [0.01])
    assert sentences.stability_sentence(pd.DataFrame(), [0.01, 0.1]).startswith("**Stability.**")


def test_the_summary_sentence_mentions_held_out_accuracy_only_when_images_were_held_out():
    runs = pd.DataFrame({"iterations": [1000], "test_accuracy": [np.nan]})
    assert "held-out" not in sentences.summary_sentence(runs)
    assert "held-out" in sentences.summary_sentence(runs.assign(test_accuracy=0.9))


def test_the_post_comparison_is_counted_by_verdict():
    table = pd.DataFrame(
        {
            "method": ["random", "random", "zeros", "he", "he"],
            "ours_seed_1": [1.0] * 5,
            "agreement": ["matches", "matches", "exact", "outside", "within"],
        }
    )
    assert sentences.comparison_finding(table, indicative=False).startswith(
        "Of the post's 5 published numbers, our seed 1 reproduces 3 (1 exactly, the others to at "
        "least 9 significant digits); of the others, 1 is within our seeds' range and 1 outside "
        "it (1 of he's). See"
    )
    assert "; only indicative, as these runs differ" in sentences.comparison_finding(table, True)
    no_seed_1 = table.assign(ours_seed_1=np.nan, agreement="within")
    assert sentences.comparison_finding(no_seed_1, False).startswith(
        "Of the post's 5 published numbers, 5 are within our seeds' range and 0 outside it."
    )


def test_settings_that_differ_from_the_posts_are_listed_plainly():
    assert sentences.differing_sentence({}) is None
    text = sentences.differing_sentence(
        {"learning_rate": [0.001, 0.01], "test_fraction": ["images held out of training"]}
    )
    assert "(learning_rate: 0.001, 0.01; test_fraction: images held out of training)" in text


def test_the_post_chaos_sentence_only_when_he_or_xavier_part():
    assert sentences.post_chaos_sentence(departures_table({"he": None, "random": 3})) is None
    text = sentences.post_chaos_sentence(departures_table({"he": 56, "xavier": None}))
    assert text.startswith("The post trained he once")
    assert "sharpness" not in text  # no diagnostics, no curvature to quote


def test_the_post_chaos_sentence_sets_the_sharpness_beside_two_over_the_step():
    diagnostics = pd.DataFrame(
        {
            "activation": ["tanh"] * 4 + ["relu"],
            "hidden_layers": ["5-5"] * 5,
            "method": ["he", "he", "he", "xavier", "he"],
            "sharpness": [542.0, 146.7, 3254.5, 150.0, 1.0],
            "converged": [True, True, True, True, True],
        }
    )
    text = sentences.post_chaos_sentence(departures_table({"he": 56, "xavier": 80}), diagnostics)
    assert (
        "sharpness (its Hessian's largest eigenvalue, median over seeds) is 542 from he (beyond "
        "it) and 150 from xavier (within it), where gradient descent with the post's step 0.01 "
        "is stable only below 2 / 0.01 = 200"
    ) in text


def test_the_dataset_sentence_says_when_a_folder_holds_the_posts_images():
    images = pd.DataFrame({"class": ["cat", "dog"], "label": [1, 0]})
    skipped = pd.DataFrame({"file": []})
    text = sentences.dataset_sentence("folder", "pets", True, images, skipped, 150, (67500, 2))
    assert text.startswith(
        "**Source:** your own images (results under the name “pets”), which are the post's own "
        "100 (recognised by their SHA-256)."
    )
    assert "**Images:** 2 (1 cat, 1 dog)" in text
    synthetic = sentences.dataset_sentence(
        "synthetic", "synthetic", False, images, skipped, 150, (67500, 2)
    )
    assert "post" not in synthetic


def test_agreements_and_quantities_in_words():
    assert sentences.agreement_text("matches", 11.0) == "seed 1 matches (11 significant digits)"
    assert sentences.agreement_text("outside", np.nan) == "outside our seeds' range"
    assert sentences.quantity_text("cost", 100.0) == "cost after 100 iterations"
    assert sentences.quantity_text("train_accuracy_percent", np.nan) == "train accuracy (%)"


def test_verdicts_count_in_singular_and_capitalize_only_the_first_letter():
    runs, methods = one_setting({"he": ([0.2], [1.0]), "random": ([2.0], [0.5])})
    verdicts = takeaways.all_takeaways(runs, pd.DataFrame())
    assert sentences.verdict_phrase(verdicts[1]) == "holds (1 of 1 setting)"
    found = sentences.findings(
        methods, runs, verdicts, departures_table({"he": None}), BALANCED, None
    )
    assert "**Not tested here (needs runs from zeros)**" in found
    assert "Median final cost over 1 seed (" in found
    assert "single pair of runs" in sentences.takeaways_sentence(runs)


def test_the_baseline_is_the_majority_class_and_the_priors_entropy():
    images = pd.DataFrame({"class": ["dog"] * 137 + ["cat"] * 72, "label": [0] * 137 + [1] * 72})
    found = baseline(images)
    assert found.majority == "dog" and found.accuracy == pytest.approx(137 / 209)
    share = 72 / 209
    assert found.cost == pytest.approx(-(share * np.log(share) + (1 - share) * np.log(1 - share)))
    assert round(found.cost, 3) == 0.644
    text = sentences.baseline_sentence(found)
    assert "always answering *dog* is right 66%" in text and "costs 0.644" in text
    balanced = baseline(pd.DataFrame({"class": ["cat", "dog"], "label": [1, 0]}))
    assert balanced.balanced and "coin toss is right 50%" in sentences.baseline_sentence(balanced)


def test_runs_below_the_majority_class_are_named_in_the_findings():
    runs, methods = one_setting(
        {"zeros": ([0.644] * 2, [0.66, 0.66]), "random": ([2.0, 1.5], [0.47, 0.7])}
    )
    unbalanced = Baseline("dog", 137 / 209, 0.644)
    found = sentences.findings(
        methods, runs, [], departures_table({"zeros": None}), unbalanced, None
    )
    assert (
        "1 of 4 runs end with training accuracy below always answering *dog* (66%): random "
        "seed 1." in found
    )
    zeros = takeaways.zeros_never_break_symmetry(runs)
    assert "(the best constant answer costs 0.644)" in sentences.evidence(zeros, unbalanced)
