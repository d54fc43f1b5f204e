"""The workflow on data of more than two classes: a folder of ten, scikit-learn's digits and
MNIST, and the class and file problems that stop it before any job or at preprocessing."""

import gzip

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from workflow_helpers import copy_project, snakemake

from initbench.data.idx import FILES

pytestmark = pytest.mark.workflow


def draw_classes(folder, classes, per_class, side=24):
    """``per_class`` images of each class in its own subfolder, each class its own shade."""
    rng = np.random.RandomState(0)
    for index, name in enumerate(classes):
        (folder / name).mkdir(parents=True)
        for number in range(per_class):
            shade = 20 * index + rng.randint(0, 10, size=(side, side, 3))
            Image.fromarray(shade.astype(np.uint8)).save(folder / name / f"{number}.png")


def assert_stopped_before_any_job(project, result, *phrases):
    assert result.returncode == 1, result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    for phrase in phrases:
        assert phrase in last_line, last_line
    assert "Traceback" not in result.stderr
    assert not (project / "results").exists()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("classes") / "project")


def test_a_folder_of_ten_classes_trains_softmax_networks_to_the_report(project, tmp_path):
    classes = [f"class{index}" for index in range(10)]
    draw_classes(tmp_path / "ten", classes, per_class=3)
    result = snakemake(project, config={"dataset": "folder", "images_dir": str(tmp_path / "ten")})
    assert result.returncode == 0, result.stderr
    images = pd.read_csv(project / "results/data/ten/images.csv")
    assert sorted(set(zip(images["class"], images["label"], strict=True))) == list(
        zip(classes, range(10), strict=True)
    )
    run = project / "results/runs/ten/tanh/lr0.01/h5-5/he/seed1"
    with np.load(run / "params.npz") as params:
        assert params["W3"].shape == (10, 5)  # one output unit per class
    confusion = pd.read_csv(run / "confusion.csv")
    assert len(confusion) == 100 and confusion["count"].sum() == 30
    zeros = pd.read_csv(project / "results/summary/ten/runs.csv").query("method == 'zeros'")
    # Nothing learnt but the output bias, on balanced classes: the cost stays near ln 10.
    assert np.allclose(zeros["final_cost"], np.log(10), rtol=1e-3)
    page = (project / "results/report/ten/report.html").read_text()
    assert "Class by class" in page and "ln 10 = 2.30" in page and "coin toss" not in page


@pytest.mark.parametrize(
    ("layout", "config", "phrases"),
    [
        ({"cat": 3}, {}, ["needs at least two classes, found 1: cat"]),
        ({"cat": 3, "dog": 3, "bird": 0}, {}, ["class 'bird' has no usable images"]),
        ({"cat": 3, "dog": 1}, {}, ["class 'dog' has a single image"]),
        ({"cat": 3, "dog": 3}, {"classes": ["cat", "fox"]}, ["'fox' of classes: matches none"]),
    ],
    ids=["one class", "an empty class", "a class of one image", "a listed class missing"],
)
def test_class_problems_stop_the_run_before_any_job(tmp_path, layout, config, phrases):
    project = copy_project(tmp_path / "project")
    folder = tmp_path / "pets"
    for name, count in layout.items():
        draw_classes(folder, [name], per_class=count)
    result = snakemake(project, config={"dataset": "folder", "images_dir": str(folder), **config})
    assert_stopped_before_any_job(project, result, "config key images_dir", str(folder), *phrases)


def test_the_digits_run_with_a_held_out_share_and_a_training_size(project):
    config = {"dataset": "digits", "train_size": 200, "test_fraction": 0.1}
    result = snakemake(project, config=config)
    assert result.returncode == 0, result.stderr
    sets = pd.read_csv(project / "results/data/digits/split.csv")["set"].value_counts()
    per_class = pd.read_csv(project / "results/data/digits/images.csv")["label"].value_counts()
    held_out = sum(round(0.1 * size) for size in per_class)  # each class its tenth
    assert (sets["train"], sets["test"], sets["unused"]) == (200, held_out, 1797 - 200 - held_out)
    page = (project / "results/report/digits/report.html").read_text()
    assert "8×8 grey" in page and "Class by class" in page


def test_a_listed_class_the_digits_lack_stops_the_run_before_any_job(tmp_path):
    project = copy_project(tmp_path / "project")
    result = snakemake(project, config={"dataset": "digits", "classes": ["3", "eight"]})
    assert_stopped_before_any_job(project, result, "config key classes", "eight")


def test_mnist_from_a_folder_with_small_subsets(project, mnist_dir):
    config = {"dataset": "mnist", "mnist": {"dir": str(mnist_dir)}, "train_size": 100}
    result = snakemake(project, config={**config, "test_size": 50})
    assert result.returncode == 0, result.stderr
    sets = pd.read_csv(project / "results/data/mnist/split.csv")["set"].value_counts()
    assert (sets["train"], sets["test"], sets["unused"]) == (100, 50, 70_000 - 150)
    runs = pd.read_csv(project / "results/summary/mnist/runs.csv")
    assert runs["test_accuracy"].notna().all()
    assert not (project / "results/data/mnist/downloads").exists()  # read where it lies


def test_mnist_refuses_a_corrupted_file_naming_it(tmp_path, mnist_dir):
    project = copy_project(tmp_path / "project")
    folder = tmp_path / "mnist copy"
    folder.mkdir()
    for name in FILES[:3]:
        (folder / f"{name}.gz").symlink_to(mnist_dir / f"{name}.gz")
    labels = bytearray(gzip.decompress((mnist_dir / f"{FILES[3]}.gz").read_bytes()))
    labels[100] = (labels[100] + 1) % 10
    (folder / FILES[3]).write_bytes(bytes(labels))
    result = snakemake(project, config={"dataset": "mnist", "mnist": {"dir": str(folder)}})
    assert result.returncode != 0
    assert f"{folder / FILES[3]}" in result.stderr
    assert "27ae3e4e09519cfbb04c329615203637" in result.stderr
    assert not (project / "results/data/mnist/matrix.npz").exists()


def test_mnist_missing_offline_gives_one_message_naming_the_ways_on(tmp_path):
    project = copy_project(tmp_path / "project")
    config = {"dataset": "mnist", "mnist": {"base_url": "http://127.0.0.1:9/mnist/"}}
    result = snakemake(project, config=config)
    assert result.returncode != 0
    console = result.stdout + result.stderr
    assert "http://127.0.0.1:9/mnist/" in console
    assert "mnist.base_url" in console and "mnist.dir" in console
    assert "Traceback" not in console


def test_mnist_is_downloaded_once_into_the_data_folder(tmp_path, mnist_dir, serve_folder):
    project = copy_project(tmp_path / "project")
    server, base_url = serve_folder(mnist_dir)
    config = {"dataset": "mnist", "mnist": {"base_url": base_url}, "train_size": 20}
    result = snakemake(project, "--until", "split", config={**config, "test_size": 10})
    assert result.returncode == 0, result.stderr
    assert sorted(server.requests) == sorted(f"/{name}.gz" for name in FILES)
    downloads = project / "results/data/mnist/downloads"
    assert sorted(path.name for path in downloads.iterdir()) == sorted(f"{n}.gz" for n in FILES)
