"""A grid that repeats a paper's experiment, through the workflow: the report leads with the
paper's claims beside the runs, and a grid that lacks what the claims need stops before any
job."""

import pandas as pd
import pytest
from workflow_helpers import copy_project, snakemake

# Glorot & Bengio's experiment in miniature on scikit-learn's digits (no network): five tanh
# layers, their two initializations, mini-batch SGD, a share of each class held out.
GLOROT = {
    "paper": "glorot2010",
    "dataset": "digits",
    "train_size": 200,
    "test_fraction": 0.2,
    "methods": ["glorot_standard", "glorot_uniform"],
    "activations": ["tanh"],
    "hidden_layers": "16x5",
    "optimizers": ["sgd"],
    "batch_size": 10,
    "iterations": 40,
    "record_every": 10,
    "seeds": [1, 2, 3],
    "diagnostics": False,
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("papers") / "project")


def test_a_paper_grid_leads_its_report_with_the_claims_and_draws_their_figures(project):
    result = snakemake(project, config=GLOROT)
    assert result.returncode == 0, result.stderr
    histograms = pd.read_csv(project / "results/summary/digits/histograms.csv")
    # Both quantities for both methods, on the grid's five layers (not deep, but the paper's).
    counts = histograms.groupby(["method", "quantity"])["layer"].nunique()
    assert counts.to_dict() == {
        (method, quantity): 5
        for method in ("glorot_standard", "glorot_uniform")
        for quantity in ("activation", "gradient")
    }
    report = (project / "results/report/digits/report.html").read_text()
    assert report.index('id="papers"') < report.index('id="dataset"')
    assert "Beside the papers" in report and "Glorot &amp; Bengio 2010" in report
    for phrase in ("Table 1, MNIST", "Figure 6", "§4.3, Figure 7", "What differs"):
        assert phrase in report, phrase
    for figure in ("glorot_activations", "glorot_gradients"):
        assert (project / f"results/report/digits/figures/{figure}.png").exists(), figure


def test_a_paper_whose_claims_the_grid_cannot_measure_stops_before_any_job(tmp_path):
    project = copy_project(tmp_path / "project")
    result = snakemake(project, config={"paper": "he2015", "methods": ["he"]})
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == (
        "config key paper: he2015's claims need methods he and xavier and the activation relu; "
        "add them to the configuration, or leave paper out"
    )
    assert not (project / "results").exists()


# Pennington et al.'s experiment in miniature on the digits: the critical families under tanh
# and ReLU at two depths, with the Jacobian job measuring each run's spectrum.
PENNINGTON = {
    "paper": "pennington2017",
    "dataset": "digits",
    "train_size": 100,
    "test_fraction": 0.2,
    "methods": ["critical_gaussian", "critical_orthogonal"],
    "critical": {"bias_variances": [1e-5]},
    "activations": ["tanh", "relu"],
    "hidden_layers": ["8x8", "8x12"],
    "jacobian_images": 3,
    "optimizers": ["sgd"],
    "batch_size": 10,
    "iterations": 20,
    "record_every": 10,
    "seeds": [1, 2],
    "diagnostics": False,
}


def test_a_deep_grid_measures_each_runs_jacobian_and_tests_pennington_et_al(project):
    result = snakemake(project, config=PENNINGTON)
    assert result.returncode == 0, result.stderr
    spectra = pd.read_csv(project / "results/summary/digits/jacobian.csv")
    # 2 activations x 2 depths x 2 methods x 2 seeds, 3 images of 8 singular values each.
    assert len(spectra) == 16 * 3 * 8
    assert set(spectra["method"]) == {"critical_gaussian_b1e-05", "critical_orthogonal_b1e-05"}
    assert (spectra.groupby(["activation", "hidden_layers", "method", "seed"]).size() == 24).all()
    report = (project / "results/report/digits/report.html").read_text()
    assert report.index('id="papers"') < report.index('id="jacobian"')
    assert "Pennington, Schoenholz &amp; Ganguli 2017" in report
    assert "ReLU networks are incapable of dynamical isometry" in report
    assert (project / "results/report/digits/figures/jacobian_spectra.png").exists()
