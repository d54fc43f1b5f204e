"""The one list of the report's sections: which apply to a configuration, what the report rule
reads and draws for them, and a new section entering through that list alone."""

import os
import subprocess
import sys

import pandas as pd
import pytest
from conftest import REPO
from matplotlib.figure import Figure
from report_helpers import configuration, results_with

from initbench.report.notebook import outputs
from initbench.report.section import Draws, Plot, Reads, Section, Table
from initbench.report.sections import SECTIONS, active_sections, figure_categories, input_names

DEEP_PHASE = {
    "methods": ["zeros", "random", "he", "xavier", "gaussian"],
    "gaussian": {"weight_variances": [1.0, 1.75, 2.5], "bias_variances": [0.05]},
    "activations": ["tanh", "relu"],
    "hidden_layers": ["8x2", "8x4", "8x8"],
    "learning_rates": [0.01, 0.1],
    "sharpness_every": 5,
    "optimizers": ["gd", "adam"],
}


def names(sections) -> list[str]:
    return [section.name for section in sections]


# What only some grids show: these sections, figures and inputs, and the conditions they need.
CONDITIONAL_SECTIONS = {
    "papers",
    "depth",
    "jacobian",
    "phase_diagram",
    "edge_of_stability",
    "optimizers",
    "published",
}
CONDITIONAL_FIGURES = {
    "stability": "3. Takeaways",
    "signal_depth": "4. Depth",
    "gradient_depth": "4. Depth",
    "activation_histograms": "4. Depth",
    "update_ratios": "4. Depth",
    "jacobian_spectra": "4. Depth",
    "phase_diagram": "5. Theory",
    "edge_of_stability": "5. Theory",
}
CONDITIONAL_INPUTS = {"layers", "histograms", "sharpness", "jacobian"}


def test_the_posts_own_setting_on_synthetic_images_shows_the_sections_every_grid_has():
    config = configuration()
    assert names(active_sections(config)) == [
        name for name in names(SECTIONS) if name not in CONDITIONAL_SECTIONS
    ]
    assert {
        "findings", "dataset", "classes", "cost_curves", "summary", "takeaways", "provenance"
    } <= set(names(active_sections(config)))  # fmt: skip
    # One learning rate: no curve of the final cost against it; no deep network, no phase grid.
    figures = figure_categories(config)
    assert {
        "samples": "1. Dataset", "confusion": "2. Training", "cost_curves": "2. Training"
    }.items() <= figures.items()  # fmt: skip
    assert not set(figures) & set(CONDITIONAL_FIGURES)
    inputs = input_names(config)
    assert {
        "images", "split", "runs", "skipped", "matrix", "costs", "order_sensitivity", "confusion"
    } <= set(inputs)  # fmt: skip
    assert not set(inputs) & CONDITIONAL_INPUTS


def test_a_deep_swept_grid_with_sharpness_shows_every_section_but_the_posts_and_papers():
    config = configuration(**DEEP_PHASE)
    assert names(active_sections(config)) == [
        name for name in names(SECTIONS) if name not in ("published", "papers")
    ]
    assert CONDITIONAL_FIGURES.items() <= figure_categories(config).items()
    assert set(input_names(config)) >= CONDITIONAL_INPUTS


def test_a_papers_grid_leads_with_the_paper_and_reads_what_its_claims_need():
    glorot = configuration(paper="glorot2010", methods=["glorot_standard", "glorot_uniform"])
    assert names(active_sections(glorot))[:2] == ["findings", "papers"]
    assert {"layers", "histograms"} <= set(input_names(glorot))
    assert figure_categories(glorot)["glorot_gradients"] == "6. Papers"
    cohen = configuration(paper="cohen2021", sharpness_every=10)
    assert "sharpness" in input_names(cohen) and "histograms" not in input_names(cohen)
    assert "glorot_gradients" not in figure_categories(cohen)


def test_the_posts_images_add_the_comparison_and_its_sharpness_when_runs_record_it():
    assert "sharpness" not in input_names(configuration(dataset="blog"))
    config = configuration(dataset="blog", sharpness_every=10)
    assert "published" in names(active_sections(config))
    assert "sharpness" in input_names(config)


def trivial_render(results):
    """A section as small as can be: one sentence, one table and one figure."""
    yield f"{len(results.runs)} runs."
    yield Table(pd.DataFrame({"Runs": [str(len(results.runs))]}))
    figure = Figure()
    figure.subplots().plot(results.runs["final_cost"])
    yield Plot("trivial", figure)


TRIVIAL = Section(
    name="trivial_count",
    heading="A count of the runs",
    reads=("runs", Reads("sharpness", when=lambda config: config["sharpness_every"] > 0)),
    draws=(Draws("trivial", "9. Trivial"),),
    render=trivial_render,
    findings=lambda results: [f"The grid ran {len(results.runs)} runs."],
)


def test_a_new_section_enters_the_plan_and_the_page_through_the_list_alone(tmp_path):
    sections = (*SECTIONS, TRIVIAL)
    config = configuration()
    # What common.smk asks of the list: the rule's inputs, its figures and their categories.
    assert "trivial_count" in names(active_sections(config, sections))
    assert figure_categories(config, sections)["trivial"] == "9. Trivial"
    assert "sharpness" not in input_names(config, sections)
    assert "sharpness" in input_names(configuration(sharpness_every=5), sections)
    # What the notebook does with it: its heading, text, table and figure with its caption.
    runs = pd.DataFrame({"final_cost": [0.3, 0.2]})
    results = results_with(tmp_path, config, sections, runs=runs)
    captions = tmp_path / "captions"
    captions.mkdir()
    (captions / "trivial.rst").write_text("The final cost of each run.\n")
    shown = outputs(TRIVIAL, results, tmp_path / "figures", captions)
    assert shown[0] == {"text/markdown": '<a id="trivial-count"></a>\n\n## A count of the runs'}
    assert shown[1] == {"text/markdown": "2 runs."}
    assert "<td>2</td>" in shown[2]["text/html"]
    assert "The final cost of each run." in shown[3]["text/html"]
    assert (tmp_path / "figures/trivial.png").is_file()
    # And the opening list gathers its finding.
    assert TRIVIAL.findings(results) == ["The grid ran 2 runs."]
    assert TRIVIAL in results.sections


def test_two_sections_may_not_draw_one_figure():
    twice = Section(name="again", draws=(Draws("samples", "1. Dataset"),), render=trivial_render)
    with pytest.raises(ValueError, match="two sections draw a figure named samples"):
        figure_categories(configuration(), (*SECTIONS, twice))


def test_every_figure_of_every_section_has_its_caption_and_every_caption_a_figure():
    drawn = {figure.name for section in SECTIONS for figure in section.draws}
    captions = {path.stem for path in (REPO / "workflow/report").glob("*.rst")}
    assert drawn == captions


def test_the_workflow_reads_the_plans_without_loading_pandas_or_matplotlib():
    # common.smk imports the list each time Snakemake starts: every dry run, every cluster job.
    program = (
        "import sys, initbench.report.sections; "
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'pandas', 'matplotlib'}))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"
