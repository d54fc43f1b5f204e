"""build_dataset, array_dataset and save_dataset: images to the pixel matrix and the table."""

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
    array_dataset,
    build_dataset,
    save_dataset,
    save_problems,
)
from initbench.data.split import assign_sets, save_split

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
    arrays = write_images(root, ["dogs/b 1.png", "cats/ä.png", "cats/a.png", "dogs/c.png"])
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    assert dataset.files == ["cats/a.png", "cats/ä.png", "dogs/b 1.png", "dogs/c.png"]
    assert dataset.classes == ["cats", "cats", "dogs", "dogs"]
    assert dataset.labels.tolist() == [1, 1, 0, 0]
    np.testing.assert_array_equal(dataset.pixels[:, 2], arrays["dogs/b 1.png"].reshape(-1))


def test_size_mismatch_follows_the_setting(tmp_path):
    root = tmp_path / "images"
    write_images(root, ["cat.1.png", "cat.2.png", "dog.1.png"])
    Image.new("RGB", (6, 5), (1, 2, 3)).save(root / "dog.2.png")
    paths = find_images(root)
    with pytest.raises(BadImagesError, match=re.escape(str(root / "dog.2.png"))):
        build_dataset(paths, root, "cat", SIZE, "error")
    dataset = build_dataset(paths, root, "cat", SIZE, "resize")
    assert dataset.pixels.shape == (FEATURES, 4)
    np.testing.assert_array_equal(dataset.pixels[:, 3], np.tile((1, 2, 3), SIZE * SIZE))


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
    write_images(root, ['cats/a,b "c".png', "cats/b.png", "dogs/é.png", "dogs/f.png"])
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    table = tmp_path / "images.csv"
    save_dataset(dataset, tmp_path / "matrix.npz", table, tmp_path / "skipped.csv")
    with table.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["file"] for row in rows] == [
        'cats/a,b "c".png',
        "cats/b.png",
        "dogs/f.png",
        "dogs/é.png",
    ]
    assert [row["label"] for row in rows] == ["1", "1", "0", "0"]


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


@pytest.mark.parametrize(("bad", "message"), [(2, "no usable images"), (1, "a single image")])
def test_skipping_a_class_down_to_fewer_than_two_images_is_an_error_naming_it(
    tmp_path, bad, message
):
    root = tmp_path / "images"
    write_images(root, ["cat.1.png", "cat.2.png", "dog.1.png", "dog.2.png"])
    for index in range(1, bad + 1):
        (root / f"dog.{index}.png").write_bytes(b"")
    with pytest.raises(CollectionError, match=f"class 'dog' has {message}") as caught:
        build_dataset(find_images(root), root, "cat", SIZE, "error", "skip")
    assert str(caught.value).startswith(f"{root}: ")


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


# --- two classes, byte for byte as before many classes came ------------------------------

# sha256 of matrix.npz, images.csv, skipped.csv and split.csv as the two-class code wrote them
# (at f298d42) for the folders below: many-class data must not change a two-class set's files.
TWO_CLASS_FILES = {
    "kaggle": {
        "matrix.npz": "0101e27d2a40da699297f8705759968f39d40de705de8f364e4e571e415724b9",
        "images.csv": "f1ef8bd221e055abf3b7a0ea5bc38c709ac63bcec0c444e33b29f3fd36b99dc5",
        "skipped.csv": "8dc69f85ec58c1621cb8b3e1e20c9b4bfcd3c2cc20e997aeca9f213ea65ee8c3",
        "split.csv": "56048a550db6fc6389fff78f72d7154bd15291c9d5d53525ecdf2e0c3dd7bbdc",
    },
    "folders": {
        "matrix.npz": "6b7c5e53b3bac534b560bb5962a5bb47c388064dfdd1d5fca259f879ff6974ff",
        "images.csv": "2c433e73d92cffeff8d665cd355da04a279b47d22326901bdd045c56a0c84bcb",
        "skipped.csv": "64c62f7dc338280dfebb7cdb1d5446e3259a8a20286b1cfc33eedd5a82978fc8",
        "split.csv": "677e1e1174e6ce7d99eade303375afbc919d0ba2ac85d96babb1eff8b0381e8c",
    },
}
TWO_CLASS_NAMES = {
    "kaggle": [f"cat.{i}.bmp" for i in range(1, 6)] + [f"dog.{i}.bmp" for i in range(1, 5)],
    "folders": [f"Dogs/{i}.bmp" for i in range(4)] + [f"Cats/{i}.bmp" for i in range(5)],
}


