"""The IDX data sets: finding the four files, checking them, reading them into a data set.

Small IDX files are generated here, gzipped or not; the real MNIST files are read from
``../shared/data/mnist`` (see ``conftest.SHARED_DATA``), never copied into the project, and the
tests that need them are skipped when that folder is absent.
"""

import gzip
import hashlib
import shutil
import struct
from dataclasses import replace

import numpy as np
import pytest
from conftest import SHARED_DATA

from initbench.data.collection import CollectionError
from initbench.data.idx import FILES, IDX_SETS, IdxError, IdxSet, find_idx_files, idx_dataset

MNIST = SHARED_DATA / "mnist"
SIDE = 3


def idx_bytes(array: np.ndarray) -> bytes:
    header = bytes((0, 0, 0x08, array.ndim)) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_idx_set(folder, train=6, test=4, gzipped=(True, False, True, False), seed=0):
    """Four small IDX files, some gzipped: classes 0, 1, 2 in turn; returns (paths, arrays)."""
    rng = np.random.default_rng(seed)
    arrays = [
        rng.integers(0, 256, size=(train, SIDE, SIDE)),
        np.arange(train) % 3,
        rng.integers(0, 256, size=(test, SIDE, SIDE)),
        np.arange(test) % 3,
    ]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, array, zipped in zip(FILES, arrays, gzipped, strict=True):
        data = idx_bytes(array)
        path = folder / (f"{name}.gz" if zipped else name)
        path.write_bytes(gzip.compress(data) if zipped else data)
        paths.append(path)
    return paths, arrays


@pytest.fixture
def tiny(monkeypatch):
    """A data set "tiny" of three classes whose published checksums are none: structure only."""
    monkeypatch.setitem(IDX_SETS, "tiny", IdxSet(("zero", "one", "two"), {}, "http://x/"))
    return "tiny"


def publish(monkeypatch, dataset, md5):
    monkeypatch.setitem(IDX_SETS, dataset, replace(IDX_SETS[dataset], md5=md5))


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


# --- finding the files -------------------------------------------------------------------


def test_the_four_files_are_found_in_order_gzipped_or_not(tmp_path):
    paths, _ = write_idx_set(tmp_path)
    (tmp_path / "notes.txt").write_text("")
    assert find_idx_files(tmp_path) == paths


def test_the_gzipped_file_is_preferred_when_both_are_there(tmp_path):
    paths, _ = write_idx_set(tmp_path, gzipped=(False,) * 4)
    shutil.copy(paths[0], tmp_path / "x")
    (tmp_path / f"{FILES[0]}.gz").write_bytes(gzip.compress(paths[0].read_bytes()))
    assert find_idx_files(tmp_path)[0].name == f"{FILES[0]}.gz"


