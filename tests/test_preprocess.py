"""build_dataset and save_dataset: image files to the pixel matrix and the table of images."""

import csv
import hashlib
import re
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from initbench.data.collection import CollectionError, find_images
from initbench.data.preprocess import (
    BAD_IMAGE_ACTIONS,
    BadImagesError,
    NoUsableImagesError,
    build_dataset,
    save_dataset,
    save_problems,
)

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
    with pytest.raises(BadImagesError, match=re.escape(str(root / "dog.2.png"))):
        build_dataset(paths, root, "cat", SIZE, "error")
    dataset = build_dataset(paths, root, "cat", SIZE, "resize")
    assert dataset.pixels.shape == (FEATURES, 3)
    np.testing.assert_array_equal(dataset.pixels[:, 2], np.tile((1, 2, 3), SIZE * SIZE))


# --- save_dataset ------------------------------------------------------------------------


def test_save_dataset_writes_npz_and_csv(kaggle, tmp_path):
    root, _ = kaggle
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    matrix, table = tmp_path / "out" / "matrix.npz", tmp_path / "out" / "images.csv"
    save_dataset(dataset, matrix, table, matrix.parent / "skipped.csv")

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
    assert (tmp_path / "out" / "skipped.csv").read_text() == "file,problem\n"
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "images.csv",
        "matrix.npz",
        "skipped.csv",
    ]


def test_csv_quotes_awkward_file_names(tmp_path):
    root = tmp_path / "pets"
    write_images(root, ['cats/a,b "c".png', "dogs/é.png"])
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    table = tmp_path / "images.csv"
    save_dataset(dataset, tmp_path / "matrix.npz", table, tmp_path / "skipped.csv")
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
        save_dataset(dataset, matrix, table, matrix.parent / "skipped.csv")
        outputs.append((matrix.read_bytes(), table.read_bytes()))
    assert outputs[0] == outputs[1]

    # Overwriting in place gives the same bytes too.
    save_dataset(dataset, matrix, table, matrix.parent / "skipped.csv")
    assert (matrix.read_bytes(), table.read_bytes()) == outputs[0]


# --- a scraped folder: bad files, odd files, files to ignore ---------------------------------

GOOD = ["cat.1.png", "dog.1.png", "cat.été 1.png", "dog.with space.png"]
# Handled as stated: converted, read by content, or ignored.
ODD = ["cat.grey.png", "dog.palette.png", "cat.rgba.png", "dog.cmyk.jpg", "cat.png-inside.jpg"]
IGNORED = ["Thumbs.db", ".DS_Store", "._cat.9.jpg", "desktop.ini"]
BAD = {
    "cat.truncated.jpg": "damaged or truncated",
    "dog.empty.jpg": "not an image",
    "cat.text.jpg": "not an image",
    "dog.wide.png": "is 6x5 pixels",
    "cat.bomb.png": "decompression bomb",
    "123.jpg": "gives no class",
    # Nor does its name give a class: a text file is first of all not an image.
    "notes.jpg": "not an image",
}


