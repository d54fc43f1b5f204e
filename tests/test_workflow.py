"""The whole workflow on the tiny .test config, and what reruns when something changes."""

import json
import os
import re
import shutil

import numpy as np
import pandas as pd
import pytest
import yaml
from PIL import Image
from workflow_helpers import copy_project, planned_jobs, snakemake

from initbench.data.synthetic import draw_synthetic_set

pytestmark = pytest.mark.workflow

METHODS = ["zeros", "random", "he", "xavier"]
SEEDS = [1, 2]
SETTING = "tanh/lr0.01/h5-5"  # the .test config's one setting: activation, learning rate, layers
DOWNSTREAM_OF_TRAINING = {"train": 8, "aggregate": 1, "report": 1, "all": 1}
# Order sensitivity retrains the studied setting's first seed of each method.
DOWNSTREAM_OF_INITIALIZATION = {**DOWNSTREAM_OF_TRAINING, "diagnose": 8, "order_sensitivity": 1}
DOWNSTREAM_OF_PREPROCESSING = {"preprocess": 1, "split": 1, **DOWNSTREAM_OF_INITIALIZATION}


def test_every_run_is_written(finished):
    with np.load(finished / "results/data/synthetic/matrix.npz", allow_pickle=False) as matrix:
        assert matrix["pixels"].shape == (24 * 24 * 3, 12)
        assert matrix["pixels"].dtype == np.uint8
        assert matrix["labels"].tolist() == [1, 0] * 6
    table = (finished / "results/data/synthetic/images.csv").read_text().splitlines()
    assert table[0] == "file,class,label,sha256" and len(table) == 13
    for method in METHODS:
        for seed in SEEDS:
            run = finished / f"results/runs/synthetic/{SETTING}/{method}/seed{seed}"
            assert len((run / "costs.csv").read_text().splitlines()) == 1 + 31
            metrics = json.loads((run / "metrics.json").read_text())
            assert metrics["hyperparameters"]["method"] == method
            assert metrics["hyperparameters"]["seed"] == seed
            assert metrics["hyperparameters"]["iterations"] == 30
            assert metrics["blas_threads"] == 1
            with np.load(run / "params.npz", allow_pickle=False) as params:
                assert params["W1"].shape == (5, 24 * 24 * 3)
            signal = pd.read_csv(run / "layers.csv")
            assert signal[["iteration", "layer"]].values.tolist() == [
                [0, 1],
                [0, 2],
                [30, 1],
                [30, 2],
            ]
            assert (finished / f"logs/train/synthetic/{SETTING}/{method}/seed{seed}.log").is_file()
    assert (finished / "logs/preprocess/synthetic.log").is_file()
    split = (finished / "results/data/synthetic/split.csv").read_text().splitlines()
    assert split[0] == "file,set" and all(line.endswith(",train") for line in split[1:])
    for method in METHODS:
        for seed in SEEDS:
            init = f"results/diagnostics/synthetic/tanh/h5-5/{method}/seed{seed}"
            found = json.loads((finished / init / "diagnostics.json").read_text())
            assert [layer["layer"] for layer in found["layers"]] == [1, 2, 3]
            assert found["converged"]
    diagnostics = pd.read_csv(finished / "results/summary/synthetic/diagnostics.csv")
    assert len(diagnostics) == 8 and (diagnostics["layer1_unit_spread"] > 0).sum() == 6
    layers = pd.read_csv(finished / "results/summary/synthetic/layers.csv")
    assert len(layers) == 8 * 2 * 2  # runs x recorded iterations x hidden layers
    assert (finished / "logs/draw_synthetic.log").is_file()
    departures = pd.read_csv(finished / "results/order_sensitivity/synthetic/departures.csv")
    assert departures["method"].tolist() == METHODS
    assert (departures[["seed", "iterations", "tolerance"]] == [1, 200, 0.01]).all(axis=None)
    assert (finished / "logs/order_sensitivity/synthetic.log").is_file()


def test_the_console_shows_progress_not_file_lists(tmp_path):
    project = copy_project(tmp_path / "project")
    result = snakemake(project)
    assert result.returncode == 0, result.stderr
    console = (result.stdout + result.stderr).splitlines()
    assert any(line.endswith("steps (100%) done") for line in console)
    assert not any(line.strip().startswith(("input:", "output:", "reason:")) for line in console)
    assert len(console) < 150  # 23 jobs: a few lines each


def test_a_second_run_does_nothing(project):
    assert planned_jobs(project) == {}


