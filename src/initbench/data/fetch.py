"""Fetch the post's own 100 images from its public repository, each checked by SHA-256."""

import os
from pathlib import Path

import pooch

from initbench.data.post_images import post_names, post_registry


class DownloadError(RuntimeError):
    """A post image that could not be fetched or does not match its known hash."""


def fetch_post_images(folder: str | os.PathLike, base_url: str) -> list[Path]:
    """Download any missing or altered image into ``folder`` and return all their paths."""
    if not base_url.endswith("/"):
        base_url += "/"
    fetcher = pooch.create(
        path=folder,
        base_url=base_url,
        registry={name: f"sha256:{digest}" for name, digest in post_registry().items()},
        retry_if_failed=2,
    )
    paths = []
    for name in post_names():
        try:
            paths.append(Path(fetcher.fetch(name)))
        except ValueError as error:  # pooch's hash mismatch
            raise DownloadError(
                f"{name} from {base_url}{name} does not match its known SHA-256 ({error})"
            ) from error
        except Exception as error:
            raise DownloadError(f"{name}: could not download {base_url}{name} ({error})") from error
    return paths
