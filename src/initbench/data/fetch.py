"""Fetch the post's own 100 images from its public repository, each checked by SHA-256."""

import logging
import os
from pathlib import Path

import pooch

from initbench.data.post_images import post_names, post_registry
from initbench.storage import InputError


class DownloadError(InputError):
    """A file that could not be downloaded, or does not match its known hash."""


def without_retry_notices(record: logging.LogRecord) -> bool:
    """Leave out pooch's notice of each retry of a failed download: offline, they came before
    the one error that says what went wrong and what to do, as noise."""
    return not record.getMessage().startswith("Failed to download")


pooch.get_logger().addFilter(without_retry_notices)


def root_cause(error: BaseException) -> str:
    """The first exception in a chain (a socket error under two layers of HTTP library), in
    one short line: what actually went wrong."""
    while error.__cause__ or error.__context__:
        error = error.__cause__ or error.__context__
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "…"


def fetch_registered(
    folder: str | os.PathLike, base_url: str, registry: dict, checksum: str, ways_on: str
) -> list[Path]:
    """Download each file of ``registry`` (name -> pooch's known hash, or None) missing from
    ``folder`` or altered, from ``base_url``, and return their paths in its order. A file that
    does not match its ``checksum`` (the kind's name) or cannot be downloaded raises a
    ``DownloadError`` naming it, and, for the latter, ``ways_on``: what to set instead."""
    if not base_url.endswith("/"):
        base_url += "/"
    fetcher = pooch.create(path=folder, base_url=base_url, registry=registry, retry_if_failed=2)
    paths = []
    for name in registry:
        try:
            paths.append(Path(fetcher.fetch(name)))
        except ValueError as error:  # pooch's hash mismatch
            raise DownloadError(
                f"{name} from {base_url}{name} does not match its {checksum} ({error})"
            ) from error
        except Exception as error:
            raise DownloadError(
                f"could not download {base_url}{name}: {root_cause(error)}. This machine may "
                f"have no network, or the address may be unreachable. {ways_on}"
            ) from error
    return paths


def fetch_post_images(folder: str | os.PathLike, base_url: str) -> list[Path]:
    """Download any missing or altered image into ``folder`` and return all their paths."""
    registry = {name: f"sha256:{digest}" for name, digest in post_registry().items()}
    return fetch_registered(
        folder,
        base_url,
        {name: registry[name] for name in post_names()},
        "known SHA-256",
        "Either set blog_base_url to a mirror of the post's images, or put the 100 images in a "
        "folder and use dataset: folder with images_dir: that folder.",
    )
