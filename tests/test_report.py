"""The report rule end to end on the tiny .test config, and Snakemake's own report."""

import re

import nbformat
import pytest
from workflow_helpers import snakemake

from initbench.report.numbers import number

pytestmark = pytest.mark.workflow

REPORT = "results/report/synthetic"
# One learning rate in the .test config: no stability figure, whose x axis is the learning rate.
FIGURES = ["samples", "confusion", "cost_curves", "median_costs"]


@pytest.fixture(scope="module")
def html(finished):
    return (finished / REPORT / "report.html").read_text()


def test_the_report_is_a_self_contained_page_with_every_figure(finished, html):
    for name in FIGURES:
        png = finished / REPORT / "figures" / f"{name}.png"
        assert png.read_bytes().startswith(b"\x89PNG")
    embedded = re.findall(r'<img[^>]+src="data:image/png;base64,', html)
    assert len(embedded) == len(FIGURES)
    assert not re.search(r'(?:src|href)="https?://', html), "the page must not fetch anything"


def test_the_report_hides_code_and_shows_no_error_or_warning(finished, html):
    assert "from initbench import" not in html
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html
    executed = nbformat.read(finished / REPORT / "report.ipynb", as_version=4)
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", output
            assert output["output_type"] != "error", output


def test_the_findings_come_first_and_the_sections_follow_in_order(html):
    headings = re.findall(r"<h([12])[^>]*>(.*?)<a class=\"anchor-link\"", html)
    assert [text for _, text in headings] == [
        "How initialization changes training, on a synthetic two-class image set",
        "Findings",
        "The dataset",
        "Class by class",
        "Cost curves, one panel per initialization",
        "All initializations, median curves",
        "Summary per initialization",
        "The post's takeaways, tested",
        # The post's network drawn at one variance per method: its mean-field quantities.
        "Mean-field theory",
        "Configuration and provenance",
    ]
    # The synthetic images are not the post's, so there is no comparison with its table.
    assert "Against the post" not in html


def test_every_link_of_the_findings_reaches_an_anchor(html):
    findings = html[html.find(">Findings<") : html.find('id="dataset"')]
    targets = set(re.findall(r'href="#([\w-]+)"', findings))
    # On the tiny .test images no curve parts: no finding links to order sensitivity.
    assert {"summary", "takeaway-symmetry", "takeaway-convergence"} <= targets
    for target in targets:
        assert f'id="{target}"' in html, target


def test_the_browser_tab_names_the_report_and_the_stability_figure_is_explained(html):
    assert "<title>How initialization changes training, on a synthetic" in html
    assert "With one learning rate (0.01) there is no curve" in html


def test_the_report_states_numbers_from_the_summary(finished, html):
    methods = (finished / "results/summary/synthetic/methods.csv").read_text().splitlines()
    header = methods[0].split(",")
    for line in methods[1:]:
        row = dict(zip(header, line.split(","), strict=True))
        median = number(float(row["final_cost_median"]))
        if number(float(row["final_cost_min"])) == number(float(row["final_cost_max"])):
            # Every seed ends alike (zeros): no median of equal values, no range of one.
            assert f"<strong>{row['method']}</strong>: seed 1 alone ends at cost {median}" in html
            continue
        assert f"final cost has median {median}" in html, row["method"]
    assert "12 (6 <em>dog</em>, 6 <em>cat</em>)" in html


def test_snakemakes_own_report_holds_the_figures(project):
    result = snakemake(project, "--report", "snakemake-report.html")
    assert result.returncode == 0, result.stderr
    page = (project / "snakemake-report.html").read_text()
    for name in FIGURES:
        assert f"{name}.png" in page
