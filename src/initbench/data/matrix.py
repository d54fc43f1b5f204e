"""The flattened pixel matrix on disk: the one place that writes and reads ``matrix.npz``.

``pixels``: uint8, features x images, one image per column; ``labels``: uint8, one per image.
A column is an image flattened row-major over (height, width, channel): RGB (3 channels) or
grey (1).
"""

import math
import os

import numpy as np

from initbench.storage import write_npz


def image_shape(features: int) -> tuple[int, int, int]:
    """``(side, side, channels)`` of a square image of ``features`` values.

    Unambiguous: side² x 3 is never a square (√3 is irrational), so a square count is grey.
    """
    for channels in (1, 3):
        side = math.isqrt(features // channels)
        if features % channels == 0 and side * side * channels == features:
            return side, side, channels
    raise ValueError(f"{features} values are no square image, grey or RGB")


def save_matrix(path: str | os.PathLike, pixels: np.ndarray, labels: np.ndarray) -> None:
    write_npz(path, {"pixels": pixels, "labels": labels})


def load_matrix(path: str | os.PathLike) -> tuple[np.ndarray, np.ndarray]:
    """``(pixels, labels)`` as stored, uint8 both.

    The pixels keep the stored memory order (column-major: one image per contiguous column).
    """
    with np.load(path, allow_pickle=False) as stored:
        return stored["pixels"], stored["labels"]