def test_adding_a_seed_runs_only_the_new_runs(project):
    assert planned_jobs(project, {"seeds": [1, 2, 3]}) == {
        "train": 4,
        "diagnose": 4,
        "aggregate": 1,
        "report": 1,
        "all": 1,
    }


def test_changing_the_learning_rate_reruns_every_run_but_not_preprocessing(project):
    assert planned_jobs(project, {"learning_rates": [0.02]}) == {
        **DOWNSTREAM_OF_TRAINING,
        "order_sensitivity": 1,  # the setting it studies changed
    }


def test_sweeping_a_second_learning_rate_runs_only_its_runs_sharing_the_diagnostics(project):
    # Diagnostics are of the initialization, which no learning rate changes; order sensitivity
    # stays on the post's learning rate, still in the grid.
    assert planned_jobs(project, {"learning_rates": [0.01, 0.02]}) == DOWNSTREAM_OF_TRAINING


def test_diagnostics_are_asked_for_and_dropping_them_reruns_only_the_summary(project):
    assert planned_jobs(project, {"diagnostics": False}) == {"aggregate": 1, "report": 1, "all": 1}
    assert "diagnose" not in planned_jobs(project, {"diagnostics": False, "seeds": [1, 2, 3]})


def test_a_held_out_share_reruns_the_split_and_everything_after_it(project):
    assert planned_jobs(project, {"test_fraction": 0.25}) == {
        "split": 1,
        **DOWNSTREAM_OF_INITIALIZATION,
    }


def test_editing_a_trainer_module_reruns_every_run(project):
    with open(project / "src/initbench/training/trainer.py", "a") as module:
        module.write("\n# edited\n")
    assert planned_jobs(project) == DOWNSTREAM_OF_INITIALIZATION


def test_editing_the_report_notebook_reruns_only_the_report(project):
    with open(project / "workflow/notebooks/report.ipynb", "a") as notebook:
        notebook.write("\n")
    assert planned_jobs(project) == {"report": 1, "all": 1}


def test_editing_an_image_module_reruns_preprocessing_and_the_runs(project):
    with open(project / "src/initbench/data/images.py", "a") as module:
        module.write("\n# edited\n")
    assert planned_jobs(project) == DOWNSTREAM_OF_PREPROCESSING


@pytest.fixture
def folder_project(project, tmp_path):
    """The finished project switched to a folder of the user's own images, run to the end."""
    images = tmp_path / "my images"
    draw_synthetic_set(images, images_per_class=5, size=24, seed=7)
    config = {"dataset": "folder", "images_dir": str(images)}
    result = snakemake(project, config=config)
    assert result.returncode == 0, result.stderr
    assert planned_jobs(project, config) == {}
    return project, images, config


def test_adding_an_image_reruns_preprocessing_and_the_runs(folder_project):
    project, images, config = folder_project
    shutil.copy(images / "cat.0001.jpg", images / "cat.0099.jpg")
    assert planned_jobs(project, config) == DOWNSTREAM_OF_PREPROCESSING


def test_removing_an_image_reruns_preprocessing_and_the_runs(folder_project):
    project, images, config = folder_project
    (images / "dog.0003.jpg").unlink()
    assert planned_jobs(project, config) == DOWNSTREAM_OF_PREPROCESSING


def test_renaming_an_image_reruns_preprocessing_and_the_runs(folder_project):
    project, images, config = folder_project
    (images / "cat.0002.jpg").rename(images / "cat.0002 {copy}.jpg")
    assert planned_jobs(project, config) == DOWNSTREAM_OF_PREPROCESSING


# File names that are ordinary on disk but special to Snakemake (braces, angle brackets),
# to the shell ($, quotes, #, %) or to a CSV (quotes, a newline), and a long one.
ODD_NAMES = [
    "1 {copy}",
    "{sample}",
    "<v2>",
    "$HOME",
    "100%",
    "#3",
    "[4]",
    'it\'s "q"',
    "a\nb",
    "sp ace",
    "x" * 200,
]