def test_a_missing_file_is_named_with_the_folder(tmp_path):
    paths, _ = write_idx_set(tmp_path)
    paths[3].unlink()
    with pytest.raises(IdxError) as caught:
        find_idx_files(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path}: has no t10k-labels-idx1-ubyte (nor ")
    assert "train-images-idx3-ubyte" in message  # the four it needs


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(IdxError, match="does not exist") as caught:
        find_idx_files(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(caught.value)


# --- reading -----------------------------------------------------------------------------


@pytest.mark.parametrize("gzipped", [(True,) * 4, (False,) * 4, (True, False, False, True)])
def test_training_then_test_images_in_order_with_their_sets(tmp_path, tiny, gzipped):
    paths, arrays = write_idx_set(tmp_path, gzipped=gzipped)
    dataset = idx_dataset(tiny, paths, "one")
    assert dataset.pixels.shape == (SIDE * SIDE, 10)
    assert dataset.pixels.dtype == np.uint8 and dataset.pixels.flags.f_contiguous
    np.testing.assert_array_equal(dataset.pixels[:, 0], arrays[0][0].reshape(-1))
    np.testing.assert_array_equal(dataset.pixels[:, 6], arrays[2][0].reshape(-1))
    assert dataset.files[:2] == ["train/00000", "train/00001"]
    assert dataset.files[6:8] == ["test/00000", "test/00001"]
    assert dataset.sets == ["train"] * 6 + ["test"] * 4
    assert dataset.classes[:4] == ["zero", "one", "two", "zero"]
    assert dataset.labels.tolist() == [0, 1, 2, 0, 1, 2, 0, 1, 2, 0]
    assert dataset.sha256[6] == hashlib.sha256(arrays[2][0].astype(np.uint8)).hexdigest()


def test_classes_pick_and_order_the_classes_used(tmp_path, tiny):
    paths, _ = write_idx_set(tmp_path)
    dataset = idx_dataset(tiny, paths, "zero", ["two", "zero", "one"])
    assert dataset.labels.tolist()[:6] == [1, 2, 0, 1, 2, 0]
    dataset = idx_dataset(tiny, paths, "two", ["two", "zero"])
    assert dataset.files == [
        *["train/00000", "train/00002", "train/00003", "train/00005"],
        *["test/00000", "test/00002", "test/00003"],
    ]
    assert dataset.classes == ["zero", "two", "zero", "two", "zero", "two", "zero"]
    assert dataset.labels.tolist() == [0, 1, 0, 1, 0, 1, 0]
    assert dataset.sets == ["train"] * 4 + ["test"] * 3
    assert dataset.left_out == {"one": 3}


def test_a_class_name_that_is_not_the_sets_is_refused(tmp_path, tiny):
    paths, _ = write_idx_set(tmp_path)
    with pytest.raises(CollectionError, match="tiny: class 'three' of classes: matches none"):
        idx_dataset(tiny, paths, "one", ["one", "three"])


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (bytes((0, 0, 0x08, 1)), "magic number 00000801, expected 00000803"),
        (bytes((0, 0, 0x0D, 3)), "magic number 00000d03, expected 00000803"),
        (bytes((0, 0, 0x08, 3, 0, 0)), "ends within its header"),
    ],
)
def test_a_wrong_magic_number_is_refused_naming_the_file(tmp_path, tiny, header, message):
    paths, _ = write_idx_set(tmp_path, gzipped=(False,) * 4)
    paths[0].write_bytes(header + paths[0].read_bytes()[4:] if len(header) == 4 else header)
    with pytest.raises(IdxError, match=message) as caught:
        idx_dataset(tiny, paths, "one")
    assert str(caught.value).startswith(f"{paths[0]}: ")


def test_a_truncated_file_is_refused_naming_the_file(tmp_path, tiny):
    paths, _ = write_idx_set(tmp_path, gzipped=(False,) * 4)
    paths[2].write_bytes(paths[2].read_bytes()[:-5])
    with pytest.raises(IdxError, match=r"header says 4 x 3 x 3 \(36 bytes\), but it holds 31"):
        idx_dataset(tiny, paths, "one")


def test_images_and_labels_of_different_counts_are_refused(tmp_path, tiny):
    paths, _ = write_idx_set(tmp_path, gzipped=(False,) * 4)
    paths[1].write_bytes(idx_bytes(np.arange(5) % 3))
    with pytest.raises(IdxError, match=r"holds 6 images but .* 5 labels"):
        idx_dataset(tiny, paths, "one")


def test_a_label_beyond_the_classes_is_refused(tmp_path, tiny):
    paths, _ = write_idx_set(tmp_path, gzipped=(False,) * 4)
    paths[3].write_bytes(idx_bytes(np.array([0, 1, 2, 7])))
    with pytest.raises(IdxError, match="label 7 is beyond the 3 classes") as caught:
        idx_dataset(tiny, paths, "one")
    assert str(paths[3]) in str(caught.value)


def test_a_damaged_gzip_file_is_refused_naming_it(tmp_path, tiny):
    paths, _ = write_idx_set(tmp_path)
    paths[0].write_bytes(paths[0].read_bytes()[:20])
    with pytest.raises(IdxError, match="not a readable gzip file") as caught:
        idx_dataset(tiny, paths, "one")
    assert str(caught.value).startswith(f"{paths[0]}: ")


