"""The held-out split: seeded, stratified, recorded."""

import numpy as np
import pytest

from initbench.data.split import SplitError, load_split, save_split, split_images

LABELS = np.array([1] * 50 + [0] * 30, dtype=np.uint8)


def test_each_class_gives_its_share():
    test = split_images(LABELS, 0.2, seed=0)
    assert test.sum() == 16
    assert test[LABELS == 1].sum() == 10 and test[LABELS == 0].sum() == 6


def test_the_seed_decides_the_split_and_nothing_else_does():
    np.testing.assert_array_equal(split_images(LABELS, 0.2, 3), split_images(LABELS, 0.2, 3))
    assert not np.array_equal(split_images(LABELS, 0.2, 3), split_images(LABELS, 0.2, 4))


def test_no_fraction_holds_nothing_out():
    assert not split_images(LABELS, 0.0, 0).any()


def test_a_fraction_that_empties_a_class_is_refused():
    with pytest.raises(SplitError, match=r"test_fraction 0\.99 holds out all 30 images of label 0"):
        split_images(LABELS, 0.99, 0)


def test_the_split_is_saved_and_read_back_in_column_order(tmp_path):
    test = split_images(LABELS, 0.25, 1)
    files = [f"img{i}.jpg" for i in range(len(LABELS))]
    save_split(tmp_path / "split.csv", files, test)
    lines = (tmp_path / "split.csv").read_text().splitlines()
    assert lines[0] == "file,set" and lines[1].startswith("img0.jpg,")
    np.testing.assert_array_equal(load_split(tmp_path / "split.csv"), test)
