"""Turn labelled images into the post's flattened pixel matrix and a table of the images."""

import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from initbench.data.collection import (
    check_class_sizes,
    chosen_classes,
    class_labels,
    class_of,
    find_images,
    images_per_class,
    named_class,
)
from initbench.data.hashes import file_sha256, folder_content
from initbench.data.images import ImageError, read_image
from initbench.data.matrix import save_matrix
from initbench.storage import InputError, write_csv

BAD_IMAGE_ACTIONS = ("error", "skip")


@dataclass(frozen=True)
class Dataset:
    """``pixels``: uint8, features x images; ``labels``: uint8, one per image (see
    ``class_labels``); ``classes``: each image's class as named by its folder or data set.

    ``skipped``: ``(file, problem)`` for each file left out as unusable; ``sets``: ``train`` or
    ``test`` per image for a data set with its own test set, else None; ``left_out``: how many
    images of each class not chosen under ``classes:`` were left out.
    """

    pixels: np.ndarray
    labels: np.ndarray
    files: list[str]
    classes: list[str]
    sha256: list[str]
    skipped: list[tuple[str, str]]
    sets: list[str] | None = None
    left_out: dict[str, int] = field(default_factory=dict)


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


def folder_images(root: str | os.PathLike, content: str) -> list[Path]:
    """Your folder's images, listed again by the job (their names never pass through the
    workflow engine), checked against the content digest the workflow read them with."""
    paths = find_images(root)
    if folder_content(paths, root) != content:
        raise InputError(
            f"{root}: images were added, removed, renamed or edited after the workflow read "
            "the folder; run snakemake again"
        )
    return paths


def build_dataset(
    paths: list[Path],
    root: str | os.PathLike,
    positive_class: str,
    image_size: int,
    on_size_mismatch: str,
    on_bad_image: str = "error",
    classes: Sequence[str] | None = None,
) -> Dataset:
    """Read every image of the classes used (``class_labels``), in the order given, into one
    column each.

    Every file is read before any error is raised, so that one message lists all the unusable
    ones; with ``on_bad_image="skip"`` they are left out and listed in ``Dataset.skipped``.
    """
    if on_bad_image not in BAD_IMAGE_ACTIONS:
        raise ValueError(f"on_bad_image must be one of {BAD_IMAGE_ACTIONS}, not {on_bad_image!r}")
    chosen = chosen_classes(sorted(images_per_class(paths, root)), root, classes)
    names = [named_class(path, root) for path in paths]
    # A file whose name gives no class is read all the same: it is reported as not an image
    # when it is not one, whatever its name says.
    wanted = [path for path, name in zip(paths, names, strict=True) if name in chosen or not name]
    left_out = Counter(name for name in names if name and name not in chosen)
    # Column-major: each image is contiguous, which is how training reads the matrix fastest.
    pixels = np.empty((image_size * image_size * 3, len(wanted)), dtype=np.uint8, order="F")
    usable, image_classes, problems = [], [], []
    for path in wanted:
        try:
            # The file before its name: a text file named x.jpg is not an image, whatever
            # its name would say of its class.
            pixels[:, len(usable)] = read_image(path, image_size, on_size_mismatch)
            name = class_of(path, root)
        except ImageError as error:
            problems.append((error.path, error.problem))
            continue
        usable.append(Path(path))
        image_classes.append(name)
    if not usable:
        raise NoUsableImagesError(problems)
    if problems and on_bad_image == "error":
        raise BadImagesError(problems)
    labels_of = class_labels(chosen, root, positive_class, classes)
    usable_per_class = Counter(image_classes)
    check_class_sizes({name: usable_per_class[name] for name in labels_of}, root)
    return Dataset(
        pixels=pixels[:, : len(usable)],
        labels=np.array([labels_of[name] for name in image_classes], dtype=np.uint8),
        files=[path.relative_to(root).as_posix() for path in usable],
        classes=image_classes,
        sha256=[file_sha256(path) for path in usable],
        skipped=[(Path(path).relative_to(root).as_posix(), problem) for path, problem in problems],
        left_out=dict(left_out),
    )


def array_dataset(
    images: np.ndarray,
    targets: np.ndarray,
    class_names: Sequence[str],
    files: list[str],
    sets: list[str] | None,
    where: str,
    positive_class: str,
    classes: Sequence[str] | None = None,
) -> Dataset:
    """A data set already in memory: ``images`` (uint8, images x features, one image per row)
    of class ``class_names[target]`` each, those of the classes used (``class_labels``) kept in
    order. Each image's SHA-256 is that of its bytes."""
    labels_of = class_labels(class_names, where, positive_class, classes)
    per_class = np.bincount(targets, minlength=len(class_names))
    check_class_sizes({name: int(per_class[class_names.index(name)]) for name in labels_of}, where)
    label_of_target = np.array([labels_of.get(name, -1) for name in class_names])
    keep = label_of_target[targets] >= 0
    if not keep.all():
        images, targets = images[keep], targets[keep]
        kept = np.flatnonzero(keep)
        files = [files[index] for index in kept]
        sets = None if sets is None else [sets[index] for index in kept]
    return Dataset(
        # The transpose of rows is the column-major features x images matrix, uncopied.
        pixels=np.ascontiguousarray(images).T,
        labels=label_of_target[targets].astype(np.uint8),
        files=files,
        classes=[class_names[target] for target in targets],
        sha256=[hashlib.sha256(image).hexdigest() for image in images],
        skipped=[],
        sets=sets,
        left_out={
            name: int(count)
            for name, count in zip(class_names, per_class, strict=True)
            if name not in labels_of and count
        },
    )


def save_dataset(
    dataset: Dataset,
    matrix_path: str | os.PathLike,
    table_path: str | os.PathLike,
    skipped_path: str | os.PathLike,
):
    """Write the matrix (``pixels``, ``labels``) as ``.npz``, the image table (with a ``set``
    column when the data set has its own test set) and the skipped files as CSV."""
    save_matrix(matrix_path, dataset.pixels, dataset.labels)
    header = ["file", "class", "label", "sha256"]
    columns = [dataset.files, dataset.classes, dataset.labels.tolist(), dataset.sha256]
    if dataset.sets is not None:
        header.append("set")
        columns.append(dataset.sets)
    write_csv(table_path, header, [list(row) for row in zip(*columns, strict=True)])
    write_csv(skipped_path, ["file", "problem"], [list(row) for row in dataset.skipped])
