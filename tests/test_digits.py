"""scikit-learn's digits as a data set: 1,797 grey 8x8 images of ten classes."""

import hashlib

import numpy as np
import pytest
from sklearn.datasets import load_digits

from initbench.data.digits import CLASSES, IMAGES, digits_dataset
from initbench.data.matrix import image_shape


@pytest.fixture(scope="module")
def digits():
    return digits_dataset("cat")


def test_all_digits_are_grey_8x8_columns_in_order(digits):
    assert digits.pixels.shape == (64, 1797) == (64, IMAGES)
    assert digits.pixels.dtype == np.uint8 and digits.pixels.flags.f_contiguous
    assert image_shape(digits.pixels.shape[0]) == (8, 8, 1)
    assert digits.files[:2] == ["digits/0000", "digits/0001"] and digits.files[-1] == "digits/1796"
    assert digits.sets is None and digits.skipped == [] and digits.left_out == {}


def test_ten_classes_labelled_by_their_digit(digits):
    assert CLASSES == ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
    assert digits.labels.tolist() == load_digits().target.tolist()
    assert digits.classes[:3] == ["0", "1", "2"]


def test_sixteen_levels_are_stretched_to_the_full_byte(digits):
    original = load_digits().data.T
    assert sorted(set(np.unique(digits.pixels))) == sorted({round(v * 255 / 16) for v in range(17)})
    np.testing.assert_array_equal(digits.pixels[original == 16], 255)
    np.testing.assert_array_equal(digits.pixels[original == 8], 128)
    assert digits.sha256[5] == hashlib.sha256(digits.pixels[:, 5].tobytes()).hexdigest()


def test_two_digits_picked_are_positive_and_negative():
    pair = digits_dataset("8", ["3", "8"])
    assert set(pair.classes) == {"3", "8"}
    assert pair.labels.tolist() == [int(name == "8") for name in pair.classes]
    assert sum(pair.left_out.values()) == 1797 - len(pair.files)