def test_a_folder_of_any_names_the_file_system_allows_runs_to_the_report(project, tmp_path):
    images = tmp_path / "odd names"
    images.mkdir()
    rng = np.random.RandomState(3)
    for name in ("cat", "dog"):
        for odd in ODD_NAMES:
            pixels = (rng.rand(16, 16, 3) * 255).astype("uint8")
            Image.fromarray(pixels).save(images / f"{name}.{odd}.png")
    config = {"dataset": "folder", "images_dir": str(images), "image_size": 16}
    result = snakemake(project, config=config)
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(project / "results/data/odd-names/images.csv")
    assert sorted(table["file"]) == sorted(
        f"{name}.{odd}.png" for name in ("cat", "dog") for odd in ODD_NAMES
    )
    assert planned_jobs(project, config) == {}
    # A name that is not UTF-8 is refused before any job, named in the bytes it has.
    (images / os.fsdecode(b"cat.\xff.png")).write_bytes((images / "cat.#3.png").read_bytes())
    refused = snakemake(project, config=config)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines()[-1] == (
        f"config key images_dir: {images}: 1 image file name is not valid UTF-8, so no table "
        "can name it: b'cat.\\xff.png'; rename it"
    )


def test_editing_an_image_reruns_preprocessing_and_the_runs(folder_project):
    project, images, config = folder_project
    (images / "cat.0002.jpg").write_bytes((images / "cat.0003.jpg").read_bytes())
    assert planned_jobs(project, config) == DOWNSTREAM_OF_PREPROCESSING


