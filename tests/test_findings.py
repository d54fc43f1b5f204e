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
    split_table,
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
    assert title("mnist", "mnist", False).endswith("on MNIST's handwritten digits")


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
        split=split_table(BALANCED_IMAGES),
    )
    return [output["text/markdown"] for output in outputs(findings.SECTION, results, "", "")]


def test_findings_lead_with_the_question_then_link_every_verdict(tmp_path):
    seeds = [0.1, 0.3, 0.2, 0.2, 0.2]
    runs, methods = one_setting({"zeros": ([0.693] * 5, [0.5] * 5), "he": (seeds, [0.9] * 5)})
    shown = opening(tmp_path, runs, methods, departures_table({"he": 40, "zeros": None}))
    assert shown[0] == title("synthetic", "synthetic", False)
    assert shown[1] == "## Findings"
    assert shown[2].startswith(
        "This grid asks: *Do the post's five takeaways on initialization hold on these images?*"
    )
    lines = shown[3].splitlines()
    verdicts = takeaways.all_takeaways(runs, collect_diagnostics([]))
    # The takeaways it tests, one line each, then those it cannot test, on one line.
    tested = [verdict for verdict in verdicts if verdict.verdict != "untested"]
    assert [verdict.key for verdict in tested] == ["symmetry", "convergence"]
    for line, verdict in zip(lines, tested, strict=False):
        assert f"(#takeaway-{verdict.key.replace('_', '-')})" in line
    assert lines[0].startswith("- **Holds (5 of 5 runs)**: Zero initialization never breaks")
    # The helper's runs never record an iteration below 0.5: he is no faster than zeros.
    assert lines[1].startswith("- **Does not hold here (1 setting)**: A good initialization")
    assert lines[2] == (
        "- Not tested by this grid: takeaways 2 (needs random and he or xavier), 3 (needs he "
        "and xavier under ReLU) and 4 (needs he and xavier under tanh)."
    )
    assert lines[3].startswith(
        "- Median final cost over 5 seeds (median training accuracy): **he** 0.200 (90%), "
        "**zeros** 0.693 (50%)."
    )
    assert "Training is chaotic for he" in lines[4] and "(#order-sensitivity)" in lines[4]
    assert len(lines) == 5
    assert "diverged" not in shown[3]


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
    lines = shown[3].splitlines()
    diverged = [line for line in lines if "diverged" in line]
    assert diverged[0].startswith("- 2 of 8 runs diverged (he).")


def test_one_seed_is_flagged_and_nothing_overclaims(tmp_path):
    runs, methods = one_setting({"he": ([0.0274], [1.0]), "xavier": ([0.0306], [1.0])})
    shown = opening(
        tmp_path, runs, methods, departures_table({"he": None}), seeds=[1], methods=["he", "xavier"]
    )
    assert "- **Cannot tell with 1 seed (1 setting)**: Xavier initialization suits tanh" in shown[3]
    assert (
        "Final cost of the one seed (training accuracy): **he** 0.0274 (100%), **xavier**"
        in shown[3]
    )
    assert "does not hold" not in shown[3] and "Holds" not in shown[3]
