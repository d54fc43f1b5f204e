import json
import warnings

import numpy as np
import pandas as pd
import pytest

from initbench.analysis.summary import quantile_with_infinity, summarize_methods
from initbench.runs.aggregate import (
    collect_confusion,
    collect_diagnostics,
    collect_layers,
    collect_runs,
    first_below,
)
from initbench.runs.folder import MissingRunError
from initbench.storage import write_csv, write_json
from initbench.tables import write_table


def make_run(folder, method, seed, costs, accuracy, diverged_at=None, seconds=1.5):
    folder.mkdir(parents=True)
    write_csv(folder / "costs.csv", ["iteration", "cost"], [[t, c] for t, c in enumerate(costs)])
    write_json(
        folder / "metrics.json",
        {
            "final_cost": costs[-1],
            "train_accuracy": accuracy,
            "test_accuracy": None,
            "final_test_cost": None,
            "hidden_unit_spread": [0.5, 0.25],
            "diverged": diverged_at is not None,
            "diverged_at_iteration": diverged_at,
            "path": "gram",
            "seconds": seconds,
            "hyperparameters": {
                "method": method,
                "seed": seed,
                "hidden_layers": [5, 5],
                "activation": "tanh",
                "learning_rate": 0.01,
                "iterations": 3,
                "random_scale": 10.0,
                "path": "auto",
                "dataset": "synthetic",
            },
        },
    )
    return folder


@pytest.fixture
def run_dirs(tmp_path):
    return [
        make_run(tmp_path / "he/seed1", "he", 1, [0.7, 0.6, 0.45, 0.3], 0.9),
        make_run(tmp_path / "he/seed2", "he", 2, [0.7, 0.4, 0.35, 0.2], 1.0),
        make_run(tmp_path / "he/seed3", "he", 3, [0.7, 0.69, 0.68, 0.67], 0.5),
        make_run(tmp_path / "random/seed1", "random", 1, [3.0, 2.0], 0.6, diverged_at=2),
        make_run(tmp_path / "random/seed2", "random", 2, [4.0, 3.0, 2.5, 2.0], 0.5),
    ]


def test_costs_are_tidy_one_row_per_method_seed_iteration(run_dirs):
    costs, _, _ = collect_runs(run_dirs, 2)
    assert list(costs.columns) == [
        "activation",
        "learning_rate",
        "hidden_layers",
        "method",
        "seed",
        "iteration",
        "cost",
    ]
    assert len(costs) == 4 + 4 + 4 + 2 + 4
    row = costs[(costs["method"] == "he") & (costs["seed"] == 2) & (costs["iteration"] == 1)]
    assert row["cost"].item() == 0.4


def test_runs_keep_diverged_ones_and_their_hyperparameters(run_dirs):
    _, runs, timings = collect_runs(run_dirs, 2)
    assert len(runs) == 5
    diverged = runs[runs["diverged"]]
    assert diverged[["method", "seed"]].values.tolist() == [["random", 1]]
    assert diverged["diverged_at_iteration"].item() == 2
    assert diverged["final_cost"].item() == np.inf  # ranks below every run that did not
    assert runs["first_iteration_below_threshold"].tolist()[:3] == [2, 1, pd.NA]
    assert set(runs["learning_rate"]) == {0.01} and set(runs["hidden_layers"]) == {"5-5"}
    assert "seconds" not in runs
    assert timings["seconds"].tolist() == [1.5] * 5


