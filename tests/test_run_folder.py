import json

import numpy as np
import pytest

from initbench.runs.folder import (
    MissingRunError,
    held_run_files,
    read_metrics,
    run_files,
    save_run,
)
from initbench.training.optimization import Optimization
from initbench.training.trainer import Hyperparameters, train


def test_a_saved_run_holds_its_log_metrics_and_parameters(tmp_path, small_images):
    x, labels = small_images
    hp = Hyperparameters("he", 4, hidden_layers=(3, 2), iterations=12)
    run = train(x, labels, hp)
    save_run(run, hp, "synthetic", tmp_path)
    paths = [tmp_path / name for name in ("costs.csv", "metrics.json", "params.npz")]

    lines = paths[0].read_text().splitlines()
    assert lines[0] == "iteration,cost" and len(lines) == 14
    assert [float(line.split(",")[1]) for line in lines[1:]] == list(run.costs)

    metrics = json.loads(paths[1].read_text())
    assert metrics["final_cost"] == run.costs[-1]
    assert metrics["train_accuracy"] == run.train_accuracy
    assert metrics["diverged"] is False and metrics["diverged_at_iteration"] is None
    assert metrics["path"] == run.path
    assert metrics["hyperparameters"] == {
        "method": "he",
        "seed": 4,
        "hidden_layers": [3, 2],
        "activation": "tanh",
        "learning_rate": 0.01,
        "iterations": 12,
        "random_scale": 10.0,
        "path": "auto",
        "dataset": "synthetic",
    }
    assert set(metrics["versions"]) == {"initbench", "numpy", "python"}
    assert metrics["blas_threads"] >= 1

    with np.load(paths[2], allow_pickle=False) as params:
        assert sorted(params.files) == ["W1", "W2", "W3", "b1", "b2", "b3"]
        assert params["W1"].shape == (x.shape[0], 3)[::-1]
        np.testing.assert_array_equal(params["W3"], run.params[2][0])


def test_the_signal_is_saved_as_a_tidy_table_with_empty_cells_where_a_share_does_not_apply(
    tmp_path, small_images
):
    x, labels = small_images
    hp = Hyperparameters("zeros", 1, hidden_layers=(3, 2), iterations=4)
    run = train(x, labels, hp, signal_every=2)
    save_run(run, hp, "synthetic", tmp_path)
    lines = (tmp_path / "layers.csv").read_text().splitlines()
    assert lines[0].startswith("iteration,layer,preactivation_mean,")
    assert len(lines) == 1 + 3 * 2  # iterations 0, 2, 4 x two hidden layers
    # tanh units saturate but do not die; zero weights leave the update ratio undefined.
    assert lines[1] == "0,1,0.0,0.0,0.0,0.0,,0.0,0.0,0.0,"


def test_a_run_folder_holds_the_files_its_layout_names(tmp_path, small_images):
    x, labels = small_images
    hp = Hyperparameters("he", 1, hidden_layers=(3,), iterations=4)
    save_run(train(x, labels, hp, sharpness_every=2), hp, "synthetic", tmp_path / "a")
    save_run(train(x, labels, hp), hp, "synthetic", tmp_path / "b")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(run_files(True).values())
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(run_files(False).values())


def test_a_rerun_without_sharpness_leaves_no_stale_sharpness_file(tmp_path, small_images):
    x, labels = small_images
    hp = Hyperparameters("he", 1, hidden_layers=(3,), iterations=4)
    save_run(train(x, labels, hp, sharpness_every=2), hp, "synthetic", tmp_path)
    assert (tmp_path / "sharpness.csv").is_file()
    save_run(train(x, labels, hp), hp, "synthetic", tmp_path)
    assert not (tmp_path / "sharpness.csv").exists()


def test_reading_a_missing_file_names_the_run_and_the_file(tmp_path):
    with pytest.raises(MissingRunError, match=r"run .*seed3: metrics.json is missing"):
        read_metrics(tmp_path / "seed3")


def test_a_folder_holds_a_run_once_any_run_file_is_in_it(tmp_path, small_images):
    assert held_run_files(tmp_path / "nowhere") == []
    assert held_run_files(tmp_path) == []
    (tmp_path / "notes.txt").write_text("mine\n")
    assert held_run_files(tmp_path) == []
    x, labels = small_images
    hp = Hyperparameters("he", 1, iterations=2)
    save_run(train(x, labels, hp), hp, "synthetic", tmp_path)
    assert held_run_files(tmp_path) == [
        "costs.csv",
        "params.npz",
        "metrics.json",
        "layers.csv",
        "confusion.csv",
    ]


def test_a_run_written_over_another_is_not_complete_until_its_metrics_are(
    tmp_path, small_images, monkeypatch
):
    x, labels = small_images
    hp = Hyperparameters("he", 1, iterations=2)
    save_run(train(x, labels, hp), hp, "synthetic", tmp_path)

    def cut_short(*args):
        raise OSError("disk full")

    monkeypatch.setattr("initbench.runs.folder.write_npz", cut_short)
    with pytest.raises(OSError):
        save_run(train(x, labels, hp), hp, "synthetic", tmp_path)
    assert not (tmp_path / "metrics.json").exists()


def test_a_mini_batch_run_logs_the_epoch_of_each_record_and_its_settings(tmp_path, small_images):
    x, labels = small_images  # 40 training images, in batches of 16, 16 and 8
    hp = Hyperparameters("he", 4, hidden_layers=(3, 2), iterations=5)
    optimization = Optimization("momentum", batch_size=16, record_every=2, nesterov=True)
    held_out = (x[:, :4], labels[:, :4])
    save_run(
        train(x, labels, hp, held_out, optimization=optimization), hp, "s", tmp_path, optimization
    )
    lines = (tmp_path / "costs.csv").read_text().splitlines()
    assert lines[0] == "iteration,epoch,cost,test_cost"
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["0", "0.0"],
        ["2", "0.8"],
        ["4", "1.4"],
        ["5", "1.8"],
    ]
    metrics = read_metrics(tmp_path)
    assert metrics["optimization"] == {
        "optimizer": "momentum",
        "batch_size": 16,
        "order_seed": 0,
        "record_every": 2,
        "momentum": 0.9,
        "nesterov": True,
        "precision": "float64",
    }
    assert "optimization" not in metrics["hyperparameters"]


def test_only_gradient_descent_in_float64_leaves_its_metrics_and_log_as_before(
    tmp_path, small_images
):
    x, labels = small_images
    hp = Hyperparameters("he", 4, hidden_layers=(3, 2), iterations=3)
    # Settings gd does not read change nothing.
    unread = Optimization("gd", batch_size=8, order_seed=5, record_every=2)
    save_run(train(x, labels, hp, optimization=unread), hp, "s", tmp_path / "gd", unread)
    assert "optimization" not in read_metrics(tmp_path / "gd")
    assert (tmp_path / "gd" / "costs.csv").read_text().startswith("iteration,cost\n0,")
    single = Optimization(precision="float32")
    save_run(train(x, labels, hp, optimization=single), hp, "s", tmp_path / "f32", single)
    assert read_metrics(tmp_path / "f32")["optimization"] == {
        "optimizer": "gd",
        "precision": "float32",
    }
    assert (tmp_path / "f32" / "costs.csv").read_text().startswith("iteration,cost\n0,")
