"""The synthetic cat/dog set: names, determinism, image format, and the learnable colour tint."""

import numpy as np
import pytest
from PIL import Image

from initbench.data.collection import class_of, find_images
from initbench.data.images import read_image
from initbench.data.synthetic import draw_image, draw_synthetic_set, synthetic_names


def test_synthetic_names_alternate_cat_and_dog():
    assert synthetic_names(3) == [
        "cat.0001.jpg",
        "dog.0001.jpg",
        "cat.0002.jpg",
        "dog.0002.jpg",
        "cat.0003.jpg",
        "dog.0003.jpg",
    ]


def test_synthetic_names_count_and_uniqueness():
    names = synthetic_names(120)
    assert len(names) == 240
    assert len(set(names)) == 240
    assert names[-1] == "dog.0120.jpg"
    assert synthetic_names(0) == []


def test_set_is_written_in_name_order(tmp_path):
    folder = tmp_path / "nested" / "synthetic"  # created on demand
    paths = draw_synthetic_set(folder, 2, 16, seed=0)
    assert paths == [folder / name for name in synthetic_names(2)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(synthetic_names(2))


def test_same_seed_gives_byte_identical_files(tmp_path):
    first = draw_synthetic_set(tmp_path / "a", 3, 16, seed=7)
    second = draw_synthetic_set(tmp_path / "b", 3, 16, seed=7)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_different_seed_gives_different_files(tmp_path):
    first = draw_synthetic_set(tmp_path / "a", 3, 16, seed=7)
    second = draw_synthetic_set(tmp_path / "b", 3, 16, seed=8)
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() != other.read_bytes(), one.name


def test_images_within_a_set_differ(tmp_path):
    paths = draw_synthetic_set(tmp_path, 3, 16, seed=0)
    assert len({p.read_bytes() for p in paths}) == len(paths)


@pytest.mark.parametrize("size", [8, 33])
def test_images_are_rgb_jpeg_of_the_requested_size(tmp_path, size):
    for path in draw_synthetic_set(tmp_path, 2, size, seed=1):
        with Image.open(path) as image:
            assert image.format == "JPEG"
            assert image.mode == "RGB"
            assert image.size == (size, size)
        assert read_image(path, size).shape == (size * size * 3,)


def test_draw_image_is_deterministic_in_the_rng():
    one = np.asarray(draw_image("cat", 12, np.random.RandomState(3)))
    two = np.asarray(draw_image("cat", 12, np.random.RandomState(3)))
    other = np.asarray(draw_image("cat", 12, np.random.RandomState(4)))
    assert one.shape == (12, 12, 3)
    assert one.dtype == np.uint8
    np.testing.assert_array_equal(one, two)
    assert not np.array_equal(one, other)


def test_set_labels_through_the_collection(tmp_path):
    paths = draw_synthetic_set(tmp_path, 2, 8, seed=0)
    assert find_images(tmp_path) == sorted(paths)  # all cats first, by relative path
    assert [class_of(path, tmp_path) for path in paths] == ["cat", "dog", "cat", "dog"]


def test_cats_are_redder_than_dogs(tmp_path):
    paths = draw_synthetic_set(tmp_path, 30, 16, seed=0)
    red_minus_blue = {"cat": [], "dog": []}
    for path in paths:
        pixels = read_image(path, 16).reshape(-1, 3).astype(np.float64)
        red_minus_blue[path.name.partition(".")[0]].append(np.mean(pixels[:, 0] - pixels[:, 2]))
    cats, dogs = np.mean(red_minus_blue["cat"]), np.mean(red_minus_blue["dog"])
    # The tint shifts red - blue by +60 for cats and -60 for dogs before clipping; random
    # colours average out over 30 images each.
    assert cats > 0 > dogs
    assert cats - dogs > 60
