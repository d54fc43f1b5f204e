"""Hold some images out of training, the same ones for every run: seeded and class-stratified."""

import csv
import os

import numpy as np

from initbench.storage import InputError, write_csv


class SplitError(InputError):
    """A test fraction that leaves a class without training images."""


def split_images(labels: np.ndarray, test_fraction: float, seed: int) -> np.ndarray:
    """A mask over the images, True for the held-out ones.

    Each class gives ``round(test_fraction x its size)`` images, drawn by
    ``RandomState(seed)``, so both sets keep the classes' proportions.
    """
    rng = np.random.RandomState(seed)
    test = np.zeros(labels.shape, dtype=bool)
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        count = round(test_fraction * len(members))
        if count >= len(members):
            raise SplitError(
                f"test_fraction {test_fraction} holds out all {len(members)} images of label "
                f"{label}; lower it so that every class keeps training images"
            )
        test[rng.permutation(members)[:count]] = True
    return test


def save_split(path: str | os.PathLike, files: list[str], test: np.ndarray) -> None:
    rows = [
        [file, "test" if held_out else "train"] for file, held_out in zip(files, test, strict=True)
    ]
    write_csv(path, ["file", "set"], rows)


def load_split(path: str | os.PathLike) -> np.ndarray:
    """The held-out mask, in matrix column order, as ``save_split`` wrote it."""
    with open(path, newline="", encoding="utf-8") as handle:
        return np.array([row["set"] == "test" for row in csv.DictReader(handle)], dtype=bool)


def split_dataset(
    x: np.ndarray, labels: np.ndarray, test: np.ndarray
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
    """``(x, labels)`` of the training images and ``(x, labels)`` of the held-out ones (None
    without any); with nothing held out the matrix is used as it is, uncopied."""
    if not test.any():
        return x, labels, None
    return x[:, ~test], labels[:, ~test], (x[:, test], labels[:, test])
