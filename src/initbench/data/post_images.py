"""The post's 100 images: their file names and SHA-256, as its repository holds them.

Plain Python: the workflow reads the image list while it parses, before any job runs.
"""

from importlib.resources import files


def post_registry() -> dict[str, str]:
    """File name -> SHA-256 of each of the post's images."""
    registry = {}
    listing = files("initbench.data").joinpath("post-images.sha256").read_text()
    for line in filter(str.strip, listing.splitlines()):
        digest, name = line.split()
        registry[name.lstrip("*")] = digest
    return registry


def post_names() -> list[str]:
    return sorted(post_registry())


def is_post_dataset(image_hashes: list[str]) -> bool:
    """Whether the images are exactly the post's 100, judged by content, not by name."""
    return sorted(image_hashes) == sorted(post_registry().values())
