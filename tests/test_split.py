"""The split: which images train, which are held out, which go unused; seeded, stratified,
recorded."""

import numpy as np
import pytest

from initbench.data.split import (
    SplitError,
    assign_sets,
    load_split,
    save_split,
    split_dataset,
)

LABELS = np.array([1] * 50 + [0] * 30, dtype=np.uint8)
THREE = np.array([2, 0, 1] * 7 + [0] * 5, dtype=np.uint8)


def held_out(labels, test_fraction, seed):
    return assign_sets(labels, None, test_fraction, None, None, seed) == "test"


def counts(sets, labels):
    """``{set: [images of label 0, of label 1, ...]}``."""
    return {
        name: [int(((sets == name) & (labels == label)).sum()) for label in np.unique(labels)]
        for name in ("train", "test", "unused")
    }


# --- held out by test_fraction -----------------------------------------------------------


def test_each_class_gives_its_share():
    test = held_out(LABELS, 0.2, seed=0)
    assert test.sum() == 16
    assert test[LABELS == 1].sum() == 10 and test[LABELS == 0].sum() == 6


def test_the_held_out_images_are_those_the_two_class_split_drew():
    # As split_images drew them before train_size and many classes came (f298d42).
    assert np.flatnonzero(held_out(LABELS, 0.2, 3)).tolist() == [
        *[6, 8, 9, 12, 22, 23, 26, 27, 31, 32],
        *[55, 64, 65, 68, 72, 76],
    ]
    assert np.flatnonzero(held_out(THREE, 0.3, 0)).tolist() == [6, 11, 13, 15, 19, 20, 24, 25]


def test_the_seed_decides_the_split_and_nothing_else_does():
    np.testing.assert_array_equal(held_out(LABELS, 0.2, 3), held_out(LABELS, 0.2, 3))
    assert not np.array_equal(held_out(LABELS, 0.2, 3), held_out(LABELS, 0.2, 4))


def test_no_fraction_holds_nothing_out():
    sets = assign_sets(LABELS, None, 0.0, None, None, 0)
    assert (sets == "train").all()


def test_a_fraction_that_empties_a_class_is_refused():
    with pytest.raises(SplitError, match=r"test_fraction 0\.99 holds out all 30 images of label 0"):
        assign_sets(LABELS, None, 0.99, None, None, 0)


# --- train_size and test_size --------------------------------------------------------------


def test_train_size_keeps_each_class_its_share_of_the_rest():
    sets = assign_sets(LABELS, None, 0.2, 20, None, seed=5)
    # 40 and 24 left after holding out 10 and 6: 20 of 64 is 12.5 and 7.5, largest remainder.
    assert counts(sets, LABELS) == {"train": [8, 12], "test": [6, 10], "unused": [16, 28]}
    # The held-out images do not depend on train_size.
    np.testing.assert_array_equal(sets == "test", held_out(LABELS, 0.2, 5))


def test_train_size_sums_exactly_and_keeps_every_class():
    labels = np.array([0] * 97 + [1] * 2 + [2], dtype=np.uint8)
    for size in (3, 4, 10, 57, 100):
        sets = assign_sets(labels, None, 0.0, size, None, seed=0)
        kept = counts(sets, labels)["train"]
        assert sum(kept) == size and min(kept) >= 1, (size, kept)


def test_train_size_is_seeded():
    first = assign_sets(THREE, None, 0.0, 10, None, seed=1)
    np.testing.assert_array_equal(first, assign_sets(THREE, None, 0.0, 10, None, seed=1))
    assert not np.array_equal(first, assign_sets(THREE, None, 0.0, 10, None, seed=2))


def test_train_size_beyond_the_images_there_are_is_refused():
    with pytest.raises(SplitError, match="train_size 70 asks for more training images than the 64"):
        assign_sets(LABELS, None, 0.2, 70, None, 0)


def test_train_size_below_the_number_of_classes_is_refused():
    with pytest.raises(SplitError, match="train_size 2 is fewer than the 3 classes"):
        assign_sets(THREE, None, 0.0, 2, None, 0)


# --- a data set's own test set ----------------------------------------------------------------

