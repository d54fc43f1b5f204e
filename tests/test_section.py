"""What a section reads and draws under a configuration, and a section rendered as the notebook
shows it (``initbench.report.notebook``): its heading, then its blocks, each figure saved and
shown with its caption, and only the figures the workflow expects of it."""

import pytest
from matplotlib.figure import Figure
from report_helpers import configuration

from initbench.report.notebook import outputs
from initbench.report.results import Results
from initbench.report.section import Draws, Plot, Reads, Section, link, listed


def one_figure(results):
    yield "Some words."
    yield Plot("drawn", Figure())


def several_rates(config):
    return len(config["learning_rates"]) > 1


SECTION = Section(
    name="some_section",
    heading="Some section",
    reads=("runs", Reads("sharpness", when=lambda config: config["sharpness_every"] > 0)),
    draws=(Draws("drawn", "1. Some"), Draws("swept", "1. Some", when=several_rates)),
    render=one_figure,
)


@pytest.fixture
def captions(tmp_path):
    folder = tmp_path / "captions"
    folder.mkdir()
    (folder / "drawn.rst").write_text("A figure\n  drawn.\n")
    return folder


def test_what_a_section_reads_and_draws_follows_the_configuration():
    assert SECTION.anchor == "some-section"
    assert SECTION.inputs(configuration()) == ["runs"]
    assert SECTION.inputs(configuration(sharpness_every=10)) == ["runs", "sharpness"]
    assert [figure.name for figure in SECTION.figures(configuration())] == ["drawn"]
    swept = configuration(learning_rates=[0.01, 0.1])
    assert [figure.name for figure in SECTION.figures(swept)] == ["drawn", "swept"]


def test_a_section_shows_its_heading_words_and_figures_with_captions(tmp_path, captions):
    shown = outputs(SECTION, Results({}, configuration()), tmp_path / "figures", captions)
    assert [list(output) for output in shown] == [["text/markdown"]] * 2 + [["text/html"]]
    assert shown[0]["text/markdown"] == '<a id="some-section"></a>\n\n## Some section'
    assert '<p class="figure-caption">A figure drawn.</p>' in shown[2]["text/html"]
    assert (tmp_path / "figures/drawn.png").read_bytes().startswith(b"\x89PNG")


def test_a_figure_the_workflow_expects_must_be_drawn(tmp_path, captions):
    swept = Results({}, configuration(learning_rates=[0.01, 0.1]))
    with pytest.raises(ValueError, match="did not draw swept, which the workflow expects"):
        outputs(SECTION, swept, tmp_path, captions)


def test_a_figure_the_workflow_does_not_expect_is_refused(tmp_path, captions):
    unplanned = Section(name="other", render=one_figure)
    with pytest.raises(ValueError, match="drew the figure drawn, which its draws do not list"):
        outputs(unplanned, Results({}, configuration()), tmp_path, captions)


def test_a_section_with_nothing_to_show_shows_not_even_its_heading(tmp_path):
    empty = Section(name="empty", heading="Empty", render=lambda results: iter(()))
    assert outputs(empty, Results({}, configuration()), tmp_path, tmp_path) == []


def test_links_point_at_anchors():
    assert link("the dataset", "dataset") == "[the dataset](#dataset)"
    assert link("cost curves", "cost_curves") == "[cost curves](#cost-curves)"


def test_lists_read_as_a_sentence_writes_them():
    assert listed(["zeros"]) == "zeros"
    assert listed(["zeros", "random"]) == "zeros and random"
    assert listed(iter(["zeros", "random", "xavier"])) == "zeros, random and xavier"
