"""Find the labelled images of a folder, in either common layout, and label their classes.

- Kaggle-style names in one folder: ``cat.123.jpg``, ``dog.45.jpg`` (the class is the prefix).
- One subfolder per class: ``cats/001.jpg``, ``dogs/001.jpg`` (the class is the folder name).

The labels of the classes (``class_labels``) are the same for every data set, a folder or a
built-in one: two classes are 1 for ``positive_class`` and 0 for the other; more are numbered
in class order.
"""

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
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


def _listing(root: Path) -> tuple[list[Path], dict[Path, list[Path]]]:
    """The candidate images at the top of ``root``, and those of each visible subfolder."""
    try:
        top = [p for p in root.iterdir() if _is_candidate(p)]
        subfolders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        return top, {
            folder: [p for p in folder.iterdir() if _is_candidate(p)] for folder in subfolders
        }
    except OSError as error:
        raise CollectionError(
            f"{root}: cannot be read ({error.strerror or error}: {error.filename})"
        ) from error


def _decodes(path: Path) -> bool:
    """Whether the file's name is text (UTF-8): Python keeps undecodable bytes as surrogates,
    which no CSV, log or report can write."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def find_images(root: str | os.PathLike) -> list[Path]:
    """Image files under ``root`` (top level or one subfolder deep), ordered by relative path.

    Only image suffixes count, so ``Thumbs.db`` and the like are ignored, as are hidden files
    (``.DS_Store``, ``._cat.1.jpg``) and hidden folders. Names that are not UTF-8 are refused,
    every one named.
    """
    root = Path(root)
    if not root.is_dir():
        raise CollectionError(f"{root}: images folder does not exist or is not a folder")
    top, subfolders = _listing(root)
    nested = [path for images in subfolders.values() for path in images]
    if top and nested:
        raise CollectionError(
            f"{root}: mixes images at the top level ({top[0].name}, ...) with images in "
            f"subfolders ({nested[0].relative_to(root)}, ...); use one layout"
        )
    images = sorted(top or nested, key=lambda p: p.relative_to(root).as_posix())
    undecodable = [path for path in images if not _decodes(path)]
    if undecodable:
        shown = ", ".join(repr(os.fsencode(path.relative_to(root))) for path in undecodable[:5])
        more = f" and {len(undecodable) - 5} more" if len(undecodable) > 5 else ""
        names, them = ("name is", "it") if len(undecodable) == 1 else ("names are", "them")
        raise CollectionError(
            f"{root}: {len(undecodable)} image file {names} not valid UTF-8, so no table can "
            f"name {them}: {shown}{more}; rename {them}"
        )
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


def named_class(path: str | os.PathLike, root: str | os.PathLike) -> str | None:
    """The class of one image, or None when its name gives none (a problem of that file alone,
    which preprocessing reports)."""
    try:
        return class_of(path, root)
    except ImageError:
        return None


def matches_class(class_name: str, wanted: str) -> bool:
    """Whether a folder or prefix is the class ``wanted`` names; a plural folder counts (cats)."""
    name, wanted = class_name.lower(), wanted.lower()
    return name in (wanted, wanted + "s")


def _listed_classes(
    found: list[str], where: str | os.PathLike, classes: Sequence[str]
) -> list[str]:
    """The classes found that ``classes`` names, in its order."""
    chosen = []
    for wanted in classes:
        matches = [name for name in found if matches_class(name, wanted)]
        if not matches:
            raise CollectionError(
                f"{where}: class {wanted!r} of classes: matches none of the classes found "
                f"({', '.join(found)}); correct it or take it off the list"
            )
        if len(matches) > 1:
            raise CollectionError(
                f"{where}: class {wanted!r} of classes: matches {', '.join(matches)}; "
                "rename one of them so that it names one class"
            )
        if matches[0] in chosen:
            raise CollectionError(
                f"{where}: classes: names class {matches[0]!r} twice; list each class once"
            )
        chosen.append(matches[0])
    return chosen


def _positive_of(chosen: list[str], where: str | os.PathLike, positive_class: str) -> str:
    """The one of two classes that ``positive_class`` names."""
    positive = [name for name in chosen if matches_class(name, positive_class)]
    if len(positive) != 1:
        matched = "none" if not positive else f"both ({', '.join(positive)})"
        raise CollectionError(
            f"{where}: positive_class {positive_class!r} matches {matched} of the classes found "
            f"({', '.join(chosen)}); set positive_class to exactly one of them"
        )
    return positive[0]


def chosen_classes(
    found: Iterable[str], where: str | os.PathLike, classes: Sequence[str] | None = None
) -> list[str]:
    """The classes used, in class order: those ``classes`` names, in its order (each name
    matched as ``matches_class`` does), or else all those ``found``, in the order given (a
    folder's sorted, a built-in set's own). ``where`` (the folder, or the data set's name) is
    what messages name."""
    found = list(dict.fromkeys(found))
    return found if classes is None else _listed_classes(found, where, classes)


def class_labels(
    found: Iterable[str],
    where: str | os.PathLike,
    positive_class: str,
    classes: Sequence[str] | None = None,
) -> dict[str, int]:
    """The label of each class used (``chosen_classes``), in class order; images of other
    classes are left out. Two classes are labelled 1 (the one ``positive_class`` names) and 0;
    more are numbered in class order."""
    chosen = chosen_classes(found, where, classes)
    if len(chosen) < 2:
        given = "found" if classes is None else "classes: names"
        raise CollectionError(
            f"{where}: needs at least two classes, {given} {len(chosen)}: {', '.join(chosen)}"
        )
    if len(chosen) == 2:
        positive = _positive_of(chosen, where, positive_class)
        return {name: int(name == positive) for name in chosen}
    return {name: label for label, name in enumerate(chosen)}


def check_class_sizes(images: Mapping[str, int], where: str | os.PathLike) -> None:
    """Refuse a class of ``images`` (class -> how many it has) with fewer than two."""
    leave_out = "or leave the class out (list the classes to use under classes:)"
    for name, count in images.items():
        if count == 0:
            raise CollectionError(
                f"{where}: class {name!r} has no usable images; add some, {leave_out}"
            )
        if count == 1:
            raise CollectionError(
                f"{where}: class {name!r} has a single image, and a class needs at least two so "
                f"that it can be both trained on and held out; add images, {leave_out}"
            )


def images_per_class(paths: list[Path], root: str | os.PathLike) -> Counter:
    """How many of ``paths`` each class has; in the one-subfolder-per-class layout, every
    visible subfolder of ``root`` is a class, with 0 when it holds no images. Files whose name
    gives no class are not counted."""
    root = Path(root)
    counts = Counter(name for name in (named_class(path, root) for path in paths) if name)
    if any(len(Path(path).relative_to(root).parts) > 1 for path in paths):
        _, subfolders = _listing(root)
        for folder in subfolders:
            counts.setdefault(folder.name, 0)
    return counts


def check_classes(
    paths: list[Path],
    root: str | os.PathLike,
    positive_class: str,
    classes: Sequence[str] | None = None,
) -> dict[str, int]:
    """The label of each class of a folder's images (``find_images``), as preprocessing will
    give them; a ``CollectionError`` naming the class and the folder when they cannot be
    labelled. Reads names only, so that the workflow can call it before any job runs."""
    counts = images_per_class(paths, root)
    labels = class_labels(sorted(counts), root, positive_class, classes)
    check_class_sizes({name: counts[name] for name in labels}, root)
    return labels
