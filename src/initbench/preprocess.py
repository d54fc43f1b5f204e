"""Turn labelled image files into the post's flattened pixel matrix and a table of the images."""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from initbench.collection import label_images
from initbench.images import read_image
from initbench.storage import write_csv, write_npz


@dataclass(frozen=True)
class Dataset:
    """``pixels``: uint8, features x images; ``labels``: uint8, one per image (1 = positive)."""

    pixels: np.ndarray
    labels: np.ndarray
    files: list[str]
    classes: list[str]
    sha256: list[str]


def sha256_of(path: str | os.PathLike) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build_dataset(
    paths: list[Path],
    root: str | os.PathLike,
    positive_class: str,
    image_size: int,
    on_size_mismatch: str,
) -> Dataset:
    """Read every image, in the order given, into one column each."""
    labelled = label_images(paths, root, positive_class)
    # Column-major: each image is contiguous, which is how training reads the matrix fastest.
    pixels = np.empty((image_size * image_size * 3, len(labelled)), dtype=np.uint8, order="F")
    for column, (path, _, _) in enumerate(labelled):
        pixels[:, column] = read_image(path, image_size, on_size_mismatch)
    return Dataset(
        pixels=pixels,
        labels=np.array([label for _, _, label in labelled], dtype=np.uint8),
        files=[Path(path).relative_to(root).as_posix() for path, _, _ in labelled],
        classes=[name for _, name, _ in labelled],
        sha256=[sha256_of(path) for path, _, _ in labelled],
    )


def save_dataset(dataset: Dataset, matrix_path: str | os.PathLike, table_path: str | os.PathLike):
    """Write the matrix (``pixels``, ``labels``) as ``.npz`` and the image table as CSV."""
    write_npz(matrix_path, {"pixels": dataset.pixels, "labels": dataset.labels})
    rows = [
        [file, name, int(label), digest]
        for file, name, label, digest in zip(
            dataset.files, dataset.classes, dataset.labels, dataset.sha256, strict=True
        )
    ]
    write_csv(table_path, ["file", "class", "label", "sha256"], rows)
