"""scikit-learn's handwritten digits: 1,797 grey images of 8x8 pixels, classes ``0`` to ``9``.

The set ships with scikit-learn, so it needs no network. Its pixels are 0-16; they are stored
as ``round(v x 255 / 16)`` (halves to even: 8 is 128), so that 16 is 255, as in every matrix.
"""

from collections.abc import Sequence

import numpy as np

from initbench.data.preprocess import Dataset, array_dataset

CLASSES = tuple(str(digit) for digit in range(10))
# How many images it holds, known without loading scikit-learn (a test holds them equal).
IMAGES = 1797
LEVELS = 16


def digits_dataset(positive_class: str, classes: Sequence[str] | None = None) -> Dataset:
    """The digits of the classes used (``class_labels``), named ``digits/0000`` on in
    scikit-learn's order."""
    # Imported here, not at the top: the workflow reads CLASSES as it parses, and importing
    # scikit-learn takes seconds.
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = np.rint(digits.data * (255 / LEVELS)).astype(np.uint8)
    files = [f"digits/{index:04d}" for index in range(len(images))]
    return array_dataset(
        images, digits.target, CLASSES, files, None, "digits", positive_class, classes
    )
