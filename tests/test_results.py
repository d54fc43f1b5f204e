"""What the report stands on: inputs read once, by name, and what several sections share."""

import pandas as pd
import pytest
from report_helpers import configuration, image_table, results_with

from initbench.data.post_images import post_registry
from initbench.report.results import Results


def test_an_input_no_section_reads_is_named_in_the_error():
    results = Results({"runs": "runs.csv"}, configuration())
    with pytest.raises(KeyError, match=r"no input 'costs'.*inputs here: runs"):
        results.path("costs")


def test_methods_follow_the_configuration_with_the_gaussian_family_expanded():
    config = configuration(
        methods=["he", "gaussian"],
        gaussian={"weight_variances": [1.0, 2.0], "bias_variances": [0.0]},
    )
    assert Results({}, config).method_order == [
        "he",
        "gaussian_w1.0_b0.0",
        "gaussian_w2.0_b0.0",
    ]
    assert Results({}, config).one_setting
    assert not Results({}, configuration(activations=["tanh", "relu"])).one_setting


def test_the_post_images_are_recognised_by_content(tmp_path):
    hashes = sorted(post_registry().values())
    post = image_table(["cat", "dog"] * 50).assign(sha256=hashes)
    assert results_with(tmp_path, configuration(), images=post).post_images
    assert not results_with(tmp_path, configuration(), images=post.iloc[1:]).post_images


def test_the_curvature_at_start_is_the_diagnostics_or_else_the_recorded_sharpness(tmp_path):
    recorded = pd.DataFrame(
        {"method": ["he", "he"], "iteration": [0, 10], "sharpness": [150.0, 190.0]}
    )
    diagnostics = pd.DataFrame({"method": ["he"], "sharpness": [140.0], "converged": [True]})
    found = results_with(
        tmp_path, configuration(), diagnostics=diagnostics, sharpness=recorded
    ).curvature_at_start
    assert found["sharpness"].tolist() == [140.0]
    without = results_with(
        tmp_path, configuration(), diagnostics=diagnostics.iloc[:0], sharpness=recorded
    ).curvature_at_start
    assert without["sharpness"].tolist() == [150.0]