@pytest.mark.parametrize("layout", sorted(TWO_CLASS_FILES))
def test_a_two_class_folder_gives_the_same_bytes_as_before(tmp_path, layout):
    root = tmp_path / "images"
    rng = np.random.RandomState(7)
    names = TWO_CLASS_NAMES[layout]
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # BMP: its bytes are the pixels' alone, whatever the library's compressor.
        pixels = rng.randint(0, 256, size=(3, 3, 3)).astype(np.uint8)
        Image.fromarray(pixels).save(path, format="BMP")
    (root / names[1]).write_text("not an image\n")
    dataset = build_dataset(find_images(root), root, "cat", 3, "error", "skip")
    out = tmp_path / "out"
    save_dataset(dataset, out / "matrix.npz", out / "images.csv", out / "skipped.csv")
    sets = assign_sets(dataset.labels, None, 0.3, None, None, seed=1)
    save_split(out / "split.csv", dataset.files, sets)
    written = {
        name: hashlib.sha256((out / name).read_bytes()).hexdigest()
        for name in TWO_CLASS_FILES[layout]
    }
    assert written == TWO_CLASS_FILES[layout]


# --- many classes, and classes: ------------------------------------------------------------


@pytest.fixture
def three_classes(tmp_path):
    root = tmp_path / "animals"
    names = ["dogs/1.png", "cats/1.png", "birds/1.png", "cats/2.png", "dogs/2.png", "birds/2.png"]
    return root, write_images(root, names)


def test_three_classes_are_labelled_in_sorted_order(three_classes, tmp_path):
    root, _ = three_classes
    dataset = build_dataset(find_images(root), root, "cat", SIZE, "error")
    assert dataset.classes == ["birds", "birds", "cats", "cats", "dogs", "dogs"]
    assert dataset.labels.tolist() == [0, 0, 1, 1, 2, 2]
    assert dataset.left_out == {}
    save_dataset(dataset, tmp_path / "m.npz", tmp_path / "images.csv", tmp_path / "s.csv")
    lines = (tmp_path / "images.csv").read_text().splitlines()
    assert lines[0] == "file,class,label,sha256"
    assert lines[-1].startswith("dogs/2.png,dogs,2,")


def test_classes_list_orders_the_labels(three_classes):
    root, _ = three_classes
    dataset = build_dataset(
        find_images(root), root, "x", SIZE, "error", classes=["dog", "bird", "cat"]
    )
    assert dataset.files[0] == "birds/1.png"  # the matrix keeps the order of the paths
    assert dict(zip(dataset.classes, dataset.labels.tolist(), strict=True)) == {
        "dogs": 0,
        "birds": 1,
        "cats": 2,
    }


def test_classes_list_leaves_the_other_classes_out_unread(three_classes):
    root, arrays = three_classes
    (root / "birds/2.png").write_text("never read, so never a problem\n")
    dataset = build_dataset(find_images(root), root, "dog", SIZE, "error", classes=["cat", "dog"])
    assert dataset.files == ["cats/1.png", "cats/2.png", "dogs/1.png", "dogs/2.png"]
    assert dataset.labels.tolist() == [0, 0, 1, 1]
    assert dataset.left_out == {"birds": 2}
    assert dataset.skipped == []
    np.testing.assert_array_equal(dataset.pixels[:, 3], arrays["dogs/2.png"].reshape(-1))


# --- data sets held in memory: their own test set -------------------------------------------


def test_an_array_dataset_keeps_the_classes_used_in_order_with_their_sets(tmp_path):
    images = np.arange(6 * 4, dtype=np.uint8).reshape(6, 4)
    targets = np.array([2, 0, 1, 2, 0, 1])
    files = [f"x/{index}" for index in range(6)]
    sets = ["train", "train", "train", "test", "test", "test"]
    dataset = array_dataset(images, targets, ("a", "b", "c"), files, sets, "x", "c", ["c", "a"])
    assert dataset.files == ["x/0", "x/1", "x/3", "x/4"]
    assert dataset.classes == ["c", "a", "c", "a"]
    assert dataset.labels.tolist() == [1, 0, 1, 0]
    assert dataset.sets == ["train", "train", "test", "test"]
    assert dataset.left_out == {"b": 2}
    assert dataset.pixels.shape == (4, 4) and dataset.pixels.flags.f_contiguous
    np.testing.assert_array_equal(dataset.pixels[:, 2], images[3])
    assert dataset.sha256[2] == hashlib.sha256(images[3].tobytes()).hexdigest()

    save_dataset(dataset, tmp_path / "m.npz", tmp_path / "images.csv", tmp_path / "s.csv")
    lines = (tmp_path / "images.csv").read_text().splitlines()
    assert lines[0] == "file,class,label,sha256,set"
    assert lines[3] == f"x/3,c,1,{dataset.sha256[2]},test"


def test_an_array_dataset_refuses_a_class_of_one_image():
    with pytest.raises(CollectionError, match="digits: class 'b' has a single image"):
        array_dataset(
            np.zeros((3, 4), np.uint8),
            np.array([0, 0, 1]),
            ("a", "b"),
            ["0", "1", "2"],
            None,
            "digits",
            "a",
        )
