"""The side of the square images a dataset is read at: the images' own, unless said otherwise.

Sizes are read from the files' headers (no pixels decoded), upright as their EXIF orientation
turns them, before any job runs, so that a folder of another size needs no setting and a
folder of mixed sizes is one short message rather than one line per image, naming the first
files of the less common sizes.
"""

import os
from collections import Counter

from PIL import Image

from initbench.storage import InputError

# EXIF orientations that turn an image by a quarter: width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}
DEFAULT_SIZE = 150


# Files of the less common sizes named in the message itself; the rest go to a listing.
SHOWN_FILES = 5


class SizeMismatch(InputError):
    """Images that do not fit the size and may not be resized. ``odd_files``: ``(file, width,
    height)`` of every image of a less common size than the most common one, in path order."""

    def __init__(self, message: str, odd_files: list[tuple[str, int, int]]):
        super().__init__(message)
        self.odd_files = odd_files


def image_sizes(paths: list[str | os.PathLike]) -> dict[tuple[int, int], list[str]]:
    """The files of each upright (width, height), in path order; files Pillow cannot open are
    left to preprocessing, which names them."""
    sizes: dict[tuple[int, int], list[str]] = {}
    for path in paths:
        try:
            with Image.open(path) as image:
                width, height = image.size
                if image.getexif().get(0x0112) in QUARTER_TURNS:
                    width, height = height, width
        except Exception:  # any unreadable file: preprocessing reports it by name
            continue
        sizes.setdefault((width, height), []).append(str(path))
    return sizes


def _listed(counts: Counter) -> str:
    return ", ".join(
        f"{count} at {width}×{height}" for (width, height), count in counts.most_common()
    )


def _odd_files(sizes: dict[tuple[int, int], list[str]], counts: Counter, root: str | None):
    """``(file, width, height)`` of the images of every size but the most common."""
    common = counts.most_common(1)[0][0]
    return [
        (os.path.relpath(file, root) if root else file, width, height)
        for (width, height), files in sizes.items()
        if (width, height) != common
        for file in files
    ]


def chosen_size(
    sizes: dict[tuple[int, int], list[str]],
    configured: int | None,
    on_size_mismatch: str,
    root: str | os.PathLike | None = None,
) -> int:
    """``configured`` when given, else the one square size every image shares, else 150; a
    ``SizeMismatch`` that names both remedies, and the first files of the less common sizes
    (relative to ``root``), when images would not fit and may not be resized."""
    counts = Counter({shape: len(files) for shape, files in sizes.items()})
    if configured is None and len(counts) == 1:
        ((width, height),) = counts
        if width == height:
            return width
    size = configured or DEFAULT_SIZE
    misfits = Counter({shape: count for shape, count in counts.items() if shape != (size, size)})
    if misfits and on_size_mismatch == "error":
        total = sum(counts.values())
        (width, height), _ = counts.most_common(1)[0]
        remedy = "set on_size_mismatch: resize to resize them to image_size"
        if width == height and width != size:
            also = " with on_size_mismatch: resize" if len(counts) > 1 else ""
            remedy += f", or image_size: {width}{also} to use their most common size"
        odd = _odd_files(sizes, counts, root)
        named = ""
        if odd:
            shown = ", ".join(f"{file} ({w}×{h})" for file, w, h in odd[:SHOWN_FILES])
            more = f" and {len(odd) - SHOWN_FILES} more" if len(odd) > SHOWN_FILES else ""
            named = f". Of the less common sizes: {shown}{more}"
        raise SizeMismatch(
            f"{sum(misfits.values())} of {total} images are not {size}×{size} pixels "
            f"({_listed(counts)}): {remedy}{named}",
            odd,
        )
    return size