def test_methods_summary_by_hand(run_dirs):
    _, runs, _ = collect_runs(run_dirs, 2)
    summary = summarize_methods(runs)
    assert summary[
        ["activation", "learning_rate", "hidden_layers"]
    ].drop_duplicates().values.tolist() == [["tanh", 0.01, "5-5"]]
    summary = summary.set_index("method")
    assert list(summary.index) == ["he", "random"]
    he = summary.loc["he"]
    assert he["runs"] == 3
    assert he["final_cost_median"] == 0.3
    assert he["final_cost_q1"] == pytest.approx(0.25)
    assert he["final_cost_q3"] == pytest.approx(0.485)
    assert (he["final_cost_min"], he["final_cost_max"]) == (0.2, 0.67)
    assert he["train_accuracy_mean"] == pytest.approx(0.8)
    assert he["train_accuracy_min"] == 0.5
    # Reached below 0.5 at iterations 2 and 1; the third never: the median run reaches at 2.
    assert he["median_iteration_below_threshold"] == 2
    assert he["diverged_runs"] == 0
    random = summary.loc["random"]
    assert np.isnan(random["median_iteration_below_threshold"])
    assert random["diverged_runs"] == 1
    # Final costs 2.0 and inf: interpolating towards the diverged run gives inf, not NaN.
    assert (random["final_cost_q1"], random["final_cost_median"]) == (np.inf, np.inf)
    assert (random["final_cost_min"], random["final_cost_max"]) == (2.0, np.inf)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1.0, 2.0, 3.0, 4.0], [1.75, 2.5, 3.25]),  # pandas' own answer when all are finite
        ([0.5, 0.7, 0.9, np.inf], [0.65, 0.8, np.inf]),
        ([1.0, 2.0, np.inf], [1.5, 2.0, np.inf]),
        ([np.inf, np.inf], [np.inf, np.inf, np.inf]),
    ],
)
def test_quantile_with_infinity(values, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = [quantile_with_infinity(pd.Series(values), q) for q in (0.25, 0.5, 0.75)]
    assert found == pytest.approx(expected)
    if np.isfinite(values).all():
        assert found == pd.Series(values).quantile([0.25, 0.5, 0.75]).tolist()


def test_median_iteration_is_empty_when_only_half_the_runs_get_there(tmp_path):
    dirs = [
        make_run(tmp_path / "a", "he", 1, [0.7, 0.4], 1.0),
        make_run(tmp_path / "b", "he", 2, [0.7, 0.6], 0.5),
    ]
    summary = summarize_methods(collect_runs(dirs, 2)[1])
    assert np.isnan(summary["median_iteration_below_threshold"].item())


def test_a_missing_file_names_the_run(run_dirs):
    (run_dirs[1] / "costs.csv").unlink()
    with pytest.raises(MissingRunError, match=r"he/seed2.*costs\.csv"):
        collect_runs(run_dirs, 2)


def test_first_below():
    assert first_below(np.arange(4), np.array([0.7, 0.5, 0.49, 0.1]), 0.5) == 2
    assert first_below(np.arange(2), np.array([0.7, 0.6]), 0.5) is None
    # A mini-batch run records every few updates: the iteration is the record's.
    assert first_below(np.array([0, 10, 20]), np.array([0.7, 0.45, 0.3]), 0.5) == 10


def test_many_classes_count_the_first_iteration_below_their_own_threshold(run_dirs):
    # Ten classes: the mark is 0.5 · log2 10 = 1.66. He's runs start at 0.7, below it at once
    # (the two-class mark of 0.5 takes them 1 and 2 updates, or never); random's never get there.
    _, two, _ = collect_runs(run_dirs, 2)
    _, ten, _ = collect_runs(run_dirs, 10)
    assert two["first_iteration_below_threshold"].tolist()[:3] == [2, 1, pd.NA]
    assert ten["first_iteration_below_threshold"].tolist()[:3] == [0, 0, 0]
    assert ten["first_iteration_below_threshold"].iloc[3:].isna().all()


def test_tables_are_byte_identical_for_equal_data(run_dirs, tmp_path):
    for name in ("first.csv", "second.csv"):
        write_table(summarize_methods(collect_runs(run_dirs, 2)[1]), tmp_path / name)
    assert (tmp_path / "first.csv").read_bytes() == (tmp_path / "second.csv").read_bytes()
    first = (tmp_path / "first.csv").read_text().splitlines()
    assert first[1].startswith("tanh,0.01,5-5,he,3,0.3,")


def test_each_setting_of_a_grid_is_summarized_apart(tmp_path):
    dirs = []
    for rate, final in ((0.01, 0.3), (0.1, 0.6)):
        for seed in (1, 2):
            folder = make_run(tmp_path / f"{rate}/{seed}", "he", seed, [0.7, final], 0.9)
            metrics = json.loads((folder / "metrics.json").read_text())
            metrics["hyperparameters"]["learning_rate"] = rate
            write_json(folder / "metrics.json", metrics)
            dirs.append(folder)
    costs, runs, _ = collect_runs(dirs, 2)
    assert costs["learning_rate"].tolist() == [0.01] * 4 + [0.1] * 4
    summary = summarize_methods(runs)
    assert summary[["learning_rate", "method", "runs"]].values.tolist() == [
        [0.01, "he", 2],
        [0.1, "he", 2],
    ]
    assert summary["final_cost_median"].tolist() == [0.3, 0.6]


def test_no_diagnostics_still_gives_a_table_with_its_columns():
    table = collect_diagnostics([])
    assert table.empty
    assert list(table.columns)[:4] == ["activation", "hidden_layers", "method", "seed"]


def test_every_runs_layers_are_gathered_each_row_named_by_its_run(run_dirs):
    for index, folder in enumerate(run_dirs[:2]):
        write_csv(folder / "layers.csv", ["iteration", "layer", "activation_std"], [[0, 1, index]])
    layers = collect_layers(run_dirs[:2])
    assert list(layers.columns) == [
        "activation", "learning_rate", "hidden_layers", "method", "seed",
        "iteration", "layer", "activation_std",
    ]  # fmt: skip
    assert layers[["method", "seed", "activation_std"]].values.tolist() == [
        ["he", 1, 0],
        ["he", 2, 1],
    ]
    with pytest.raises(MissingRunError, match=r"seed3: layers\.csv is missing"):
        collect_layers(run_dirs[:3])


def write_confusion(folder, counts: list[list[int]]) -> None:
    """A run's confusion.csv: every cell of its training images' K x K counts."""
    cells = [
        ["train", true, predicted, found]
        for true, row in enumerate(counts)
        for predicted, found in enumerate(row)
    ]
    write_csv(folder / "confusion.csv", ["set", "true", "predicted", "count"], cells)


def test_every_runs_confusion_counts_are_gathered_each_row_named_by_its_run(run_dirs, tmp_path):
    write_confusion(run_dirs[0], [[5, 1, 0], [0, 6, 0], [2, 0, 4]])
    write_confusion(run_dirs[3], [[0, 6, 0], [0, 6, 0], [0, 6, 0]])
    confusion = collect_confusion([run_dirs[0], run_dirs[3]])
    assert list(confusion.columns) == [
        "activation", "learning_rate", "hidden_layers", "method", "seed",
        "set", "true", "predicted", "count",
    ]  # fmt: skip
    assert len(confusion) == 2 * 9
    assert confusion[["method", "seed"]].drop_duplicates().values.tolist() == [
        ["he", 1],
        ["random", 1],
    ]
    assert confusion.loc[8, ["set", "true", "predicted", "count"]].tolist() == ["train", 2, 2, 4]
    for name in ("first.csv", "second.csv"):
        write_table(collect_confusion([run_dirs[0], run_dirs[3]]), tmp_path / name)
    assert (tmp_path / "first.csv").read_bytes() == (tmp_path / "second.csv").read_bytes()
    assert (tmp_path / "first.csv").read_text().splitlines()[1] == "tanh,0.01,5-5,he,1,train,0,0,5"
    with pytest.raises(MissingRunError, match=r"seed2: confusion\.csv is missing"):
        collect_confusion(run_dirs[:2])