def test_an_image_edited_in_place_with_its_times_kept_is_still_detected(folder_project):
    # cp -p, rsync -t and backups restore a file's times: only its bytes tell it changed.
    project, images, config = folder_project
    edited = images / "dog.0004.jpg"
    times = edited.stat()
    edited.write_bytes((images / "dog.0005.jpg").read_bytes())
    os.utime(edited, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert planned_jobs(project, config) == DOWNSTREAM_OF_PREPROCESSING


def test_folder_runs_read_the_users_images(folder_project):
    project, _, _ = folder_project
    # Results land under the folder's name, made safe: "my images" -> "my-images".
    table = (project / "results/data/my-images/images.csv").read_text().splitlines()
    assert len(table) == 11 and table[1].startswith("cat.0001.jpg,cat,1,")
    html = (project / "results/report/my-images/report.html").read_text()
    assert "<title>How initialization changes training, on your images “my-images”" in html


def test_a_second_folder_lands_beside_the_first(folder_project, tmp_path):
    project, _, _ = folder_project
    other = tmp_path / "ünïcode (2024)"
    draw_synthetic_set(other, images_per_class=3, size=24, seed=8)
    result = snakemake(project, config={"dataset": "folder", "images_dir": str(other)})
    assert result.returncode == 0, result.stderr
    assert len((project / "results/data/unicode-2024/images.csv").read_text().splitlines()) == 7
    assert len((project / "results/data/my-images/images.csv").read_text().splitlines()) == 11


def test_a_bad_images_dir_stops_the_run_whatever_results_hold(folder_project, tmp_path):
    project, _, config = folder_project
    empty = tmp_path / "empty"
    empty.mkdir()
    (tmp_path / "a file").write_text("not a folder")
    for folder, message in (
        (tmp_path / "no such folder", "images folder does not exist or is not a folder"),
        (empty, "no images found"),
        (tmp_path / "a file", "images folder does not exist or is not a folder"),
    ):
        result = snakemake(project, config={**config, "images_dir": str(folder)})
        assert result.returncode == 1, folder
        # The message alone, last: no traceback line after it.
        last_line = result.stderr.splitlines()[-1]
        assert last_line.startswith(f"config key images_dir: {folder}: {message}"), last_line
        assert "Nothing to be done" not in result.stdout + result.stderr


@pytest.fixture
def folder_with_bad_images(project, tmp_path):
    """The project pointed at a folder in which two of the images cannot be read."""
    images = tmp_path / "scraped"
    draw_synthetic_set(images, images_per_class=4, size=24, seed=3)
    (images / "cat.0002.jpg").write_text("<html>403 Forbidden</html>\n")
    (images / "dog.0003.jpg").write_bytes(b"")
    (images / "Thumbs.db").write_bytes(b"\x00")
    return project, images, {"dataset": "folder", "images_dir": str(images)}


def test_bad_images_stop_preprocessing_naming_each_file_and_nothing_trains(
    folder_with_bad_images,
):
    project, images, config = folder_with_bad_images
    result = snakemake(project, config=config)
    assert result.returncode != 0
    log = (project / "logs/preprocess/scraped.log").read_text()
    console = result.stdout + result.stderr
    for name in ("cat.0002.jpg", "dog.0003.jpg"):
        assert f"{images / name}: not an image Pillow can read" in log
        # Once on the console, without a traceback, with where the log is.
        assert console.count(f"{images / name}: not an image Pillow can read") == 1
    assert "Traceback" not in console and "(log: logs/preprocess/scraped.log)" in console
    assert "Thumbs.db" not in log
    assert not (project / "results/data/scraped").exists()
    assert not (project / "results/runs/scraped").exists()


def test_skipped_images_are_listed_and_counted_in_the_report(folder_with_bad_images):
    project, _, config = folder_with_bad_images
    result = snakemake(project, config={**config, "on_bad_image": "skip"})
    assert result.returncode == 0, result.stderr
    data = project / "results/data/scraped"
    assert (data / "skipped.csv").read_text().splitlines() == [
        "file,problem",
        "cat.0002.jpg,not an image Pillow can read",
        "dog.0003.jpg,not an image Pillow can read",
    ]
    assert len((data / "images.csv").read_text().splitlines()) == 1 + 6
    html = (project / "results/report/scraped/report.html").read_text()
    assert "Skipped:</strong> 2 unusable files" in html


def test_a_blowing_up_learning_rate_marks_runs_diverged_and_the_workflow_finishes(project):
    # Leaky ReLU is unbounded: at learning rate 50 the cost overflows within a few updates.
    # (tanh saturates instead, and the cost, computed from logits, stays finite.)
    result = snakemake(project, config={"activations": ["leaky_relu"], "learning_rates": [50]})
    assert result.returncode == 0, result.stderr
    summary = project / "results/summary/synthetic"
    runs = pd.read_csv(summary / "runs.csv")
    diverged = runs[runs["diverged"]]
    assert sorted(set(diverged["method"])) == ["he", "random", "xavier"]
    assert (diverged["final_cost"] == np.inf).all()
    for run in diverged.itertuples():
        costs = pd.read_csv(
            project
            / f"results/runs/synthetic/leaky_relu/lr50.0/h5-5/{run.method}/seed{run.seed}/costs.csv"
        )
        assert len(costs) == run.diverged_at_iteration  # kept up to the first non-finite cost
        assert np.isfinite(costs["cost"]).all()
    methods = pd.read_csv(summary / "methods.csv").set_index("method")
    assert methods["diverged_runs"].to_dict() == {"zeros": 0, "random": 2, "he": 2, "xavier": 2}
    html = (project / "results/report/synthetic/report.html").read_text()
    assert "6 of 8 runs diverged" in html
    # Numerical events are data, not noise: no warning in any log or on screen.
    logs = "".join(path.read_text() for path in (project / "logs").rglob("*.log"))
    for text in (logs, result.stdout, result.stderr):
        assert "Warning" not in text and "WARNING" not in text


def test_an_experiment_lands_apart_and_neither_it_nor_the_default_reruns_the_other(project):
    report = project / "results/report/synthetic/report.html"
    before = report.read_bytes()
    edge = {"experiment": "edge", "methods": ["he"], "sharpness_every": 10}
    result = snakemake(project, config=edge)
    assert result.returncode == 0, result.stderr
    assert (project / "results/edge/report/synthetic/report.html").is_file()
    assert (project / "results/edge/runs/synthetic").is_dir()
    assert (project / "logs/edge/report/synthetic.log").is_file()
    # Back to the default run, then to the experiment again: nothing to do either time.
    assert planned_jobs(project) == {}
    assert report.read_bytes() == before
    assert planned_jobs(project, edge) == {}
    assert not list((project / "results/runs").rglob("sharpness.csv"))


def test_the_takeaways_preset_plans_its_whole_grid(project):
    preset = yaml.safe_load((project / "config/grids/takeaways.yaml").read_text())
    jobs = planned_jobs(project, preset)
    runs = 1
    for key in ("methods", "activations", "learning_rates", "seeds"):
        runs *= len(preset[key])
    assert jobs["train"] == runs == 500
    # Diagnostics are per initialization: learning rates share them.
    assert jobs["diagnose"] == runs // len(preset["learning_rates"])
    assert jobs["split"] == 1


def test_the_depth_preset_plans_its_whole_grid(project):
    preset = yaml.safe_load((project / "config/grids/depth.yaml").read_text())
    jobs = planned_jobs(project, preset)
    assert jobs["train"] == 5 * 2 * 6 * 1 * 5 == 300  # methods, activations, depths, rate, seeds


def test_the_report_is_whole_without_diagnostics_as_by_default(project):
    # Two learning rates: the stability figure is drawn, without its 2 / sharpness lines.
    config = {"diagnostics": False, "learning_rates": [0.01, 0.1]}
    result = snakemake(project, config=config)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "results/report/synthetic/report.html").read_text()
    assert "Diagnostics were not asked for" in html
    assert (project / "results/report/synthetic/figures/stability.png").is_file()
    # tanh only: the takeaway on ReLU is one line, not a section with a verdict.
    assert html.count("Verdict:") == 4
    assert "Not tested by this grid: takeaway 3 (needs he and xavier under ReLU)." in html
    # Two hidden layers: no section on the signal through depth, no histograms job.
    assert "The signal through depth" not in html
    assert not (project / "results/summary/synthetic/histograms.csv").exists()
    assert not (project / "results/report/synthetic/figures/signal_depth.png").exists()