# --- checksums ---------------------------------------------------------------------------


def test_mnist_checks_the_uncompressed_bytes_gzipped_or_not(tmp_path, monkeypatch):
    paths, arrays = write_idx_set(tmp_path, gzipped=(True, False, True, False))
    contents = [idx_bytes(array) for array in arrays]
    publish(
        monkeypatch, "mnist", {name: md5(data) for name, data in zip(FILES, contents, strict=True)}
    )
    assert len(idx_dataset("mnist", paths, "1", ["0", "1"]).files) == 7

    altered = bytearray(contents[2])
    altered[-1] ^= 0xFF
    paths[2].write_bytes(gzip.compress(bytes(altered)))
    with pytest.raises(IdxError) as caught:
        idx_dataset("mnist", paths, "1", ["0", "1"])
    message = str(caught.value)
    assert message.startswith(f"{paths[2]}: MD5 of the uncompressed content is {md5(altered)}")
    assert f"not the published {md5(contents[2])} of mnist's t10k-images-idx3-ubyte" in message


def test_fashion_checks_its_gzipped_files_and_the_others_by_structure(tmp_path, monkeypatch):
    paths, _ = write_idx_set(tmp_path, gzipped=(True, False, True, False))
    published = {
        f"{name}.gz": md5(path.read_bytes()) for name, path in zip(FILES, paths, strict=True)
    }
    publish(monkeypatch, "fashion_mnist", published)
    assert len(idx_dataset("fashion_mnist", paths, "trouser", ["trouser", "pullover"]).files) == 6

    # The same content, gzipped anew: its content is right but the file is not the published.
    paths[0].write_bytes(gzip.compress(gzip.decompress(paths[0].read_bytes()), mtime=1))
    with pytest.raises(IdxError) as caught:
        idx_dataset("fashion_mnist", paths, "trouser", ["trouser", "pullover"])
    message = str(caught.value)
    assert message.startswith(f"{paths[0]}: MD5 of the gzipped file is ")
    assert f"not the published {published[f'{FILES[0]}.gz']}" in message


def test_fashion_class_names_are_safe_names():
    assert IDX_SETS["fashion_mnist"].classes[0] == "t-shirt-top"
    assert IDX_SETS["fashion_mnist"].classes[-1] == "ankle-boot"
    assert all(name.replace("-", "").isalpha() for name in IDX_SETS["fashion_mnist"].classes)


# --- the real MNIST files ----------------------------------------------------------------


@pytest.fixture(scope="module")
def mnist_files():
    if not MNIST.is_dir():
        pytest.skip(f"the MNIST files are not at {MNIST}")
    return find_idx_files(MNIST)


def test_the_real_mnist_files_read_and_check(mnist_files):
    dataset = idx_dataset("mnist", mnist_files, "cat")
    assert dataset.pixels.shape == (784, 70000)
    assert dataset.labels[:5].tolist() == [5, 0, 4, 1, 9]
    assert dataset.labels[60000:60005].tolist() == [7, 2, 1, 0, 4]
    assert dataset.classes[:5] == ["5", "0", "4", "1", "9"]
    assert dataset.files[59999:60001] == ["train/59999", "test/00000"]
    assert dataset.sets.count("test") == 10000
    assert dataset.left_out == {}


def test_a_corrupted_copy_of_a_real_file_is_refused_naming_it(mnist_files, tmp_path):
    copy = tmp_path / mnist_files[3].name
    content = bytearray(gzip.decompress(mnist_files[3].read_bytes()))
    content[100] ^= 0x01  # one label changed, still a valid digit
    copy.write_bytes(gzip.compress(bytes(content)))
    with pytest.raises(IdxError) as caught:
        idx_dataset("mnist", [*mnist_files[:3], copy], "3", ["3", "8"])
    message = str(caught.value)
    assert message.startswith(f"{copy}: MD5 of the uncompressed content is {md5(content)}")
    assert "27ae3e4e09519cfbb04c329615203637" in message
