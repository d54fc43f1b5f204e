"""build_dataset and save_dataset: image files to the pixel matrix and the table of images."""

import csv
import hashlib
import re
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from initbench.collection import find_images
from initbench.images import ImageError
from initbench.preprocess import build_dataset, save_dataset

SIZE = 4
FEATURES = SIZE * SIZE * 3


def write_images(root: Path, names: list[str], seed: int = 0) -> dict[str, np.ndarray]:
    """Distinct random PNGs (lossless, so pixels can be compared exactly)."""
    rng = np.random.default_rng(seed)
    arrays = {}
    for name in names:
        array = rng.integers(0, 256, size=(SIZE, SIZE, 3), dtype=np.uint8)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(array).save(path, format="PNG")
        arrays[name] = array
    return arrays


@pytest.fixture
def kaggle(tmp_path):
    root = tmp_path / "images"
    arrays = write_images(root, ["dog.2.png", "cat.1.png", "dog.1.png", "cat.2.png", "cat.3.png"])
    return root, arrays


def test_matrix_is_features_by_images_uint8(kaggle):
    root, _ = kaggle
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    assert dataset.pixels.shape == (FEATURES, 5)
    assert dataset.pixels.dtype == np.uint8
    assert dataset.labels.shape == (5,)
    assert dataset.labels.dtype == np.uint8


def test_columns_labels_files_and_classes_follow_the_paths(kaggle):
    root, arrays = kaggle
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    assert dataset.files == ["cat.1.png", "cat.2.png", "cat.3.png", "dog.1.png", "dog.2.png"]
    assert dataset.classes == ["cat", "cat", "cat", "dog", "dog"]
    assert dataset.labels.tolist() == [1, 1, 1, 0, 0]
    for column, name in enumerate(dataset.files):
        np.testing.assert_array_equal(dataset.pixels[:, column], arrays[name].reshape(-1))


def test_positive_class_sets_the_labels(kaggle):
    root, _ = kaggle
    dataset = build_dataset(find_images(root), root, "dog", SIZE, "error")
    assert dataset.labels.tolist() == [0, 0, 0, 1, 1]


def test_order_given_is_kept(kaggle):
    root, arrays = kaggle
    paths = list(reversed(find_images(root)))
    dataset = build_dataset(paths, root, "cat", SIZE, "error")
    assert dataset.files == ["dog.2.png", "dog.1.png", "cat.3.png", "cat.2.png", "cat.1.png"]
    assert dataset.labels.tolist() == [0, 0, 1, 1, 1]
    np.testing.assert_array_equal(dataset.pixels[:, 0], arrays["dog.2.png"].reshape(-1))


def test_sha256_is_the_hash_of_each_file(kaggle):
    root, _ = kaggle
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    assert dataset.sha256 == [
        hashlib.sha256((root / name).read_bytes()).hexdigest() for name in dataset.files
    ]
    assert len(set(dataset.sha256)) == 5


def test_subfolder_files_are_relative_posix_paths(tmp_path):
    root = tmp_path / "pets"
    arrays = write_images(root, ["dogs/b 1.png", "cats/ä.png", "cats/a.png"])
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    assert dataset.files == ["cats/a.png", "cats/ä.png", "dogs/b 1.png"]
    assert dataset.classes == ["cats", "cats", "dogs"]
    assert dataset.labels.tolist() == [1, 1, 0]
    np.testing.assert_array_equal(dataset.pixels[:, 2], arrays["dogs/b 1.png"].reshape(-1))


def test_size_mismatch_follows_the_setting(tmp_path):
    root = tmp_path / "images"
    write_images(root, ["cat.1.png", "dog.1.png"])
    Image.new("RGB", (6, 5), (1, 2, 3)).save(root / "dog.2.png")
    paths = find_images(root)
    with pytest.raises(ImageError, match=re.escape(str(root / "dog.2.png"))):
        build_dataset(paths, root, "cat", SIZE, "error")
    dataset = build_dataset(paths, root, "cat", SIZE, "resize")
    assert dataset.pixels.shape == (FEATURES, 3)
    np.testing.assert_array_equal(dataset.pixels[:, 2], np.tile((1, 2, 3), SIZE * SIZE))


# --- save_dataset ------------------------------------------------------------------------


def test_save_dataset_writes_npz_and_csv(kaggle, tmp_path):
    root, _ = kaggle
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    matrix, table = tmp_path / "out" / "matrix.npz", tmp_path / "out" / "images.csv"
    save_dataset(dataset, matrix, table)

    with np.load(matrix, allow_pickle=False) as loaded:
        assert sorted(loaded.files) == ["labels", "pixels"]
        assert loaded["pixels"].dtype == np.uint8
        assert loaded["labels"].dtype == np.uint8
        np.testing.assert_array_equal(loaded["pixels"], dataset.pixels)
        np.testing.assert_array_equal(loaded["labels"], dataset.labels)

    text = table.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "file,class,label,sha256"
    with table.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["file"] for row in rows] == dataset.files
    assert [row["class"] for row in rows] == dataset.classes
    assert [row["label"] for row in rows] == ["1", "1", "1", "0", "0"]
    assert [row["sha256"] for row in rows] == dataset.sha256
    assert not list(tmp_path.joinpath("out").glob("*.partial"))


def test_csv_quotes_awkward_file_names(tmp_path):
    root = tmp_path / "pets"
    write_images(root, ['cats/a,b "c".png', "dogs/é.png"])
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    table = tmp_path / "images.csv"
    save_dataset(dataset, tmp_path / "matrix.npz", table)
    with table.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["file"] for row in rows] == ['cats/a,b "c".png', "dogs/é.png"]
    assert [row["label"] for row in rows] == ["1", "0"]


def test_saving_twice_gives_byte_identical_files(kaggle, tmp_path, monkeypatch):
    root, _ = kaggle
    outputs = []
    for run in ("first", "second"):
        if run == "second":
            # Another day: an archive stamped with the time of writing would differ.
            monkeypatch.setattr(time, "time", lambda: 1_000_000_000.0)
        # Build afresh each time: the bytes must depend on the data only.
        dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
        matrix, table = tmp_path / run / "matrix.npz", tmp_path / run / "images.csv"
        save_dataset(dataset, matrix, table)
        outputs.append((matrix.read_bytes(), table.read_bytes()))
    assert outputs[0] == outputs[1]

    # Overwriting in place gives the same bytes too.
    save_dataset(dataset, matrix, table)
    assert (matrix.read_bytes(), table.read_bytes()) == outputs[0]
