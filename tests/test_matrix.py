import numpy as np

from initbench.data.matrix import load_matrix, load_training_matrix, save_matrix


def test_the_matrix_reads_back_as_written_in_column_major_order(tmp_path):
    pixels = np.asfortranarray(np.arange(12, dtype=np.uint8).reshape(4, 3))
    labels = np.array([1, 0, 1], dtype=np.uint8)
    save_matrix(tmp_path / "m.npz", pixels, labels)
    read_pixels, read_labels = load_matrix(tmp_path / "m.npz")
    np.testing.assert_array_equal(read_pixels, pixels)
    np.testing.assert_array_equal(read_labels, labels)
    assert read_pixels.dtype == np.uint8 and read_pixels.flags.f_contiguous


def test_the_matrix_is_scaled_to_the_unit_interval(tmp_path):
    pixels = np.array([[0, 255], [51, 102]], dtype=np.uint8)
    save_matrix(tmp_path / "m.npz", pixels, np.array([1, 0], dtype=np.uint8))
    x, labels = load_training_matrix(tmp_path / "m.npz")
    np.testing.assert_array_equal(x, [[0.0, 1.0], [0.2, 0.4]])
    np.testing.assert_array_equal(labels, [[1.0, 0.0]])
    assert x.dtype == labels.dtype == np.float64
