"""The side of the square images a dataset is read at: the images' own, unless said otherwise.

Sizes are read from the files' headers (no pixels decoded), upright as their EXIF orientation
turns them, before any job runs, so that a folder of another size needs no setting and a
folder of mixed sizes is one short message rather than one line per image.
"""

import os
from collections import Counter

from PIL import Image

from initbench.storage import InputError

# EXIF orientations that turn an image by a quarter: width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}
DEFAULT_SIZE = 150


def image_sizes(paths: list[str | os.PathLike]) -> Counter:
    """How many images have each upright (width, height); files Pillow cannot open are left
    to preprocessing, which names them."""
    sizes = Counter()
    for path in paths:
        try:
            with Image.open(path) as image:
                width, height = image.size
                if image.getexif().get(0x0112) in QUARTER_TURNS:
                    width, height = height, width
        except Exception:  # any unreadable file: preprocessing reports it by name
            continue
        sizes[(width, height)] += 1
    return sizes


def _listed(sizes: Counter) -> str:
    return ", ".join(
        f"{count} at {width}×{height}" for (width, height), count in sizes.most_common()
    )


def chosen_size(sizes: Counter, configured: int | None, on_size_mismatch: str) -> int:
    """``configured`` when given, else the one square size every image shares, else 150;
    an ``InputError`` that names both remedies when images would not fit and may not be
    resized."""
    if configured is None and len(sizes) == 1:
        ((width, height),) = sizes
        if width == height:
            return width
    size = configured or DEFAULT_SIZE
    misfits = Counter({shape: count for shape, count in sizes.items() if shape != (size, size)})
    if misfits and on_size_mismatch == "error":
        total = sum(sizes.values())
        (width, height), _ = sizes.most_common(1)[0]
        remedy = "set on_size_mismatch: resize to resize them to image_size"
        if width == height and width != size:
            also = " with on_size_mismatch: resize" if len(sizes) > 1 else ""
            remedy += f", or image_size: {width}{also} to use their most common size"
        raise InputError(
            f"{sum(misfits.values())} of {total} images are not {size}×{size} pixels "
            f"({_listed(sizes)}): {remedy}"
        )
    return size
