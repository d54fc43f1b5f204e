"""MNIST and Fashion-MNIST: their four IDX files, found, checked and read into one data set.

Each file may be gzipped (``.gz``) or not. A file is checked against its published MD5:
MNIST publishes those of the uncompressed files, so its files are checked uncompressed, gzipped
or not (mirrors re-compress them). Fashion-MNIST publishes only those of its ``.gz`` files, so
its gzipped files are checked as they are, and its uncompressed ones structurally only (magic
numbers, sizes, counts and labels). Both are 28x28 grey images in ten classes.
"""

import gzip
import hashlib
import math
import os
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from initbench.data.preprocess import Dataset, array_dataset
from initbench.storage import InputError

# In the order every function here takes them: training images and labels, then test ones.
FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
# The IDX magic number is 0, 0, the element type (8: unsigned byte) and the dimension count.
UNSIGNED_BYTE = 0x08


@dataclass(frozen=True)
class IdxSet:
    """A data set of four IDX files: its class names, the published MD5 of each file (keyed
    ``name`` for the uncompressed bytes, ``name.gz`` for the gzipped file's) and where the
    ``.gz`` files are published."""

    classes: tuple[str, ...]
    md5: dict[str, str]
    base_url: str


IDX_SETS = {
    "mnist": IdxSet(
        classes=tuple(str(digit) for digit in range(10)),
        md5={
            "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
            "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
            "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
            "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
        },
        base_url="https://ossci-datasets.s3.amazonaws.com/mnist/",
    ),
    # The README of github.com/zalandoresearch/fashion-mnist, "Get the Data". Class names are
    # its labels made safe as file and class names: "T-shirt/top" is t-shirt-top.
    "fashion_mnist": IdxSet(
        classes=(
            "t-shirt-top",
            "trouser",
            "pullover",
            "dress",
            "coat",
            "sandal",
            "shirt",
            "sneaker",
            "bag",
            "ankle-boot",
        ),
        md5={
            "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
            "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
            "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
        },
        base_url="http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ),
}


class IdxError(InputError):
    """An IDX file that is missing, damaged or not the published one; the message names it."""


def find_idx_files(folder: str | os.PathLike) -> list[Path]:
    """The four files in ``folder``, in ``FILES`` order, each under its exact name, gzipped or
    not; the gzipped one when both are there (Fashion-MNIST's checksums are of those)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise IdxError(f"{folder}: folder of IDX files does not exist or is not a folder")
    paths = []
    for name in FILES:
        found = [folder / form for form in (f"{name}.gz", name) if (folder / form).is_file()]
        if not found:
            raise IdxError(
                f"{folder}: has no {name} (nor {name}.gz); put the four files "
                f"({', '.join(FILES)}), each gzipped or not, in it"
            )
        paths.append(found[0])
    return paths


def _md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def _checked_bytes(path: Path, name: str, dataset: str) -> bytes:
    """The uncompressed bytes of ``path``, the file ``name`` of ``dataset``, once its MD5 is the
    published one (where one is published for its form)."""
    stored = path.read_bytes()
    gzipped = path.name.endswith(".gz")
    try:
        data = gzip.decompress(stored) if gzipped else stored
    except (OSError, EOFError, zlib.error) as error:
        raise IdxError(f"{path}: not a readable gzip file ({error}); download it again") from error
    published = IDX_SETS[dataset].md5
    if gzipped and f"{name}.gz" in published:
        key, content, form = f"{name}.gz", stored, "gzipped file"
    elif name in published:
        key, content, form = name, data, "uncompressed content"
    else:
        return data  # no checksum for this form: the reading checks its structure
    found = _md5(content)
    if found != published[key]:
        raise IdxError(
            f"{path}: MD5 of the {form} is {found}, not the published {published[key]} of "
            f"{dataset}'s {key}; the file is damaged or another one: download it again"
        )
    return data


def read_idx(path: str | os.PathLike, name: str, dataset: str) -> np.ndarray:
    """The array in ``path``, the file ``name`` of ``FILES`` of ``dataset``, checked (see the
    module), as its header shapes it, uncopied."""
    path = Path(path)
    data = _checked_bytes(path, name, dataset)
    dimensions = 3 if "images" in name else 1
    magic = bytes((0, 0, UNSIGNED_BYTE, dimensions))
    if data[:4] != magic:
        raise IdxError(
            f"{path}: magic number {data[:4].hex()}, expected {magic.hex()} for {name} "
            f"(unsigned bytes in {dimensions} dimension{'s' if dimensions > 1 else ''}); "
            "the file is not the one its name says or is damaged"
        )
    header = 4 + 4 * dimensions
    if len(data) < header:
        raise IdxError(f"{path}: ends within its header; the file is truncated: download it again")
    shape = struct.unpack(f">{dimensions}I", data[4:header])
    if len(data) - header != math.prod(shape):
        raise IdxError(
            f"{path}: its header says {' x '.join(map(str, shape))} ({math.prod(shape)} bytes), "
            f"but it holds {len(data) - header} bytes; the file is truncated or damaged: "
            "download it again"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def _checked_pair(images: np.ndarray, labels: np.ndarray, paths: list[Path], classes: int):
    """Refuse images and labels that do not go together, or labels beyond the classes."""
    if len(images) != len(labels):
        raise IdxError(
            f"{paths[0]} holds {len(images)} images but {paths[1]} {len(labels)} labels; "
            "they must come from the same set"
        )
    if labels.size and labels.max() >= classes:
        raise IdxError(f"{paths[1]}: label {labels.max()} is beyond the {classes} classes")


def idx_dataset(
    dataset: str,
    paths: Sequence[str | os.PathLike],
    positive_class: str,
    classes: Sequence[str] | None = None,
) -> Dataset:
    """All images of ``dataset`` (``mnist`` or ``fashion_mnist``) of the classes used
    (``class_labels``): the training ones (``train/00000`` on), then the test ones
    (``test/00000`` on), with their sets. ``paths`` are the four files, in ``FILES`` order."""
    spec = IDX_SETS[dataset]
    paths = [Path(path) for path in paths]
    train_images, train_labels, test_images, test_labels = (
        read_idx(path, name, dataset) for path, name in zip(paths, FILES, strict=True)
    )
    _checked_pair(train_images, train_labels, paths[:2], len(spec.classes))
    _checked_pair(test_images, test_labels, paths[2:], len(spec.classes))
    if train_images.shape[1:] != test_images.shape[1:] or len(set(train_images.shape[1:])) > 1:
        raise IdxError(
            f"{paths[0]} and {paths[2]}: images of {train_images.shape[1:]} and "
            f"{test_images.shape[1:]} pixels; both must hold square images of one size"
        )
    images = np.concatenate(
        [train_images.reshape(len(train_images), -1), test_images.reshape(len(test_images), -1)]
    )
    files = [f"train/{index:05d}" for index in range(len(train_images))]
    files += [f"test/{index:05d}" for index in range(len(test_images))]
    sets = ["train"] * len(train_images) + ["test"] * len(test_images)
    return array_dataset(
        images,
        np.concatenate([train_labels, test_labels]),
        spec.classes,
        files,
        sets,
        dataset,
        positive_class,
        classes,
    )