@pytest.fixture
def scraped(tmp_path, monkeypatch):
    """A folder as users scrape them: good images, odd ones, unusable ones and system files."""
    root = tmp_path / "scraped"
    write_images(root, GOOD)
    Image.new("L", (SIZE, SIZE), 90).save(root / "cat.grey.png")
    Image.new("P", (SIZE, SIZE), 3).save(root / "dog.palette.png")
    Image.new("RGBA", (SIZE, SIZE), (9, 9, 9, 128)).save(root / "cat.rgba.png")
    Image.new("CMYK", (SIZE, SIZE), (0, 255, 255, 0)).save(root / "dog.cmyk.jpg")
    Image.new("RGB", (SIZE, SIZE), (7, 8, 9)).save(root / "cat.png-inside.jpg", format="PNG")
    noise = np.random.default_rng(1).integers(0, 256, size=(SIZE, SIZE, 3), dtype=np.uint8)
    Image.fromarray(noise).save(root / "cat.truncated.jpg", quality=95)
    whole = (root / "cat.truncated.jpg").read_bytes()
    (root / "cat.truncated.jpg").write_bytes(whole[: len(whole) // 2])
    (root / "dog.empty.jpg").write_bytes(b"")
    (root / "cat.text.jpg").write_text("not a picture\n")
    (root / "notes.jpg").write_text("not a picture either\n")
    Image.new("RGB", (6, 5), (1, 2, 3)).save(root / "dog.wide.png")
    Image.new("RGB", (40, 40), (1, 2, 3)).save(root / "cat.bomb.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # 4x4 passes, 40x40 is a "bomb"
    Image.new("RGB", (SIZE, SIZE)).save(root / "123.jpg")
    for name in IGNORED:
        (root / name).write_bytes(b"\x00junk")
    return root


def test_hidden_and_system_files_are_not_even_candidates(scraped):
    found = {path.name for path in find_images(scraped)}
    assert found == set(GOOD) | set(ODD) | set(BAD)


def test_bad_files_stop_preprocessing_with_one_message_naming_each(scraped):
    with pytest.raises(BadImagesError) as caught:
        build_dataset(find_images(scraped), scraped, "cat", SIZE, "error")
    message = str(caught.value)
    assert message.startswith(f"{len(BAD)} unusable image files")
    assert "on_bad_image: skip" in message
    for name, problem in BAD.items():
        (line,) = [line for line in message.splitlines() if f"{scraped / name}:" in line]
        assert problem in line, line
    assert sorted(path.name for path, _ in caught.value.problems) == sorted(BAD)


def test_skip_leaves_bad_files_out_and_lists_them(scraped, tmp_path):
    dataset = build_dataset(find_images(scraped), scraped, "cat", SIZE, "error", "skip")
    assert sorted(dataset.files) == sorted(GOOD + ODD)
    assert dataset.pixels.shape == (FEATURES, len(GOOD) + len(ODD))
    assert dataset.pixels.flags.f_contiguous
    assert dict(dataset.skipped).keys() == BAD.keys()
    for name, problem in dataset.skipped:
        assert BAD[name] in problem
    # Each kept column is its own image, not shifted by the skipped ones.
    column = dataset.files.index("cat.png-inside.jpg")
    np.testing.assert_array_equal(dataset.pixels[:, column], np.tile((7, 8, 9), SIZE * SIZE))
    assert dataset.labels.tolist() == [int(name.startswith("cat")) for name in dataset.files]

    out = tmp_path / "out"
    save_dataset(dataset, out / "matrix.npz", out / "images.csv", out / "skipped.csv")
    with (out / "skipped.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["file"], row["problem"]) for row in rows] == dataset.skipped


def test_resize_accepts_the_image_of_another_size(scraped):
    dataset = build_dataset(find_images(scraped), scraped, "cat", SIZE, "resize", "skip")
    assert "dog.wide.png" in dataset.files
    assert "dog.wide.png" not in dict(dataset.skipped)


def test_skipping_down_to_one_class_is_an_error_naming_the_folder(tmp_path):
    root = tmp_path / "images"
    write_images(root, ["cat.1.png", "cat.2.png"])
    (root / "dog.1.jpg").write_bytes(b"")
    with pytest.raises(CollectionError, match="exactly two classes, found 1: cat") as caught:
        build_dataset(find_images(root), root, "cat", SIZE, "error", "skip")
    assert str(root) in str(caught.value)


@pytest.mark.parametrize("on_bad_image", BAD_IMAGE_ACTIONS)
def test_nothing_usable_is_an_error_that_skipping_cannot_fix(tmp_path, on_bad_image):
    root = tmp_path / "images"
    root.mkdir()
    (root / "x.jpg").write_text("hi\n")
    with pytest.raises(NoUsableImagesError) as caught:
        build_dataset(find_images(root), root, "cat", SIZE, "error", on_bad_image)
    message = str(caught.value)
    assert message.startswith("the only image file cannot be used")
    assert "would leave nothing to train on" in message
    assert f"{root / 'x.jpg'}: not an image" in message


def test_unknown_bad_image_action_is_rejected(kaggle):
    root, _ = kaggle
    with pytest.raises(ValueError, match="on_bad_image"):
        build_dataset(find_images(root), root, "cat", SIZE, "error", "ignore")


def test_a_long_list_of_unusable_files_names_the_first_ten_and_where_all_are(tmp_path):
    problems = [(Path(f"cat.{index}.jpg"), "not an image Pillow can read") for index in range(12)]
    message = str(BadImagesError(problems, "logs/preprocess/pets.unusable.csv"))
    lines = message.splitlines()
    assert lines[0].startswith("12 unusable image files")
    assert lines[1:11] == [
        f"  cat.{index}.jpg: not an image Pillow can read" for index in range(10)
    ]
    assert lines[11] == "  … and 2 more, all listed in logs/preprocess/pets.unusable.csv"
    save_problems(tmp_path / "unusable.csv", problems)
    assert len((tmp_path / "unusable.csv").read_text().splitlines()) == 1 + 12
