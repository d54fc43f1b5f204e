"""The post's published facts: the SHA-256 of its 100 images, and its costs and accuracies."""

from importlib.resources import files
from io import StringIO

import pandas as pd


def _data_text(name: str) -> str:
    return files("initbench").joinpath(f"data/{name}").read_text()


def blog_registry() -> dict[str, str]:
    """File name -> SHA-256 of each of the post's images."""
    registry = {}
    for line in _data_text("blog-cats-dogs.sha256").splitlines():
        digest, name = line.split()
        registry[name.lstrip("*")] = digest
    return registry


def blog_names() -> list[str]:
    return sorted(blog_registry())


def is_post_dataset(image_hashes: list[str]) -> bool:
    """Whether the images are exactly the post's 100, judged by content, not by name."""
    return sorted(image_hashes) == sorted(blog_registry().values())


def published_costs() -> pd.DataFrame:
    """``method, iteration, cost`` as printed by the post (cost after k iterations)."""
    return pd.read_csv(StringIO(_data_text("blog-reference-costs.csv")))


def published_accuracy() -> pd.DataFrame:
    """``method, train_accuracy_percent`` as printed by the post."""
    return pd.read_csv(StringIO(_data_text("blog-reference-accuracy.csv")))
