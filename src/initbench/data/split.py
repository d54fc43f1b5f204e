"""Which images train, which are held out, which go unused: seeded and class-stratified, the
same for every run."""

import csv
import os

import numpy as np

from initbench.storage import InputError, write_csv

SETS = ("train", "test", "unused")


class SplitError(InputError):
    """A split that leaves a class without images, or asks for more images than there are."""


def _held_out(labels: np.ndarray, test_fraction: float, rng: np.random.RandomState) -> np.ndarray:
    """A mask, True for ``round(test_fraction x its size)`` images of each class."""
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


def _class_quotas(sizes: np.ndarray, total: int) -> np.ndarray:
    """``total`` split over classes of ``sizes`` in proportion, by largest remainder, with
    at least one each (``len(sizes) <= total <= sizes.sum()``)."""
    shares = total * sizes / sizes.sum()
    quotas = np.floor(shares).astype(int)
    # A stable sort: equal remainders go to the classes in label order.
    by_remainder = np.argsort(-(shares - quotas), kind="stable")
    quotas[by_remainder[: total - quotas.sum()]] += 1
    for empty in np.flatnonzero(quotas == 0):
        # There is one to give: with total >= the number of classes, some class has two.
        quotas[np.argmax(quotas)] -= 1
        quotas[empty] = 1
    return quotas


def _stratified_subset(
    labels: np.ndarray,
    candidates: np.ndarray,
    size: int,
    key: str,
    set_name: str,
    rng: np.random.RandomState,
) -> np.ndarray:
    """A mask of ``size`` of the ``candidates``, each class keeping its share."""
    available = int(candidates.sum())
    present = np.unique(labels[candidates])
    if size > available:
        advice = f"lower it to {available} at most" if available else f"leave {key} out"
        raise SplitError(
            f"{key} {size} asks for more {set_name} images than the {available} there are; "
            + advice
        )
    if size < len(present):
        raise SplitError(
            f"{key} {size} is fewer than the {len(present)} classes, and every class needs at "
            f"least one {set_name} image; raise it to {len(present)} at least"
        )
    members = [np.flatnonzero(candidates & (labels == label)) for label in present]
    quotas = _class_quotas(np.array([len(group) for group in members]), size)
    kept = np.zeros(labels.shape, dtype=bool)
    for group, quota in zip(members, quotas, strict=True):
        kept[rng.permutation(group)[:quota]] = True
    return kept


def assign_sets(
    labels: np.ndarray,
    own_sets: np.ndarray | None,
    test_fraction: float,
    train_size: int | None,
    test_size: int | None,
    seed: int,
) -> np.ndarray:
    """The set of each image, ``train``, ``test`` or ``unused``, in matrix order.

    Without ``own_sets``, each class gives ``round(test_fraction x its size)`` images to the
    test set. With them (``train``/``test`` per image, a data set's own split),
    ``test_fraction`` must be 0. Then ``test_size`` and ``train_size`` (None: all) keep that
    many of each set, each class its share (at least one); the rest is unused. Draws use
    ``RandomState(seed)``, the held-out images first, so that ``train_size`` never changes them.
    """
    rng = np.random.RandomState(seed)
    if own_sets is None:
        test = _held_out(labels, test_fraction, rng)
    else:
        if test_fraction != 0:
            raise SplitError(
                f"test_fraction {test_fraction}: this data set has its own test set, which is "
                "the one held out; set test_fraction: 0 (test_size picks how many test images "
                "to use)"
            )
        test = np.asarray(own_sets) == "test"
    sets = np.where(test, "test", "train").astype("<U6")
    if test_size is not None:
        kept = _stratified_subset(labels, test, test_size, "test_size", "test", rng)
        sets[test & ~kept] = "unused"
    if train_size is not None:
        kept = _stratified_subset(labels, ~test, train_size, "train_size", "training", rng)
        sets[~test & ~kept] = "unused"
    return sets


def save_split(path: str | os.PathLike, files: list[str], sets: np.ndarray) -> None:
    """Write each image's set (``assign_sets``) beside its file name."""
    unknown = set(np.unique(sets)) - set(SETS)
    if unknown:
        raise ValueError(f"sets must be among {SETS}, not {sorted(unknown)}")
    write_csv(path, ["file", "set"], [[file, name] for file, name in zip(files, sets, strict=True)])


def load_split(path: str | os.PathLike) -> np.ndarray:
    """The set of each image, in matrix column order, as ``save_split`` wrote it."""
    with open(path, newline="", encoding="utf-8") as handle:
        sets = [row["set"] for row in csv.DictReader(handle)]
    for line, name in enumerate(sets, start=2):
        if name not in SETS:
            raise SplitError(
                f"{path}: line {line} puts an image in set {name!r}; the sets are {', '.join(SETS)}"
            )
    return np.array(sets, dtype=str)


def split_dataset(
    x: np.ndarray, labels: np.ndarray, sets: np.ndarray
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
    """``(x, labels)`` of the training images and ``(x, labels)`` of the held-out ones (None
    without any), selected along the last axis; unused images are dropped.

    ``x`` is features x images, of any dtype; ``labels`` has images along its last axis (1-D or
    1 x images) and keeps its shape. With every image training, the input is used uncopied.
    """
    if len(sets) != x.shape[-1] or len(sets) != labels.shape[-1]:
        raise ValueError(f"{len(sets)} sets for {x.shape[-1]} images and {labels.shape[-1]} labels")
    train = sets == "train"
    if train.all():
        return x, labels, None
    test = sets == "test"
    held_out = (x[..., test], labels[..., test]) if test.any() else None
    return x[..., train], labels[..., train], held_out
