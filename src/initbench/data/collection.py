"""Find the labelled images of a folder, in either common layout.

- Kaggle-style names in one folder: ``cat.123.jpg``, ``dog.45.jpg`` (the class is the prefix).
- One subfolder per class: ``cats/001.jpg``, ``dogs/001.jpg`` (the class is the folder name).
"""

import os
from pathlib import Path

from initbench.data.images import ImageError
from initbench.storage import InputError

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp"})


class CollectionError(InputError):
    """A folder whose images cannot be labelled; the message names the folder or file."""


def _is_candidate(path: Path) -> bool:
    return (
        path.is_file() and not path.name.startswith(".") and path.suffix.lower() in IMAGE_SUFFIXES
    )


def find_images(root: str | os.PathLike) -> list[Path]:
    """Image files under ``root`` (top level or one subfolder deep), ordered by relative path.

    Only image suffixes count, so ``Thumbs.db`` and the like are ignored, as are hidden files
    (``.DS_Store``, ``._cat.1.jpg``) and hidden folders.
    """
    root = Path(root)
    if not root.is_dir():
        raise CollectionError(f"{root}: images folder does not exist or is not a folder")
    try:
        top = [p for p in root.iterdir() if _is_candidate(p)]
        subfolders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        nested = [p for folder in subfolders for p in folder.iterdir() if _is_candidate(p)]
    except OSError as error:
        raise CollectionError(
            f"{root}: cannot be read ({error.strerror or error}: {error.filename})"
        ) from error
    if top and nested:
        raise CollectionError(
            f"{root}: mixes images at the top level ({top[0].name}, ...) with images in "
            f"subfolders ({nested[0].relative_to(root)}, ...); use one layout"
        )
    images = sorted(top or nested, key=lambda p: p.relative_to(root).as_posix())
    if not images:
        raise CollectionError(
            f"{root}: no images found (looked for {', '.join(sorted(IMAGE_SUFFIXES))})"
        )
    return images


def class_of(path: str | os.PathLike, root: str | os.PathLike) -> str:
    """The class of one image: its subfolder, or the prefix of a Kaggle-style name."""
    relative = Path(path).relative_to(root)
    if len(relative.parts) > 1:
        return relative.parts[0]
    prefix, dot, rest = relative.name.partition(".")
    if not dot or not prefix or "." not in rest:
        raise ImageError(
            path,
            "the name gives no class; name it <class>.<id>.<ext> (e.g. cat.1.jpg) "
            "or put it in a subfolder named after its class",
        )
    return prefix


def matches_class(class_name: str, positive_class: str) -> bool:
    """Whether a folder or prefix names the positive class; a plural folder counts (cats)."""
    name, positive = class_name.lower(), positive_class.lower()
    return name in (positive, positive + "s")


def positive_of(classes: list[str], root: str | os.PathLike, positive_class: str) -> str:
    """The one class of ``classes`` that ``positive_class`` names; there must be exactly two."""
    found = sorted(set(classes))
    if len(found) != 2:
        raise CollectionError(
            f"{root}: expected exactly two classes, found {len(found)}: {', '.join(found)}"
        )
    positive = [name for name in found if matches_class(name, positive_class)]
    if len(positive) != 1:
        matched = "none" if not positive else f"both ({', '.join(positive)})"
        raise CollectionError(
            f"{root}: positive_class {positive_class!r} matches {matched} of the classes found "
            f"({', '.join(found)}); set positive_class to exactly one of them"
        )
    return positive[0]