OWN = np.array(["train"] * 60 + ["test"] * 20)
OWN_LABELS = np.array([0, 1, 2, 3] * 20, dtype=np.uint8)


def test_own_sets_are_kept_as_they_are():
    np.testing.assert_array_equal(assign_sets(OWN_LABELS, OWN, 0, None, None, 0), OWN)


def test_own_sets_with_test_size_and_train_size_keep_stratified_subsets():
    sets = assign_sets(OWN_LABELS, OWN, 0, 8, 4, seed=0)
    assert counts(sets, OWN_LABELS) == {
        "train": [2, 2, 2, 2],
        "test": [1, 1, 1, 1],
        "unused": [17, 17, 17, 17],
    }
    # Each image stays in its own set or goes unused, in matrix order.
    assert set(sets[:60]) == {"train", "unused"} and set(sets[60:]) == {"test", "unused"}
    np.testing.assert_array_equal(sets, assign_sets(OWN_LABELS, OWN, 0, 8, 4, seed=0))


def test_own_sets_refuse_a_test_fraction_naming_it():
    with pytest.raises(SplitError, match=r"test_fraction 0\.2: this data set has its own test set"):
        assign_sets(OWN_LABELS, OWN, 0.2, None, None, 0)


def test_test_size_beyond_the_own_test_set_is_refused():
    with pytest.raises(SplitError, match="test_size 21 asks for more test images than the 20"):
        assign_sets(OWN_LABELS, OWN, 0, None, 21, 0)


# --- split.csv ---------------------------------------------------------------------------


def test_the_split_is_saved_and_read_back_in_column_order(tmp_path):
    sets = assign_sets(LABELS, None, 0.25, 30, None, 1)
    files = [f"img{i}.jpg" for i in range(len(LABELS))]
    save_split(tmp_path / "split.csv", files, sets)
    lines = (tmp_path / "split.csv").read_text().splitlines()
    assert lines[0] == "file,set" and lines[1].startswith("img0.jpg,")
    assert {line.split(",")[1] for line in lines[1:]} == {"train", "test", "unused"}
    np.testing.assert_array_equal(load_split(tmp_path / "split.csv"), sets)


def test_a_split_with_an_unknown_set_is_refused_naming_the_file_and_line(tmp_path):
    (tmp_path / "split.csv").write_text("file,set\na.jpg,train\nb.jpg,validation\n")
    with pytest.raises(SplitError, match=r"split\.csv: line 3 puts an image in set 'validation'"):
        load_split(tmp_path / "split.csv")


def test_saving_a_mask_instead_of_set_names_is_refused(tmp_path):
    with pytest.raises(ValueError, match="sets must be among"):
        save_split(tmp_path / "split.csv", ["a", "b"], np.array([True, False]))


# --- split_dataset -----------------------------------------------------------------------


def test_split_dataset_drops_unused_and_keeps_the_labels_shape():
    x = np.arange(2 * 5, dtype=np.uint8).reshape(2, 5)
    sets = np.array(["train", "test", "unused", "train", "test"])
    for labels in (np.arange(5), np.arange(5)[np.newaxis, :]):
        x_train, labels_train, (x_test, labels_test) = split_dataset(x, labels, sets)
        np.testing.assert_array_equal(x_train, x[:, [0, 3]])
        np.testing.assert_array_equal(x_test, x[:, [1, 4]])
        assert x_train.dtype == np.uint8
        assert labels_train.shape == (*labels.shape[:-1], 2)
        np.testing.assert_array_equal(labels_test.reshape(-1), [1, 4])


def test_split_dataset_without_a_test_set_gives_none():
    x, labels = np.zeros((2, 3)), np.zeros((1, 3))
    _, _, held = split_dataset(x, labels, np.array(["train", "unused", "train"]))
    assert held is None


def test_all_training_uses_the_matrix_uncopied():
    x, labels = np.zeros((2, 3)), np.zeros((1, 3))
    x_train, labels_train, held = split_dataset(x, labels, np.array(["train"] * 3))
    assert x_train is x and labels_train is labels and held is None


def test_sets_of_another_matrix_are_refused():
    with pytest.raises(ValueError, match="4 sets for 3 images"):
        split_dataset(np.zeros((2, 3)), np.zeros(3), np.array(["train"] * 4))