def test_a_train_job_asks_for_memory_in_proportion_to_its_matrix(project):
    # The post's shape: 100 images of 150 x 150 x 3 bytes, read as stored (uint8) and held as
    # float64 (x 8), x 10 in all.
    config = {"image_size": 150, "synthetic": {"images_per_class": 50, "seed": 0}}
    result = snakemake(project, "--dry-run", "--quiet", "host", config=config)
    assert result.returncode == 0, result.stderr
    matrix_mb = 150 * 150 * 3 * 100 / 2**20
    expected = int(250 + matrix_mb + 10 * matrix_mb)
    assert expected == 320
    assert re.search(rf"resources: .*mem_mb={expected}\b", result.stdout), result.stdout[-2000:]


def test_a_network_a_hundred_layers_deep_runs_through_the_workflow(project):
    # Spelled out, its path would repeat "-8" a hundred times, which Snakemake refuses.
    config = {
        "hidden_layers": ["8x100", [5, 5]],
        "methods": ["he", "xavier", "lsuv"],
        "activations": ["relu", "tanh"],
        "seeds": [1],
        "iterations": 5,
        "diagnostics": False,
        "order_sensitivity": {"iterations": 5},
    }
    result = snakemake(project, config=config)
    assert result.returncode == 0, result.stdout + result.stderr
    metrics = json.loads(
        (project / "results/runs/synthetic/tanh/lr0.01/h8x100/he/seed1/metrics.json").read_text()
    )
    assert metrics["hyperparameters"]["hidden_layers"] == [8] * 100
    lsuv = json.loads(
        (project / "results/runs/synthetic/tanh/lr0.01/h8x100/lsuv/seed1/metrics.json").read_text()
    )
    assert len(lsuv["lsuv_variances"]) == 101  # every layer, the output's included
    assert all(abs(variance - 1) < 0.1 for variance in lsuv["lsuv_variances"])
    runs = pd.read_csv(project / "results/summary/synthetic/runs.csv")
    assert sorted(runs["hidden_layers"]) == ["5-5"] * 6 + ["8x100"] * 6
    # The report follows the deep network layer by layer, from the histograms job's counts.
    histograms = pd.read_csv(project / "results/summary/synthetic/histograms.csv")
    assert set(histograms["hidden_layers"]) == {"8x100"}
    assert len(histograms) == 2 * 3 * 100 * 50  # activations, methods, layers, bins
    html = (project / "results/report/synthetic/report.html").read_text()
    assert "The signal through depth" in html
    assert "He et al. 2015: at depth 100, ReLU trains from He and stalls from" in html
    for name in ("signal_depth", "gradient_depth", "activation_histograms", "update_ratios"):
        assert (project / f"results/report/synthetic/figures/{name}.png").is_file()


def test_the_gaussian_family_is_swept_by_configuration(project):
    config = {
        "methods": ["gaussian"],
        "gaussian": {"weight_variances": [1.0, 1.76], "bias_variances": [0.0, 0.05]},
        "seeds": [1, 2],
    }
    assert planned_jobs(project, config)["train"] == 2 * 2 * 2
    result = snakemake(project, "--dry-run", "--printshellcmds", "--quiet", "host", config=config)
    assert "/gaussian_w1.76_b0.05/seed2/" in result.stdout
    assert "--method gaussian_w1.0_b0.0 " in result.stdout


def test_the_same_architecture_twice_is_a_configuration_error(project):
    result = snakemake(project, "--dry-run", config={"hidden_layers": [[8, 8], "8x2"]})
    assert result.returncode == 1
    # The message alone, on stderr even in a dry run: no "WorkflowError in file …" on stdout.
    assert result.stderr.rstrip().endswith(
        "The configuration is not valid:\n  hidden_layers: the same architecture is listed "
        "twice: 8-8"
    )
    assert "WorkflowError" not in result.stdout + result.stderr
