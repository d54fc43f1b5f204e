"""The section against the post's published numbers: counted by verdict, said plainly, and
shown only on the post's own images."""

import numpy as np
import pandas as pd
from report_helpers import configuration, departures_table, image_table, one_setting, results_with

from initbench.analysis import comparison
from initbench.report.notebook import outputs
from initbench.report.sections import published


def test_the_post_comparison_is_counted_by_verdict():
    table = pd.DataFrame(
        {
            "method": ["random", "random", "zeros", "he", "he"],
            "ours_seed_1": [1.0] * 5,
            "agreement": ["matches", "matches", "exact", "outside", "within"],
        }
    )
    assert published.comparison_finding(table, indicative=False).startswith(
        "Of the post's 5 published numbers, our seed 1 reproduces 3 (1 exactly, the others to at "
        "least 9 significant digits); of the others, 1 is within our seeds' range and 1 outside "
        "it (1 of he's). See [the comparison](#published)."
    )
    assert "; only indicative, as these runs differ" in published.comparison_finding(table, True)
    no_seed_1 = table.assign(ours_seed_1=np.nan, agreement="within")
    assert published.comparison_finding(no_seed_1, False).startswith(
        "Of the post's 5 published numbers, 5 are within our seeds' range and 0 outside it."
    )


def test_settings_that_differ_from_the_posts_are_listed_plainly():
    assert published.differing_sentence({}) is None
    text = published.differing_sentence(
        {"learning_rate": [0.001, 0.01], "test_fraction": ["images held out of training"]}
    )
    assert "(learning_rate: 0.001, 0.01; test_fraction: images held out of training)" in text


def test_the_post_chaos_sentence_only_when_he_or_xavier_part():
    assert published.post_chaos_sentence(departures_table({"he": None, "random": 3})) is None
    text = published.post_chaos_sentence(departures_table({"he": 56, "xavier": None}))
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
    text = published.post_chaos_sentence(departures_table({"he": 56, "xavier": 80}), diagnostics)
    assert (
        "sharpness (its Hessian's largest eigenvalue, median over seeds) is 542 from he (beyond "
        "it) and 150 from xavier (within it), where gradient descent with the post's step 0.01 "
        "is stable only below 2 / 0.01 = 200"
    ) in text


def test_agreements_and_quantities_in_words():
    assert published.agreement_text("matches", 11.0) == "seed 1 matches (11 significant digits)"
    assert published.agreement_text("outside", np.nan) == "outside our seeds' range"
    assert published.quantity_text("cost", 100.0) == "cost after 100 iterations"
    assert published.quantity_text("train_accuracy_percent", np.nan) == "train accuracy (%)"


def test_the_comparison_table_shows_six_digits_and_dashes_where_we_have_no_number():
    table = pd.DataFrame(
        {
            "method": ["random"],
            "quantity": ["cost"],
            "after_iterations": [100.0],
            "post": [1.2413142077549013],
            "ours_seed_1": [np.nan],
            "ours_median": [1.25],
            "ours_min": [1.2],
            "ours_max": [1.3],
            "agreement": ["within"],
            "digits": [np.nan],
        }
    )
    shown = published.comparison_table(table).iloc[0]
    assert shown["Post"] == "1.24131" and shown["Our seed 1"] == "—"
    assert (
        shown["Our range"] == "1.20000–1.30000" and shown["Agreement"] == "within our seeds' range"
    )


def test_the_plan_names_the_methods_of_the_posts_published_numbers():
    assert set(published.POST_METHODS) == set(comparison.published_methods())


def test_the_section_applies_to_images_that_may_be_the_posts_and_to_its_methods():
    assert not published.may_show_post(configuration(dataset="synthetic"))
    assert published.may_show_post(configuration(dataset="blog"))
    assert published.may_show_post(configuration(dataset="folder", images_dir="pets"))
    assert not published.may_show_post(configuration(dataset="blog", methods=["lsuv"]))


def test_a_folder_of_other_images_shows_nothing_of_the_post(tmp_path):
    runs, _ = one_setting({"he": ([0.2, 0.3], [1.0, 0.9])})
    config = configuration(dataset="folder", images_dir="pets")
    results = results_with(
        tmp_path,
        config,
        images=image_table(["cat", "dog"]),
        runs=runs,
        order_sensitivity=departures_table({"he": 3}),
    )
    assert published.SECTION in results.sections
    assert outputs(published.SECTION, results, tmp_path, tmp_path) == []
    assert published.findings(results) == []
