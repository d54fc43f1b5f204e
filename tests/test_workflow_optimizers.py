"""The optimizers as a grid axis through the workflow: where their runs land, what the tables
name, what the report says, and the values refused before any job."""

import json

import pandas as pd
import pytest
from workflow_helpers import copy_project, snakemake

pytestmark = pytest.mark.workflow

GRID = {
    "methods": ["he", "xavier"],
    "optimizers": ["gd", "sgd", "adam"],
    "order_seeds": [0, 1],
    "batch_size": 4,
    "record_every": 5,
}
SETTING = "results/runs/synthetic/tanh/lr0.01/h5-5"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("optimizers") / "project")
    result = snakemake(project, config=GRID)
    assert result.returncode == 0, result.stderr
    return project


def test_gd_keeps_the_posts_paths_and_the_others_have_a_folder_each(project):
    assert (project / SETTING / "he/seed1/metrics.json").is_file()
    for optimization in ("sgd-order0", "sgd-order1", "adam-order0", "adam-order1"):
        metrics = json.loads(
            (project / SETTING / optimization / "he/seed1/metrics.json").read_text()
        )
        optimizer, _, order = optimization.partition("-order")
        assert metrics["optimization"]["optimizer"] == optimizer
        assert metrics["optimization"]["order_seed"] == int(order)
        assert metrics["optimization"]["batch_size"] == 4
    assert "optimization" not in json.loads(
        (project / SETTING / "he/seed1/metrics.json").read_text()
    )


def test_the_tables_name_each_runs_optimizer_and_order(project):
    runs = pd.read_csv(project / "results/summary/synthetic/runs.csv")
    assert list(runs.columns[:7]) == [
        "activation",
        "learning_rate",
        "hidden_layers",
        "optimizer",
        "order_seed",
        "method",
        "seed",
    ]
    per_optimization = runs.groupby(["optimizer", "order_seed"]).size().to_dict()
    assert per_optimization == {
        ("adam", 0): 4,
        ("adam", 1): 4,
        ("gd", 0): 4,
        ("sgd", 0): 4,
        ("sgd", 1): 4,
    }
    costs = pd.read_csv(project / "results/summary/synthetic/costs.csv")
    sgd = costs[(costs["optimizer"] == "sgd") & (costs["method"] == "he") & (costs["seed"] == 1)]
    # Records at update 0, every 5 and the last (30), with the epoch: 4 of 12 images an update.
    assert sgd[sgd["order_seed"] == 0]["iteration"].tolist() == [0, 5, 10, 15, 20, 25, 30]
    assert sgd[sgd["order_seed"] == 0]["epoch"].tolist()[:3] == pytest.approx([0.0, 5 / 3, 10 / 3])
    # Another order of batches: the same initial network, another path from there.
    first, other = (sgd[sgd["order_seed"] == seed]["cost"].tolist() for seed in (0, 1))
    assert first[0] == other[0] and first[1:] != other[1:]


def test_the_report_sets_each_optimizer_beside_gd(project):
    page = (project / "results/report/synthetic/report.html").read_text()
    assert "Does the optimizer change which initialization trains better" in page
    assert "Reverses the ranking" in page and "Under gd" in page
    assert "tanh, lr 0.01, layers 5-5, adam, order 1" in page


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {"optimizers": ["sgd"], "batch_size": 13},
            "config key batch_size: 13 is more than the 12",
        ),
        ({"optimizers": ["lbfgs"]}, "optimizers[0]: expected one of gd, sgd, momentum, adam"),
        ({"adam": {"beta1": 1.0}}, "adam.beta1: expected a number < 1, got 1.0"),
    ],
)
def test_bad_values_stop_the_run_before_any_job_naming_the_key(tmp_path, config, message):
    project = copy_project(tmp_path / "project")
    result = snakemake(project, config=config)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert not (project / "results").exists()
