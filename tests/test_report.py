"""The report rule end to end on the tiny .test config, and Snakemake's own report."""

import re

import nbformat
import pytest
from workflow_helpers import snakemake

REPORT = "results/report/synthetic"
FIGURES = ["samples", "cost_curves", "median_costs", "stability"]


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


def test_the_sections_come_in_order(html):
    headings = [
        "1. The dataset",
        "2. Cost curves, one panel per initialization",
        "3. All initializations, median curves",
        "4. Summary per initialization",
        "5. The post's takeaways, tested",
        "7. Configuration and provenance",
    ]
    positions = [html.find(heading) for heading in headings]
    assert -1 not in positions and positions == sorted(positions)
    # The synthetic images are not the post's, so there is no comparison with its table.
    assert "6. Against the post" not in html


def test_the_report_states_numbers_from_the_summary(finished, html):
    methods = (finished / "results/summary/synthetic/methods.csv").read_text().splitlines()
    header = methods[0].split(",")
    for line in methods[1:]:
        row = dict(zip(header, line.split(","), strict=True))
        median = f"{float(row['final_cost_median']):.3g}"
        assert f"final cost has median {median}" in html, row["method"]
    assert "12 (6 cat, 6 dog)" in html


def test_snakemakes_own_report_holds_the_figures(project):
    result = snakemake(project, "--report", "snakemake-report.html")
    assert result.returncode == 0, result.stderr
    page = (project / "snakemake-report.html").read_text()
    for name in FIGURES:
        assert f"{name}.png" in page
