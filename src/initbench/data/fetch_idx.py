"""Download the four gzipped IDX files of MNIST or Fashion-MNIST.

pooch checks a download only where the ``.gz`` file's MD5 is published (Fashion-MNIST); MNIST's
are checked uncompressed when read (``idx.read_idx``), since mirrors re-compress them.
"""

import os
from pathlib import Path

import pooch

from initbench.data.fetch import DownloadError, root_cause
from initbench.data.idx import FILES, IDX_SETS


def fetch_idx_files(
    dataset: str, folder: str | os.PathLike, base_url: str | None = None
) -> list[Path]:
    """Download any of the four ``.gz`` files of ``dataset`` missing from ``folder`` (or, where
    a checksum is published, altered), from ``base_url`` (None: where the set is published),
    and return their paths in ``FILES`` order."""
    spec = IDX_SETS[dataset]
    base_url = base_url or spec.base_url
    if not base_url.endswith("/"):
        base_url += "/"
    names = [f"{name}.gz" for name in FILES]
    fetcher = pooch.create(
        path=folder,
        base_url=base_url,
        registry={name: f"md5:{spec.md5[name]}" if name in spec.md5 else None for name in names},
        retry_if_failed=2,
    )
    paths = []
    for name in names:
        try:
            paths.append(Path(fetcher.fetch(name)))
        except ValueError as error:  # pooch's hash mismatch
            raise DownloadError(
                f"{name} from {base_url}{name} does not match its published MD5 ({error})"
            ) from error
        except Exception as error:
            raise DownloadError(
                f"could not download {base_url}{name}: {root_cause(error)}. This machine may "
                "have no network, or the address may be unreachable. Either set mnist.base_url "
                f"to a mirror of the four files, or put them ({', '.join(names)}, gzipped or "
                "not) in a folder and set mnist.dir to that folder."
            ) from error
    return paths
