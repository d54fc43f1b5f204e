"""Download the four gzipped IDX files of MNIST or Fashion-MNIST.

pooch checks a download only where the ``.gz`` file's MD5 is published (Fashion-MNIST); MNIST's
are checked uncompressed when read (``idx.read_idx``), since mirrors re-compress them.
"""

import os
from pathlib import Path

from initbench.data.fetch import fetch_registered
from initbench.data.idx import FILES, IDX_SETS


def fetch_idx_files(
    dataset: str, folder: str | os.PathLike, base_url: str | None = None
) -> list[Path]:
    """Download any of the four ``.gz`` files of ``dataset`` missing from ``folder`` (or, where
    a checksum is published, altered), from ``base_url`` (None: where the set is published),
    and return their paths in ``FILES`` order."""
    spec = IDX_SETS[dataset]
    names = [f"{name}.gz" for name in FILES]
    return fetch_registered(
        folder,
        base_url or spec.base_url,
        {name: f"md5:{spec.md5[name]}" if name in spec.md5 else None for name in names},
        "published MD5",
        "Either set mnist.base_url to a mirror of the four files, or put them "
        f"({', '.join(names)}, gzipped or not) in a folder and set mnist.dir to that folder.",
    )
