import numpy as np
import pytest

from initbench.data.matrix import image_shape, load_matrix, save_matrix


def test_the_matrix_reads_back_as_written_in_column_major_order(tmp_path):
    pixels = np.asfortranarray(np.arange(12, dtype=np.uint8).reshape(4, 3))
    labels = np.array([1, 0, 1], dtype=np.uint8)
    save_matrix(tmp_path / "m.npz", pixels, labels)
    read_pixels, read_labels = load_matrix(tmp_path / "m.npz")
    np.testing.assert_array_equal(read_pixels, pixels)
    np.testing.assert_array_equal(read_labels, labels)
    assert read_pixels.dtype == np.uint8 and read_pixels.flags.f_contiguous


@pytest.mark.parametrize(
    ("features", "shape"),
    [(150 * 150 * 3, (150, 150, 3)), (28 * 28, (28, 28, 1)), (64, (8, 8, 1)), (3, (1, 1, 3))],
)
def test_a_column_is_a_grey_or_an_rgb_square_image(features, shape):
    assert image_shape(features) == shape


@pytest.mark.parametrize("features", [2, 150 * 151, 150 * 151 * 3])
def test_a_count_that_is_no_square_image_is_refused(features):
    with pytest.raises(ValueError, match=str(features)):
        image_shape(features)
