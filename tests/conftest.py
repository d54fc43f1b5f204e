from pathlib import Path

import numpy as np
import pytest

from initbench.synthetic import draw_image

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def small_images():
    """A learnable matrix (24x24 RGB synthetic images scaled to [0, 1]) and its labels."""
    rng = np.random.RandomState(0)
    names = ["cat", "dog"] * 20
    columns = [np.asarray(draw_image(name, 24, rng)).reshape(-1) for name in names]
    x = np.stack(columns, axis=1) / 255.0
    labels = np.array([[name == "cat" for name in names]], dtype=np.float64)
    return x, labels


@pytest.fixture(scope="session")
def blog_images_dir():
    """The post's 100 images, where ../shared has them."""
    folder = SHARED_DATA / "blog-cats-dogs"
    if not folder.is_dir():
        pytest.skip(f"the post's images are not at {folder}")
    return folder
