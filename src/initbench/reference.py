"""The post's published facts: the SHA-256 of its 100 images, and its costs and accuracies.

Plain Python: the workflow reads the image list while it parses, before any job runs.
"""

import csv
from importlib.resources import files


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


def published_costs() -> list[dict]:
    """``method, iteration, cost`` rows as printed by the post (cost after k iterations)."""
    rows = csv.DictReader(_data_text("blog-reference-costs.csv").splitlines())
    return [
        {"method": row["method"], "iteration": int(row["iteration"]), "cost": float(row["cost"])}
        for row in rows
    ]


def published_accuracy() -> list[dict]:
    """``method, train_accuracy_percent`` rows as printed by the post."""
    rows = csv.DictReader(_data_text("blog-reference-accuracy.csv").splitlines())
    return [
        {"method": row["method"], "train_accuracy_percent": float(row["train_accuracy_percent"])}
        for row in rows
    ]
