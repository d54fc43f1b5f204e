"""Turn labelled image files into the post's flattened pixel matrix and a table of the images."""

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from initbench.data.collection import class_of, positive_of
from initbench.data.hashes import file_sha256
from initbench.data.images import ImageError, read_image
from initbench.data.matrix import save_matrix
from initbench.storage import InputError, write_csv

BAD_IMAGE_ACTIONS = ("error", "skip")


@dataclass(frozen=True)
class Dataset:
    """``pixels``: uint8, features x images; ``labels``: uint8, one per image (1 = positive).

    ``skipped``: ``(file, problem)`` for each file left out as unusable.
    """

    pixels: np.ndarray
    labels: np.ndarray
    files: list[str]
    classes: list[str]
    sha256: list[str]
    skipped: list[tuple[str, str]]


# Unusable files named in an error message; the rest are counted, and listed in a file.
SHOWN_PROBLEMS = 10


class BadImagesError(InputError):
    """Unusable image files under ``on_bad_image: error``; the message names the first ones
    and, when ``listing`` is given, the file that lists them all."""

    def __init__(self, problems: list[tuple[Path, str]], listing: str | None = None):
        shown = problems[:SHOWN_PROBLEMS]
        lines = [f"  {path}: {problem}" for path, problem in shown]
        if len(problems) > len(shown):
            where = f", all listed in {listing}" if listing else ""
            lines.append(f"  … and {len(problems) - len(shown)} more{where}")
        super().__init__(self.headline(len(problems)) + ":\n" + "\n".join(lines))
        self.problems = problems

    @staticmethod
    def headline(count: int) -> str:
        files = "image file" if count == 1 else "image files"
        return f"{count} unusable {files} (set on_bad_image: skip to leave them out)"


class NoUsableImagesError(BadImagesError):
    """Image files none of which can be used, whatever ``on_bad_image`` says: skipping them
    would leave nothing to train on."""

    @staticmethod
    def headline(count: int) -> str:
        files = "the only image file" if count == 1 else f"none of the {count} image files"
        verb = "cannot" if count == 1 else "can"
        return (
            f"{files} {verb} be used: skipping it all (on_bad_image: skip) would leave nothing "
            "to train on; replace or fix it"
        )


def save_problems(path: str | os.PathLike, problems: list[tuple[Path, str]]) -> None:
    write_csv(path, ["file", "problem"], [[str(file), problem] for file, problem in problems])


def build_dataset(
    paths: list[Path],
    root: str | os.PathLike,
    positive_class: str,
    image_size: int,
    on_size_mismatch: str,
    on_bad_image: str = "error",
) -> Dataset:
    """Read every image, in the order given, into one column each.

    Every file is read before any error is raised, so that one message lists all the unusable
    ones; with ``on_bad_image="skip"`` they are left out and listed in ``Dataset.skipped``.
    """
    if on_bad_image not in BAD_IMAGE_ACTIONS:
        raise ValueError(f"on_bad_image must be one of {BAD_IMAGE_ACTIONS}, not {on_bad_image!r}")
    # Column-major: each image is contiguous, which is how training reads the matrix fastest.
    pixels = np.empty((image_size * image_size * 3, len(paths)), dtype=np.uint8, order="F")
    usable, classes, problems = [], [], []
    for path in paths:
        try:
            # The file before its name: a text file named x.jpg is not an image, whatever
            # its name would say of its class.
            pixels[:, len(usable)] = read_image(path, image_size, on_size_mismatch)
            name = class_of(path, root)
        except ImageError as error:
            problems.append((error.path, error.problem))
            continue
        usable.append(Path(path))
        classes.append(name)
    if not usable:
        raise NoUsableImagesError(problems)
    if problems and on_bad_image == "error":
        raise BadImagesError(problems)
    positive = positive_of(classes, root, positive_class)
    return Dataset(
        pixels=pixels[:, : len(usable)],
        labels=np.array([name == positive for name in classes], dtype=np.uint8),
        files=[path.relative_to(root).as_posix() for path in usable],
        classes=classes,
        sha256=[file_sha256(path) for path in usable],
        skipped=[(Path(path).relative_to(root).as_posix(), problem) for path, problem in problems],
    )


def save_dataset(
    dataset: Dataset,
    matrix_path: str | os.PathLike,
    table_path: str | os.PathLike,
    skipped_path: str | os.PathLike,
):
    """Write the matrix (``pixels``, ``labels``) as ``.npz``, the image table and the skipped
    files as CSV."""
    save_matrix(matrix_path, dataset.pixels, dataset.labels)
    rows = [
        [file, name, int(label), digest]
        for file, name, label, digest in zip(
            dataset.files, dataset.classes, dataset.labels, dataset.sha256, strict=True
        )
    ]
    write_csv(table_path, ["file", "class", "label", "sha256"], rows)
    write_csv(skipped_path, ["file", "problem"], [list(row) for row in dataset.skipped])
