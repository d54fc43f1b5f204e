"""Fetch the post's own 100 images from its public repository, each checked by SHA-256."""

import os
from importlib.resources import files
from pathlib import Path

import pooch

BLOG_BASE_URL = (
    "https://raw.githubusercontent.com/ImadDabbura/blog-posts/"
    "5712df4bc19badb9ac0ec917351f4381956f5c85/data/"
)


class DownloadError(RuntimeError):
    """A post image that could not be fetched or does not match its known hash."""


def blog_registry() -> dict[str, str]:
    """File name -> SHA-256 of each of the post's images, as kept in the package."""
    text = files("initbench").joinpath("data/blog-cats-dogs.sha256").read_text()
    registry = {}
    for line in text.splitlines():
        digest, name = line.split()
        registry[name.lstrip("*")] = digest
    return registry


def blog_names() -> list[str]:
    return sorted(blog_registry())


def fetch_blog_images(folder: str | os.PathLike, base_url: str = BLOG_BASE_URL) -> list[Path]:
    """Download any missing or altered image into ``folder`` and return all their paths."""
    if not base_url.endswith("/"):
        base_url += "/"
    fetcher = pooch.create(
        path=folder,
        base_url=base_url,
        registry={name: f"sha256:{digest}" for name, digest in blog_registry().items()},
        retry_if_failed=2,
    )
    paths = []
    for name in blog_names():
        try:
            paths.append(Path(fetcher.fetch(name)))
        except ValueError as error:  # pooch's hash mismatch
            raise DownloadError(
                f"{name} from {base_url}{name} does not match its known SHA-256 ({error})"
            ) from error
        except Exception as error:
            raise DownloadError(f"{name}: could not download {base_url}{name} ({error})") from error
    return paths
