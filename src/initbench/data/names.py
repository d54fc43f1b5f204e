"""What a dataset's results are called: one safe path component per set of images.

Results land under ``results/*/{name}/``. The built-in sets are named after themselves; a
folder of your own images is named after the folder (or ``dataset_name``), so that two folders
never overwrite each other's results.
"""

import re
import unicodedata
from pathlib import PurePath

BUILT_IN = ("synthetic", "blog", "digits", "mnist", "fashion_mnist")
# Letters, digits, dots, dashes and underscores, starting with a letter or digit: safe in any
# file system, on any shell's command line, and as part of a Snakemake path.
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def safe_name(text: str) -> str:
    """``text`` as a name: accents dropped (``ünïcode`` -> ``unicode``), every run of other
    characters made one ``-`` (``my photos (2024)`` -> ``my-photos-2024``); ``folder`` when
    nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-._")
    return name or "folder"


def dataset_name(dataset: str, images_dir: str | None, configured: str | None) -> str:
    """The name of the dataset's results: ``configured`` when given (the schema has checked
    it), else the built-in set's own name, else the folder's, made safe, and never one of the
    built-in names (a folder called ``synthetic`` is ``folder-synthetic``)."""
    if configured:
        return configured
    if dataset in BUILT_IN:
        return dataset
    name = safe_name(PurePath(images_dir).name or str(images_dir))
    return f"folder-{name}" if name in BUILT_IN else name
