"""The report's opening: a title named by the data, and findings gathered from the sections
shown, the headline first, each linking to its evidence."""

import numpy as np
import pandas as pd
from report_helpers import (
    configuration,
    departures_table,
    image_table,
    one_setting,
    results_with,
)

from initbench.analysis import takeaways
from initbench.report.notebook import outputs
from initbench.report.sections import findings
from initbench.report.sections.findings import headline, title
from initbench.runs.aggregate import collect_diagnostics

BALANCED_IMAGES = image_table(["cat", "dog"] * 6)


def test_the_title_names_the_data_not_the_config_value():
    assert title("synthetic", "synthetic", False) == (
        "# How initialization changes training, on a synthetic two-class image set"
    )
    assert title("blog", "blog", True).endswith("on the post's 100 cat and dog images")
    assert title("folder", "pets", False).endswith("on your images “pets”")
    post = title("folder", "blog-cats-dogs", True)
    assert post.endswith("on the post's 100 cat and dog images (your folder “blog-cats-dogs”)")


def opening(tmp_path, runs, summary, departures, **config) -> list[str]:
    """The findings section's Markdown, from these tables on the .test images."""
    results = results_with(
        tmp_path,
        configuration(**config),
        runs=runs,
        methods=summary,
        order_sensitivity=departures,
        diagnostics=collect_diagnostics([]),
        images=BALANCED_IMAGES,
    )
    return [output["text/markdown"] for output in outputs(findings.SECTION, results, "", "")]


def test_findings_open_with_the_ranking_and_link_every_verdict(tmp_path):
    runs, methods = one_setting(
        {"zeros": ([0.693] * 2, [0.5, 0.5]), "he": ([0.1, 0.3], [0.9, 1.0])}
    )
    shown = opening(tmp_path, runs, methods, departures_table({"he": 40, "zeros": None}))
    assert shown[0] == title("synthetic", "synthetic", False)
    assert shown[1] == "## Findings"
    lines = shown[2].splitlines()
    assert lines[0].startswith(
        "- Median final cost over 2 seeds (median training accuracy): **he** 0.2 (95%), "
        "**zeros** 0.693 (50%)."
    )
    assert "Training is chaotic for he" in lines[1] and "(#order-sensitivity)" in lines[1]
    verdicts = takeaways.all_takeaways(runs, collect_diagnostics([]))
    assert len(lines) == 2 + len(verdicts) == 2 + 5
    for line, verdict in zip(lines[2:], verdicts, strict=True):
        assert f"(#takeaway-{verdict.key.replace('_', '-')})" in line
    assert "**Holds (2 of 2 runs)**" in lines[2]
    assert "diverged" not in shown[2]


def test_findings_count_diverged_runs_and_name_the_winner_per_setting(tmp_path):
    runs, methods = one_setting({"he": ([np.inf, 0.2], [0.5, 1.0]), "xavier": ([0.3] * 2, [1, 1])})
    both = pd.concat([runs, runs.assign(learning_rate=0.1)], ignore_index=True)
    summary = pd.concat([methods, methods.assign(learning_rate=0.1)], ignore_index=True)
    assert headline(summary, both).startswith(
        "Lowest median final cost, setting by setting (2 settings): **xavier** in 2."
    )
    shown = opening(
        tmp_path,
        both,
        summary,
        departures_table({"he": None}),
        methods=["he", "xavier"],
        learning_rates=[0.01, 0.1],
    )
    lines = shown[2].splitlines()
    assert lines[1].startswith("- 2 of 8 runs diverged (he).")


def test_verdicts_count_in_singular(tmp_path):
    runs, methods = one_setting({"he": ([0.2], [1.0]), "random": ([2.0], [0.5])})
    shown = opening(tmp_path, runs, methods, departures_table({"he": None}), seeds=[1])
    assert "**Not tested here (needs runs from zeros)**" in shown[2]
    assert "Median final cost over 1 seed (" in shown[2]
